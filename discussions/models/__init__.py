"""Every model of the discussions app, importable from `discussions.models` as Django expects."""

from .anchors import QUOTE_CONTEXT, QUOTE_MAX_LENGTH, Note, TextAnchor
from .audit import ModerationAction
from .comments import (
    DELETED_ACCOUNT,
    MAX_DEPTH,
    WRITER_PATHS,
    Comment,
    CommentQuerySet,
    CommentRevision,
    Kind,
    Prompt,
    Reaction,
    Status,
)
from .lms import GradeSend, GradeSendQuerySet
from .moderation import (
    Flag,
    FlagQuerySet,
    FlagReason,
    Suspension,
    SuspensionQuerySet,
    WatchedWord,
)
from .notices import Notice, NoticeQuerySet
from .participation import (
    NOT_NEGATIVE,
    WEIGHT_CAP,
    Criterion,
    ParticipationRubric,
    ScoreOverride,
)
from .posting_keys import PostingKey
from .pseudonyms import Pseudonym, PseudonymQuerySet

__all__ = [
    "DELETED_ACCOUNT",
    "MAX_DEPTH",
    "NOT_NEGATIVE",
    "QUOTE_CONTEXT",
    "QUOTE_MAX_LENGTH",
    "WEIGHT_CAP",
    "WRITER_PATHS",
    "Comment",
    "CommentQuerySet",
    "CommentRevision",
    "Criterion",
    "Flag",
    "FlagQuerySet",
    "FlagReason",
    "GradeSend",
    "GradeSendQuerySet",
    "Kind",
    "ModerationAction",
    "Note",
    "Notice",
    "NoticeQuerySet",
    "ParticipationRubric",
    "PostingKey",
    "Prompt",
    "Pseudonym",
    "PseudonymQuerySet",
    "Reaction",
    "ScoreOverride",
    "Status",
    "Suspension",
    "SuspensionQuerySet",
    "TextAnchor",
    "WatchedWord",
]
