"""Assignments: a reading put into a course with instructions, dates and discussion settings."""
