"""Who may do what: named rules, each with its one refusal, that views declare with @access_rule.
Rules that need a course (classroom) or a comment (discussions) live in those apps' access.py."""

from dataclasses import dataclass
from functools import wraps
from typing import NoReturn

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .models import Reading, ReadingDraft


@dataclass(frozen=True)
class AccessRule:
    """Who may use a view: `name` for people reading code and tests, `refusal` (lazy, so each
    reader gets it in their language) for the 403 page when a person sees the thing but may
    not act on it. People who may not even see it get a 404 instead, from the loader."""

    name: str
    refusal: str


PUBLIC = AccessRule("public", "")
"""Anyone, signed in or not (sign-up, log-in, password reset). Never refuses."""

SIGNED_IN = AccessRule("signed in", _("Log in to do that."))
"""Anyone with an account. LoginRequiredMiddleware sends everyone else to log in."""

SITE_ADMIN = AccessRule("site admin", _("Only site administrators can do that."))
"""Site administrators (superusers). The decorator itself refuses everyone else with a 403."""

TEACHER = AccessRule("teacher", _("Only approved teachers can create courses and import readings."))
"""People who may teach (`user.can_teach`: anyone when TEACHING_SIGNUP is open, else approved
teachers, instructors of a course and site admins). The decorator answers everyone else with a
403 page saying how to become a teacher."""

OWNER = AccessRule("owner", _("Only the reading's owner can do that."))
"""A reading's owner or a site admin; a draft import only its owner. Others get a 404."""


def refuse(rule: AccessRule, **details) -> NoReturn:
    """The one place a rule becomes a 403 with the rule's message (filled in with `details`
    when the message has placeholders, like the opening date)."""
    if rule == PUBLIC:
        raise ValueError("The public rule never refuses anyone.")
    raise PermissionDenied(rule.refusal % details if details else rule.refusal)


def access_rule(rule: AccessRule):
    """Declare who may use a view: records `view.access_rule`, which the URL-walk test reads.

    PUBLIC also opts the view out of LoginRequiredMiddleware; SITE_ADMIN is checked here, since
    the user alone decides it. Other rules need the course or object, so the view's loader
    (e.g. `course_for(user, slug, MANAGER)`) applies them. Put it above `require_POST` and
    friends; below them works too, since their functools.wraps copies the attribute up.
    """

    def declare(view):
        if rule == SITE_ADMIN:
            view = _site_admins_only(view)
        if rule == TEACHER:
            view = _teachers_only(view)
        if rule == PUBLIC:
            view = login_not_required(view)
        view.access_rule = rule
        return view

    return declare


def _site_admins_only(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not getattr(request.user, "is_site_admin", False):
            refuse(SITE_ADMIN)
        return view(request, *args, **kwargs)

    return guarded


def may_teach(user) -> bool:
    return getattr(user, "can_teach", False)


def ensure_teacher(user) -> None:
    """A service's second line of defence: the TEACHER rule's refusal."""
    if not may_teach(user):
        refuse(TEACHER)


def _teachers_only(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not may_teach(request.user):
            context = {"refusal": TEACHER.refusal}
            return render(request, "articles/become_a_teacher.html", context, status=403)
        return view(request, *args, **kwargs)

    return guarded


def reading_for_owner(user, reading_id: int) -> Reading:
    reading = Reading.objects.filter(pk=reading_id).first()
    if reading is None or not owns_reading(user, reading):
        raise Http404("No such reading.")
    return reading


def owns_reading(user, reading: Reading) -> bool:
    return user.is_site_admin or reading.owner_id == user.pk


def draft_for_owner(user, draft_id: int) -> ReadingDraft:
    """An import in progress is private to the person importing it, site admins included."""
    draft = ReadingDraft.objects.filter(pk=draft_id, owner=user).first()
    if draft is None:
        raise Http404("No such draft.")
    return draft
