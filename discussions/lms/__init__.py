"""The LMS gradebook and module picker: participation scores sent over LTI Assignment and Grade
Services, and Deep Linking, where an instructor adds a Colloquy reading to an LMS module."""
