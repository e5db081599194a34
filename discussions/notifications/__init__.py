"""Notices: replies, mentions, new assignments and moderators' decisions, the daily e-mail."""

from .tasks import assignment_announce_when_open

__all__ = ["assignment_announce_when_open"]
