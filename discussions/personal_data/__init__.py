"""A person's own data: downloading everything they wrote and every notice they got."""
