"""Courses: making one, its page and settings, joining by code or link, rotating the code."""
