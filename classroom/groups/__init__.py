"""Groups inside a course: naming them, putting students in them, splitting at random."""
