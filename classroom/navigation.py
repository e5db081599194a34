"""Where to send someone back to after a form. The check lives in articles, the lowest layer,
so the reading import can carry a course's address through its preview too."""

from articles.navigation import safe_next_url

__all__ = ["safe_next_url"]
