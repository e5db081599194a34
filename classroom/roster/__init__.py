"""The roster: who is in a course, their roles, removing and restoring members."""
