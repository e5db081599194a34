"""The zip a person downloads of their own data: everything they wrote, every notice they got
and their profile, as JSON for machines and HTML for people. Only their own words: no
classmate's name, pseudonym or text, and no moderator's note about anyone else."""

import io
import json
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone

from classroom.models import Membership, User
from discussions.models import Comment, CommentRevision, Note, Notice, Prompt, Pseudonym

# A sane bound on what one request builds in memory; the JSON says when it stopped there.
MAX_COMMENTS = 20_000
EXCERPT_LENGTH = 200


def _time(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(user: User) -> dict:
    comments = list(
        Comment.objects.filter(author=user)
        .select_related("assignment__course", "assignment__reading", "paragraph", "prompt")
        .order_by("created_at", "pk")[: MAX_COMMENTS + 1]
    )
    truncated = len(comments) > MAX_COMMENTS
    comments = comments[:MAX_COMMENTS]
    revisions = _revisions_by_comment(comments)
    return {
        "exported_at": _time(timezone.now()),
        "truncated": truncated,
        "profile": _profile(user),
        "comments": [_comment(comment, revisions.get(comment.pk, [])) for comment in comments],
        "prompts": _prompts(user),
        "notes": _notes(user),
        "notices": _notices(user),
    }


def _revisions_by_comment(comments: list[Comment]) -> dict[int, list[dict]]:
    revisions: dict[int, list[dict]] = {}
    for revision in CommentRevision.objects.filter(comment__in=comments).order_by(
        "created_at", "pk"
    ):
        revisions.setdefault(revision.comment_id, []).append(
            {
                "body": revision.body,
                "outcome": revision.outcome or "replaced",
                "created_at": _time(revision.created_at),
            }
        )
    return revisions


def _profile(user: User) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "language": user.language,
        "daily_email": user.email_digest,
        "joined": _time(user.date_joined),
        "courses": [
            {
                "course": membership.course.title,
                "role": membership.role,
                "joined_at": _time(membership.joined_at),
                "left_at": _time(membership.removed_at),
            }
            for membership in Membership.objects.filter(user=user)
            .select_related("course")
            .order_by("joined_at", "pk")
        ],
        # Only one's own pseudonyms: who else goes by which name is not theirs to know.
        "pseudonyms": [
            {
                "course": pseudonym.assignment.course.title,
                "reading": pseudonym.assignment.reading.title,
                "name": pseudonym.name,
            }
            for pseudonym in Pseudonym.objects.filter(user=user).select_related(
                "assignment__course", "assignment__reading"
            )
        ],
    }


def _prompts(user: User) -> list[dict]:
    return [
        {
            "id": prompt.pk,
            "course": prompt.assignment.course.title,
            "reading": prompt.assignment.reading.title,
            "body": prompt.body,
            "created_at": _time(prompt.created_at),
        }
        for prompt in Prompt.objects.filter(author=user).select_related(
            "assignment__course", "assignment__reading"
        )
    ]


def _notes(user: User) -> list[dict]:
    """Private notes: nobody but their author ever sees them, here included."""
    return [
        {
            "id": note.pk,
            "course": note.assignment.course.title,
            "assignment": note.assignment_id,
            "reading": note.assignment.reading.title,
            "paragraph": note.paragraph.number,
            "quote": note.quote,
            "body": note.body,
            "created_at": _time(note.created_at),
            "changed_at": _time(note.updated_at),
        }
        for note in Note.objects.filter(author=user)
        .select_related("assignment__course", "assignment__reading", "paragraph")
        .order_by("created_at", "pk")
    ]


def _notices(user: User) -> list[dict]:
    return [
        {
            "kind": notice.kind,
            "text": notice.text,
            "url": notice.url,
            "created_at": _time(notice.created_at),
            "read_at": _time(notice.read_at),
        }
        for notice in Notice.objects.for_user(user)
    ]


def _comment(comment: Comment, revisions: list[dict]) -> dict:
    assignment = comment.assignment
    paragraph = comment.paragraph
    return {
        "id": comment.pk,
        "course": assignment.course.title,
        "assignment": assignment.pk,
        "reading": assignment.reading.title,
        "paragraph": paragraph.number if paragraph else None,
        "paragraph_excerpt": paragraph.text[:EXCERPT_LENGTH] if paragraph else "",
        "prompt": comment.prompt.body if comment.prompt else "",
        "in_reply_to": comment.parent_id,
        "body": comment.body,
        "edit_waiting_for_review": comment.pending_body,
        "status": comment.status,
        # Shown to the author on the page already: why their own comment was held or hidden.
        "moderation_reason": comment.moderation_reason,
        "created_at": _time(comment.created_at),
        "edited_at": _time(comment.edited_at),
        "revisions": revisions,
    }


def archive_filename(user: User) -> str:
    return f"colloquy-{user.username}-{timezone.localdate().isoformat()}.zip"


def personal_data_archive(user: User) -> bytes:
    data = personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr(
            "my-data.html",
            render_to_string("discussions/personal_data/my_data.html", {"data": data}),
        )
    return buffer.getvalue()
