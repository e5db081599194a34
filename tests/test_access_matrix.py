"""Every URL for every role: the status each must get, derived from the access rule its view
declares, and checks that no URL is left out and no view goes without a rule."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST

from articles.access import (
    OWNER,
    PUBLIC,
    SIGNED_IN,
    SITE_ADMIN,
    TEACHER,
    AccessRule,
    access_rule,
    refuse,
)
from articles.models import Reading, ReadingDraft
from articles.services import reading_revise
from classroom.access import MANAGER, MEMBER, OPENED, STAFF, opening_date
from classroom.accounts.email_change import email_change_token
from classroom.assignments.services import assignment_create, assignment_update
from classroom.models import Assignment, Course, Group, Membership, Role, User
from classroom.roster.class_list import ListedPerson, class_list_sign
from discussions.access import AUTHOR
from discussions.audit.erasure import comment_erase
from discussions.models import (
    Comment,
    CommentRevision,
    Criterion,
    Flag,
    ModerationAction,
    Note,
    Notice,
    ParticipationRubric,
    Prompt,
    ScoreOverride,
    Status,
    Suspension,
    WatchedWord,
)
from discussions.moderation.decisions import comment_hide
from discussions.moderation.watched_words import watched_word_add
from discussions.notes.access import NOTE_AUTHOR
from discussions.notifications.unsubscribe import unsubscribe_token
from discussions.participation.rubric import rubric_update
from discussions.reading.services import (
    comment_create,
    comment_endorse_toggle,
    comment_withdraw,
    prompt_create,
)
from tests.factories import ReadingFactory, make_comment
from tests.fixtures import ROLES
from tests.routes import every_route

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"

# An expected status, or LOGIN: a redirect to the login page (never a redirect anywhere else).
LOGIN = "login"
MEMBER_ROLES = ("student", "ta", "instructor", "admin")


def signed_in(status) -> dict:
    return {"anonymous": LOGIN} | {role: status for role in ROLES if role != "anonymous"}


def everyone(status) -> dict:
    return dict.fromkeys(ROLES, status)


def members(status) -> dict:
    """Course content: people outside the course must not learn that it exists."""
    return {
        "anonymous": LOGIN,
        "outsider": 404,
        "other_student": 404,
        "other_ta": 404,
    } | dict.fromkeys(MEMBER_ROLES, status)


def managers(status) -> dict:
    """Instructor-only actions: members who may not do them are told so."""
    return members(status) | {"student": 403, "ta": 403}


def owner_or_admin(status) -> dict:
    """A teacher's own reading (here the instructor's): nobody else learns it exists."""
    return signed_in(404) | {"instructor": status, "admin": status}


def teachers(status) -> dict:
    """Creating courses and importing readings (TEACHING_SIGNUP=approved, as in production):
    the instructor teaches a course and the site admin may; nobody here is approved, so the
    TAs and students are told how to become a teacher."""
    return signed_in(403) | {"instructor": status, "admin": status}


def staff(status) -> dict:
    """Teaching actions: instructors, TAs and site admins; students are told no."""
    return members(status) | {"student": 403}


def authors(status) -> dict:
    """A comment the requesting member wrote: like any course content, people outside the
    course must not learn it exists. (On someone else's comment the rule refuses every member
    with a 403; those rows are written out.)"""
    return members(status)


def site_admin(status) -> dict:
    """Site-wide settings: only site admins; everyone else signed in is told no."""
    return signed_in(403) | {"admin": status}


def not_allowed() -> dict:
    """A method the view does not accept. Anonymous people are sent to log in first."""
    return signed_in(405)


# What each access rule means for each role, given the status a permitted request gets.
EXPECTED_BY_RULE = {
    PUBLIC.name: everyone,
    SIGNED_IN.name: signed_in,
    MEMBER.name: members,
    STAFF.name: staff,
    MANAGER.name: managers,
    OWNER.name: owner_or_admin,
    AUTHOR.name: authors,
    NOTE_AUTHOR.name: authors,
    SITE_ADMIN.name: site_admin,
    TEACHER.name: teachers,
}


@dataclass(frozen=True)
class Row:
    """One URL and method. `expect` is the status a permitted request gets (200 or 302), and
    the view's declared rule says who is permitted; `except_for` names the roles for which the
    answer depends on more than the rule. A dict `expect` is written out by hand: 405 rows
    (require_POST and friends answer those) and rows where the rule permits none of the roles
    (someone else's comment or notice)."""

    name: str
    method: str
    expect: int | dict
    url: Callable
    data: Callable = field(default=lambda classroom, user: {})
    htmx: bool = False
    label: str = ""
    except_for: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        label = f"[{self.label}]" if self.label else ""
        return f"{self.name}{label}-{self.method}"

    def expected(self) -> dict:
        if isinstance(self.expect, dict):
            return self.expect | self.except_for
        rule = routed_views()[self.name].access_rule
        return EXPECTED_BY_RULE[rule.name](self.expect) | self.except_for


# --- URL builders: each gets the classroom and the requesting user (None when anonymous) ---


def fixed(name, *args):
    return lambda classroom, user: reverse(name, args=args)


def course_url(name):
    return lambda classroom, user: reverse(name, args=[classroom.course.slug])


def membership_url(name, whose="classmate"):
    def build(classroom, user):
        membership = Membership.objects.get(user=getattr(classroom, whose), course=classroom.course)
        if name.endswith("restore"):
            Membership.objects.filter(pk=membership.pk).update(removed_at=timezone.now())
        return reverse(name, args=[classroom.course.slug, membership.pk])

    return build


def group_url(name):
    """A group in the course, made for the request (so deleting it is safe to repeat)."""

    def build(classroom, user):
        group, _ = Group.objects.get_or_create(course=classroom.course, name="Harbour")
        return reverse(name, args=[classroom.course.slug, group.pk])

    return build


def group_choice(classroom, user):
    group, _ = Group.objects.get_or_create(course=classroom.course, name="Harbour")
    return {"group": group.pk}


def assignment_settings(classroom, user):
    return {
        "reading": classroom.assignment.reading_id,
        "instructions": "Read the second half again.",
        "due_at": "2026-09-08T17:00",
        "anonymous": "on",
    }


def assignment_url(name):
    return lambda classroom, user: reverse(
        name, args=[classroom.course.slug, classroom.assignment.pk]
    )


def course_download_url(name, file_format):
    return lambda classroom, user: reverse(name, args=[classroom.course.slug, file_format])


def assignment_download_url(file_format):
    return lambda classroom, user: reverse(
        "discussions:assignment_discussion_export",
        args=[classroom.course.slug, classroom.assignment.pk, file_format],
    )


def reading_version_url(which):
    """The reading as it stood in version 1, once an edit has made a second ("earlier"), or
    the version that is still current ("current")."""

    def build(classroom, user):
        reading = classroom.assignment.reading
        reading.refresh_from_db()
        if which == "earlier" and reading.current_version.number == 1:
            texts = [paragraph.text for paragraph in classroom.paragraphs]
            reading_revise(reading=reading, paragraphs=[*texts, "Added."], editor=reading.owner)
            # Rows that build their addresses afterwards (a walk of every page) name the
            # paragraphs that are current now, as a person following links would.
            reading.refresh_from_db()
            classroom.paragraphs[:] = list(reading.current_paragraphs())[: len(texts)]
        number = 1 if which == "earlier" else reading.current_version.number
        return reverse(
            "discussions:reading_version",
            args=[classroom.course.slug, classroom.assignment.pk, number],
        )

    return build


def paragraph_url(name):
    return lambda classroom, user: reverse(
        name, args=[classroom.course.slug, classroom.assignment.pk, classroom.paragraphs[1].pk]
    )


def others_comment_url(name):
    return lambda classroom, user: reverse(name, args=[classroom.comment.pk])


def own_comment_url(name):
    """A comment the requesting user wrote (outsiders included, so 404 must come from access)."""

    def build(classroom, user):
        if user is None:
            return reverse(name, args=[classroom.comment.pk])
        comment = make_comment(author=user, assignment=classroom.assignment, body="Mine.")
        return reverse(name, args=[comment.pk])

    return build


def instructors_reading_url(name):
    def build(classroom, user):
        reading = ReadingFactory(owner=classroom.instructor)
        return reverse(name, args=[reading.pk])

    return build


def instructors_draft(name):
    """The URL `name` of a fresh import in progress, owned by the instructor."""

    def url(classroom, user):
        draft = ReadingDraft.objects.create(
            owner=classroom.instructor,
            title="Imported",
            # A line break inside: the preview marks it and offers "Split here" there.
            blocks=[{"text": "One.\nTwo.", "included": True, "reason": ""}],
        )
        return reverse(name, args=[draft.pk])

    return url


instructors_draft_url = instructors_draft("articles:draft")


def reset_confirm_url(classroom, user):
    student = classroom.student
    uid = urlsafe_base64_encode(force_bytes(student.pk))
    return reverse(
        "password_reset_confirm", args=[uid, default_token_generator.make_token(student)]
    )


def unsubscribe_url(classroom, user):
    """The one-click link in the student's daily e-mail: the token, not a login, authorises it."""
    return reverse("discussions:unsubscribe", args=[unsubscribe_token(classroom.student)])


def prompt_url(name):
    def build(classroom, user):
        prompt = Prompt.objects.create(
            assignment=classroom.assignment,
            paragraph=classroom.paragraphs[1],
            author=classroom.instructor,
            body="What is the claim here?",
            body_html="<p>What is the claim here?</p>",
        )
        return reverse(name, args=[prompt.pk])

    return build


def student_record_url(whose):
    """A student's participation record: the requesting student's own, or a classmate's."""
    return lambda classroom, user: reverse(
        "discussions:participation_student",
        args=[classroom.course.slug, classroom.assignment.pk, getattr(classroom, whose).pk],
    )


def rubric_form(classroom, user):
    weights_and_caps = {
        f"{criterion}_{part}": "1" for criterion in Criterion.values for part in ("weight", "cap")
    }
    return {"points_possible": "10", "min_words": "20"} | weights_and_caps


def score_override_url(name):
    """The classmate's score set by hand (made first, so clearing it has something to clear)."""

    def build(classroom, user):
        ScoreOverride.objects.update_or_create(
            assignment=classroom.assignment,
            student=classroom.classmate,
            defaults={"score": 5, "reason": "Led the discussion in class."},
        )
        return reverse(
            name, args=[classroom.course.slug, classroom.assignment.pk, classroom.classmate.pk]
        )

    return build


def watched_word_url(name):
    def build(classroom, user):
        entry = WatchedWord.objects.create(
            course=classroom.course, phrase="drivel", created_by=classroom.instructor
        )
        return reverse(name, args=[classroom.course.slug, entry.pk])

    return build


def site_watched_word_url(classroom, user):
    entry = WatchedWord.objects.create(course=None, phrase="spam", created_by=classroom.admin)
    return reverse("discussions:site_watched_word_remove", args=[entry.pk])


def moderated_comment_url(name, status):
    """A classmate's comment in the given state (pending ones only staff and the author see)."""

    def build(classroom, user):
        comment = make_comment(author=classroom.classmate, assignment=classroom.assignment)
        Comment.objects.filter(pk=comment.pk).update(status=status, moderation_reason="Checking.")
        return reverse(name, args=[comment.pk])

    return build


def flagged_comment_url(name):
    def build(classroom, user):
        Flag.objects.create(comment=classroom.comment, flagger=classroom.student, reason="spam")
        return reverse(name, args=[classroom.comment.pk])

    return build


def updates_url(classroom, user):
    """A paragraph's discussion polled with a cursor from long ago: the fixture's comment is
    news to every member (where its paragraph now stands, should the reading have changed)."""
    paragraph = classroom.comment.paragraph
    paragraph = next(
        (p for p in classroom.paragraphs if p.position == paragraph.position), paragraph
    )
    return reverse(
        "discussions:discussion_updates",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
        query={"after": "1"},
    )


def notice_url(whose, name="discussions:notice_read"):
    """A notice for the requesting user ("own"), or for the classmate ("someone else's")."""

    def build(classroom, user):
        owner = classroom.classmate if whose == "other" or user is None else user
        if owner == user and whose == "other":
            owner = classroom.student
        notice = Notice.objects.create(
            user=owner, text="Ben replied to your comment.", url=classroom.course.get_absolute_url()
        )
        return reverse(name, args=[notice.pk])

    return build


def note_url(whose, name="discussions:note"):
    """A private note by the requesting user ("own", outsiders included, so 404 must come from
    access), or by the student for anyone else ("someone else's")."""

    def build(classroom, user):
        author = classroom.student if whose == "other" or user is None else user
        if author == user and whose == "other":
            author = classroom.classmate
        note = Note.objects.create(
            assignment=classroom.assignment,
            paragraph=classroom.paragraphs[1],
            author=author,
            body="My own thought.",
            body_html="<p>My own thought.</p>",
        )
        return reverse(name, args=[note.pk])

    return build


def note_body(classroom, user):
    return {"quote": "Paragraph 1", "body": "Look at this again."}


def suspension_new_url(classroom, user):
    membership = Membership.objects.get(user=classroom.classmate, course=classroom.course)
    url = reverse("discussions:suspension_new", args=[classroom.course.slug])
    return f"{url}?member={membership.pk}"


def suspension_lift_url(classroom, user):
    suspension = Suspension.objects.create(
        course=classroom.course,
        user=classroom.classmate,
        reason="Cooling off.",
        ends_at=timezone.now() + timezone.timedelta(days=2),
        created_by=classroom.instructor,
    )
    return reverse("discussions:suspension_lift", args=[classroom.course.slug, suspension.pk])


# --- POST bodies ---


def watched_word_form(classroom, user):
    return {"phrase": "nonsense", "whole_word": "on", "action": "review"}


def comment_body(classroom, user):
    return {"body": "A point about this paragraph."}


def join_code(classroom, user):
    return {"join_code": classroom.course.join_code}


def own_reading(classroom, user):
    owner = user or classroom.instructor
    return {"reading": ReadingFactory(owner=owner).pk, "instructions": "Read closely."}


def new_email(classroom, user):
    return {"email": f"new-{user.pk if user else 0}@example.org"}


def email_change_link(classroom, user):
    """A link to confirm a new address for the person asking (a student's when signed out)."""
    token = email_change_token(user or classroom.student, "changed@example.org")
    return reverse("email_change_confirm", args=[token])


def class_list_file(classroom, user):
    return {
        "class_list": SimpleUploadedFile(
            "class.csv", b"name,email\nAmara Okafor,amara@example.org\n", content_type="text/csv"
        )
    }


def class_list_signed(classroom, user):
    """What a preview of that file carries to the confirm button."""
    people = [
        ListedPerson(row=2, name="Amara Okafor", email="amara@example.org", role="", group="")
    ]
    return {"class_list": class_list_sign(course=classroom.course, people=people)}


def new_password(classroom, user):
    return {
        "old_password": PASSWORD,
        "new_password1": "a different long passphrase 7",
        "new_password2": "a different long passphrase 7",
    }


def signup_form(classroom, user):
    password = "tangerine kettle orbit 93"
    return {
        "username": "newperson",
        "display_name": "New Person",
        "email": "new@example.com",
        "password1": password,
        "password2": password,
    }


def lti_launch_url(name):
    """A page after an LTI launch, for a launch this session never made: nobody learns of it."""
    return lambda classroom, user: reverse(name, args=["not-a-launch"])


MATRIX = [
    # Accounts: the public pages answer everyone; the rest need a login.
    # Signed-in people are sent home from sign-up: the view decides that, not the rule.
    Row("signup", "get", signed_in(302) | {"anonymous": 200}, fixed("signup")),
    Row("signup", "post", 302, fixed("signup"), signup_form),
    Row("login", "get", 200, fixed("login")),
    Row(
        "login",
        "post",
        302,
        fixed("login"),
        lambda classroom, user: {"username": classroom.student.username, "password": PASSWORD},
    ),
    Row("logout", "get", not_allowed(), fixed("logout")),
    Row("logout", "post", 302, fixed("logout")),
    Row("account_settings", "get", 200, fixed("account_settings")),
    Row(
        "account_settings",
        "post",
        302,
        fixed("account_settings"),
        lambda classroom, user: {"display_name": "Reader", "language": "es"},
    ),
    Row("email_change", "get", 200, fixed("email_change")),
    Row("email_change", "post", 302, fixed("email_change"), new_email),
    Row("email_change_confirm", "get", 200, email_change_link),
    Row("email_change_confirm", "post", 302, email_change_link),
    # School sign-in is off unless SSO_ISSUER is set (it is not here): its addresses do not
    # exist for anyone. classroom/sso/tests drives them with it on, against a real issuer.
    Row("sso:start", "get", 404, fixed("sso:start")),
    Row("sso:start", "post", 404, fixed("sso:start")),
    Row("sso:callback", "get", 404, fixed("sso:callback")),
    Row("sso:callback", "post", 404, fixed("sso:callback")),
    Row("sso:link", "get", 404, fixed("sso:link")),
    Row("sso:link", "post", 404, fixed("sso:link")),
    Row("account_delete", "get", 200, fixed("account_delete")),
    # A wrong password: every signed-in person reaches the form and nothing is deleted.
    Row(
        "account_delete",
        "post",
        422,
        fixed("account_delete"),
        lambda classroom, user: {"password": "not the password"},
        label="wrong-password",
    ),
    Row("password_change", "get", 200, fixed("password_change")),
    Row("password_change", "post", 302, fixed("password_change"), new_password),
    Row("password_change_done", "get", 200, fixed("password_change_done")),
    Row("password_change_done", "post", not_allowed(), fixed("password_change_done")),
    Row("password_reset", "get", 200, fixed("password_reset")),
    Row(
        "password_reset",
        "post",
        302,
        fixed("password_reset"),
        lambda classroom, user: {"email": classroom.student.email},
    ),
    Row("password_reset_done", "get", 200, fixed("password_reset_done")),
    Row("password_reset_done", "post", everyone(405), fixed("password_reset_done")),
    Row("password_reset_confirm", "get", 302, reset_confirm_url),
    Row("password_reset_confirm", "post", 302, reset_confirm_url),
    Row("password_reset_complete", "get", 200, fixed("password_reset_complete")),
    Row("password_reset_complete", "post", everyone(405), fixed("password_reset_complete")),
    # LTI: the LMS posts the login and the launch cross-site; refused launches are 4xx pages.
    Row("lti:login", "get", 400, fixed("lti:login"), label="no platform"),
    Row("lti:login", "post", 400, fixed("lti:login"), label="no platform"),
    Row("lti:own-tab", "get", everyone(400), fixed("lti:own-tab", "not-a-signed-link")),
    Row("lti:own-tab", "post", everyone(405), fixed("lti:own-tab", "not-a-signed-link")),
    Row("lti:launch", "get", everyone(405), fixed("lti:launch")),
    Row("lti:launch", "post", 400, fixed("lti:launch"), label="no state"),
    Row("lti:launch-verify", "get", everyone(405), fixed("lti:launch-verify")),
    Row("lti:launch-verify", "post", 400, fixed("lti:launch-verify"), label="no state"),
    Row("lti:course-setup", "get", signed_in(404), lti_launch_url("lti:course-setup")),
    Row("lti:course-setup", "post", signed_in(404), lti_launch_url("lti:course-setup")),
    Row("lti:account-connect", "get", not_allowed(), lti_launch_url("lti:account-connect")),
    Row("lti:account-connect", "post", signed_in(404), lti_launch_url("lti:account-connect")),
    Row("lti:assignment-choice", "get", signed_in(404), lti_launch_url("lti:assignment-choice")),
    Row("lti:assignment-choice", "post", signed_in(404), lti_launch_url("lti:assignment-choice")),
    # Courses and joining.
    Row("classroom:home", "get", 200, fixed("classroom:home")),
    Row("classroom:home", "post", not_allowed(), fixed("classroom:home")),
    Row("classroom:course_new", "get", 200, fixed("classroom:course_new")),
    Row(
        "classroom:course_new",
        "post",
        302,
        fixed("classroom:course_new"),
        lambda classroom, user: {"title": "Seminar in Close Reading", "time_zone": "Asia/Tokyo"},
    ),
    Row("classroom:join", "get", 200, fixed("classroom:join")),
    Row("classroom:join", "post", 302, fixed("classroom:join"), join_code),
    Row(
        "classroom:join_link",
        "get",
        200,
        lambda classroom, user: classroom.course.join_url,
    ),
    # The invitation names the course to anyone; joining needs an account.
    Row(
        "classroom:join_link",
        "post",
        302,
        lambda classroom, user: classroom.course.join_url,
        except_for={"anonymous": LOGIN},
    ),
    Row("classroom:course", "get", 200, course_url("classroom:course")),
    Row("classroom:course", "post", not_allowed(), course_url("classroom:course")),
    Row("classroom:roster", "get", 200, course_url("classroom:roster")),
    Row("classroom:roster", "post", not_allowed(), course_url("classroom:roster")),
    # The classroom's course is not linked to an LMS: there is no roster to read.
    Row("classroom:roster_lms_sync", "get", not_allowed(), course_url("classroom:roster_lms_sync")),
    Row("classroom:roster_lms_sync", "post", 409, course_url("classroom:roster_lms_sync")),
    Row("classroom:roster_export", "get", 200, course_url("classroom:roster_export")),
    Row("classroom:roster_export", "post", not_allowed(), course_url("classroom:roster_export")),
    Row("classroom:class_list_upload", "get", 200, course_url("classroom:class_list_upload")),
    Row(
        "classroom:class_list_upload",
        "post",
        200,
        course_url("classroom:class_list_upload"),
        class_list_file,
    ),
    Row(
        "classroom:class_list_confirm",
        "get",
        not_allowed(),
        course_url("classroom:class_list_confirm"),
    ),
    Row(
        "classroom:class_list_confirm",
        "post",
        302,
        course_url("classroom:class_list_confirm"),
        class_list_signed,
    ),
    Row("classroom:course_invite", "get", 200, course_url("classroom:course_invite")),
    Row(
        "classroom:course_invite",
        "post",
        302,
        course_url("classroom:course_invite"),
        lambda classroom, user: {"addresses": "invitee@example.org"},
    ),
    Row(
        "classroom:join_code_rotate",
        "get",
        not_allowed(),
        course_url("classroom:join_code_rotate"),
    ),
    Row(
        "classroom:join_code_rotate",
        "post",
        302,
        course_url("classroom:join_code_rotate"),
    ),
    Row(
        "classroom:membership_role",
        "get",
        not_allowed(),
        membership_url("classroom:membership_role"),
    ),
    Row(
        "classroom:membership_role",
        "post",
        302,
        membership_url("classroom:membership_role"),
        lambda classroom, user: {"role": "ta"},
    ),
    Row(
        "classroom:membership_student_number",
        "get",
        not_allowed(),
        membership_url("classroom:membership_student_number"),
    ),
    Row(
        "classroom:membership_student_number",
        "post",
        302,
        membership_url("classroom:membership_student_number"),
        lambda classroom, user: {"student_number": "S-1024"},
    ),
    Row(
        "classroom:membership_remove",
        "get",
        not_allowed(),
        membership_url("classroom:membership_remove"),
    ),
    Row(
        "classroom:membership_remove",
        "post",
        302,
        membership_url("classroom:membership_remove"),
    ),
    Row(
        "classroom:membership_restore",
        "get",
        not_allowed(),
        membership_url("classroom:membership_restore"),
    ),
    Row(
        "classroom:membership_restore",
        "post",
        302,
        membership_url("classroom:membership_restore"),
    ),
    Row("classroom:assignment_new", "get", 200, course_url("classroom:assignment_new")),
    Row(
        "classroom:assignment_new",
        "post",
        302,
        course_url("classroom:assignment_new"),
        own_reading,
    ),
    Row(
        "classroom:assignment_edit",
        "get",
        200,
        assignment_url("classroom:assignment_edit"),
    ),
    Row(
        "classroom:assignment_edit",
        "post",
        302,
        assignment_url("classroom:assignment_edit"),
        assignment_settings,
    ),
    Row("classroom:course_settings", "get", 200, course_url("classroom:course_settings")),
    Row(
        "classroom:course_settings",
        "post",
        302,
        course_url("classroom:course_settings"),
        lambda classroom, user: {"title": "Reading Closely", "time_zone": "America/New_York"},
    ),
    # Groups: instructors and teaching assistants run them.
    Row("classroom:groups", "get", 200, course_url("classroom:groups")),
    Row("classroom:groups", "post", not_allowed(), course_url("classroom:groups")),
    Row("classroom:group_create", "get", not_allowed(), course_url("classroom:group_create")),
    Row(
        "classroom:group_create",
        "post",
        302,
        course_url("classroom:group_create"),
        lambda classroom, user: {"name": "Lighthouse"},
    ),
    Row("classroom:groups_split", "get", not_allowed(), course_url("classroom:groups_split")),
    Row(
        "classroom:groups_split",
        "post",
        302,
        course_url("classroom:groups_split"),
        lambda classroom, user: {"size": "2"},
    ),
    Row("classroom:group_rename", "get", not_allowed(), group_url("classroom:group_rename")),
    Row(
        "classroom:group_rename",
        "post",
        302,
        group_url("classroom:group_rename"),
        lambda classroom, user: {"name": "Estuary"},
    ),
    Row("classroom:group_delete", "get", not_allowed(), group_url("classroom:group_delete")),
    Row("classroom:group_delete", "post", 302, group_url("classroom:group_delete")),
    Row("classroom:group_assign", "get", not_allowed(), membership_url("classroom:group_assign")),
    Row(
        "classroom:group_assign",
        "post",
        302,
        membership_url("classroom:group_assign"),
        group_choice,
    ),
    # Readings belong to the teacher who made them.
    Row("articles:list", "get", 200, fixed("articles:list")),
    # The teacher rule is checked before the method: people who may not teach hear that first.
    Row("articles:list", "post", teachers(405), fixed("articles:list")),
    Row("articles:new", "get", 200, fixed("articles:new")),
    Row(
        "articles:new",
        "post",
        302,
        fixed("articles:new"),
        lambda classroom, user: {"title": "On Margins", "text": "One.\n\nTwo."},
    ),
    Row("articles:import", "get", 200, fixed("articles:import")),
    Row(
        "articles:import",
        "post",
        302,
        fixed("articles:import"),
        lambda classroom, user: {"text": "On Margins\n\nOne paragraph.\n\nAnother one."},
    ),
    Row("articles:detail", "get", 200, instructors_reading_url("articles:detail")),
    Row("articles:detail", "post", not_allowed(), instructors_reading_url("articles:detail")),
    Row("articles:edit", "get", 200, instructors_reading_url("articles:edit")),
    Row(
        "articles:edit",
        "post",
        302,
        instructors_reading_url("articles:edit"),
        lambda classroom, user: {"title": "On Margins, revised", "text": "One.\n\nTwo."},
    ),
    # An import in progress is private to the person importing it, site admins included.
    Row("articles:draft", "get", 200, instructors_draft_url, except_for={"admin": 404}),
    Row(
        "articles:draft",
        "post",
        302,
        instructors_draft_url,
        lambda classroom, user: {
            "title": "Imported",
            "language": "en",
            "direction": "ltr",
            "text-0": "One.",
            "include-0": "on",
            "action": "update",
        },
        except_for={"admin": 404},
    ),
    # "Split here" at a line break the preview offers, with a plain post and with htmx.
    *[
        Row(
            "articles:draft",
            "post",
            200 if htmx else 302,
            instructors_draft_url,
            lambda classroom, user: {
                "title": "Imported",
                "language": "en",
                "direction": "ltr",
                "text-0": "One.\nTwo.",
                "include-0": "on",
                "action": "split-at:0:5",
            },
            htmx=htmx,
            label="split here, htmx" if htmx else "split here",
            except_for={"admin": 404},
        )
        for htmx in (False, True)
    ],
    # Throwing away an import in progress asks first, on a page of its own.
    Row(
        "articles:draft_discard",
        "get",
        200,
        instructors_draft("articles:draft_discard"),
        except_for={"admin": 404},
    ),
    Row(
        "articles:draft_discard",
        "post",
        302,
        instructors_draft("articles:draft_discard"),
        except_for={"admin": 404},
    ),
    # The reading page and its discussions.
    Row("discussions:reading", "get", 200, assignment_url("discussions:reading")),
    Row("discussions:reading", "post", not_allowed(), assignment_url("discussions:reading")),
    # An earlier version of the reading, read-only, as annotation exports name it; the
    # current version is the reading page.
    Row("discussions:reading_version", "get", 200, reading_version_url("earlier")),
    Row(
        "discussions:reading_version",
        "get",
        302,
        reading_version_url("current"),
        label="current version",
    ),
    Row("discussions:reading_version", "post", not_allowed(), reading_version_url("earlier")),
    Row(
        "discussions:paragraph_discussion",
        "get",
        200,
        paragraph_url("discussions:paragraph_discussion"),
        htmx=True,
    ),
    Row(
        "discussions:paragraph_discussion",
        "get",
        302,
        paragraph_url("discussions:paragraph_discussion"),
        label="without htmx",
    ),
    Row(
        "discussions:paragraph_discussion",
        "post",
        not_allowed(),
        paragraph_url("discussions:paragraph_discussion"),
    ),
    # Show more: htmx appends the next threads; by hand the address opens the reading there.
    Row(
        "discussions:paragraph_threads",
        "get",
        200,
        paragraph_url("discussions:paragraph_threads"),
        htmx=True,
    ),
    Row(
        "discussions:paragraph_threads",
        "get",
        302,
        paragraph_url("discussions:paragraph_threads"),
        label="without htmx",
    ),
    Row(
        "discussions:paragraph_threads",
        "post",
        not_allowed(),
        paragraph_url("discussions:paragraph_threads"),
    ),
    # Live updates: only the page's script polls; by hand the address opens the discussion.
    Row("discussions:discussion_updates", "get", 200, updates_url, htmx=True),
    Row(
        "discussions:discussion_updates",
        "get",
        302,
        updates_url,
        label="without htmx",
    ),
    Row("discussions:discussion_updates", "post", not_allowed(), updates_url),
    Row(
        "discussions:thread_create",
        "get",
        not_allowed(),
        paragraph_url("discussions:thread_create"),
    ),
    Row(
        "discussions:thread_create",
        "post",
        302,
        paragraph_url("discussions:thread_create"),
        comment_body,
    ),
    Row(
        "discussions:comment",
        "get",
        200,
        others_comment_url("discussions:comment"),
        htmx=True,
    ),
    Row(
        "discussions:comment",
        "get",
        302,
        others_comment_url("discussions:comment"),
        label="without htmx",
    ),
    Row("discussions:comment", "post", not_allowed(), others_comment_url("discussions:comment")),
    Row(
        "discussions:comment_reply",
        "get",
        200,
        others_comment_url("discussions:comment_reply"),
    ),
    Row(
        "discussions:comment_reply",
        "post",
        302,
        others_comment_url("discussions:comment_reply"),
        comment_body,
    ),
    Row(
        "discussions:comment_edit",
        "get",
        members(403),
        others_comment_url("discussions:comment_edit"),
        label="someone else's",
    ),
    Row(
        "discussions:comment_edit",
        "post",
        members(403),
        others_comment_url("discussions:comment_edit"),
        comment_body,
        label="someone else's",
    ),
    Row(
        "discussions:comment_edit",
        "get",
        200,
        own_comment_url("discussions:comment_edit"),
        label="own",
    ),
    Row(
        "discussions:comment_edit",
        "post",
        302,
        own_comment_url("discussions:comment_edit"),
        comment_body,
        label="own",
    ),
    Row(
        "discussions:comment_withdraw",
        "get",
        members(403),
        others_comment_url("discussions:comment_withdraw"),
        label="someone else's",
    ),
    Row(
        "discussions:comment_withdraw",
        "post",
        members(403),
        others_comment_url("discussions:comment_withdraw"),
        label="someone else's",
    ),
    Row(
        "discussions:comment_withdraw",
        "get",
        200,
        own_comment_url("discussions:comment_withdraw"),
        label="own",
    ),
    Row(
        "discussions:comment_withdraw",
        "post",
        302,
        own_comment_url("discussions:comment_withdraw"),
        label="own",
    ),
    # Prompts, reactions and endorsements.
    Row("discussions:prompt_new", "get", 200, assignment_url("discussions:prompt_new")),
    Row(
        "discussions:prompt_new",
        "post",
        302,
        assignment_url("discussions:prompt_new"),
        lambda classroom, user: {"body": "Which sentence carries the argument?"},
    ),
    Row("discussions:prompt_edit", "get", 200, prompt_url("discussions:prompt_edit")),
    Row(
        "discussions:prompt_edit",
        "post",
        302,
        prompt_url("discussions:prompt_edit"),
        lambda classroom, user: {"body": "Which claim carries the argument?"},
    ),
    Row("discussions:prompt_withdraw", "get", 200, prompt_url("discussions:prompt_withdraw")),
    Row("discussions:prompt_withdraw", "post", 302, prompt_url("discussions:prompt_withdraw")),
    Row("discussions:prompt_answer", "get", not_allowed(), prompt_url("discussions:prompt_answer")),
    Row(
        "discussions:prompt_answer",
        "post",
        302,
        prompt_url("discussions:prompt_answer"),
        comment_body,
    ),
    Row(
        "discussions:comment_helpful",
        "get",
        not_allowed(),
        others_comment_url("discussions:comment_helpful"),
    ),
    Row(
        "discussions:comment_helpful",
        "post",
        302,
        others_comment_url("discussions:comment_helpful"),
    ),
    Row(
        "discussions:comment_endorse",
        "get",
        not_allowed(),
        others_comment_url("discussions:comment_endorse"),
    ),
    Row(
        "discussions:comment_endorse",
        "post",
        302,
        others_comment_url("discussions:comment_endorse"),
    ),
    # Participation and grading: staff see the class; a student sees only their own record.
    Row(
        "discussions:participation",
        "get",
        200,
        assignment_url("discussions:participation"),
    ),
    Row(
        "discussions:participation",
        "post",
        not_allowed(),
        assignment_url("discussions:participation"),
    ),
    Row(
        "discussions:participation_csv",
        "get",
        200,
        assignment_url("discussions:participation_csv"),
    ),
    Row(
        "discussions:participation_csv",
        "post",
        not_allowed(),
        assignment_url("discussions:participation_csv"),
    ),
    Row(
        "discussions:participation_rubric",
        "get",
        200,
        assignment_url("discussions:participation_rubric"),
    ),
    Row(
        "discussions:participation_rubric",
        "post",
        302,
        assignment_url("discussions:participation_rubric"),
        rubric_form,
    ),
    Row(
        "discussions:participation_student",
        "get",
        200,
        student_record_url("student"),
        label="the student's own",
    ),
    Row(
        "discussions:participation_student",
        "get",
        200,
        student_record_url("classmate"),
        label="a classmate's",
        except_for={"student": 404},
    ),
    Row(
        "discussions:participation_student",
        "post",
        not_allowed(),
        student_record_url("student"),
    ),
    Row(
        "discussions:participation_override",
        "get",
        not_allowed(),
        score_override_url("discussions:participation_override"),
    ),
    Row(
        "discussions:participation_override",
        "post",
        302,
        score_override_url("discussions:participation_override"),
        lambda classroom, user: {"score": "7", "reason": "Presented the reading to the class."},
    ),
    Row(
        "discussions:participation_override_clear",
        "get",
        not_allowed(),
        score_override_url("discussions:participation_override_clear"),
    ),
    Row(
        "discussions:participation_override_clear",
        "post",
        302,
        score_override_url("discussions:participation_override_clear"),
    ),
    Row("discussions:gradebook", "get", 200, course_url("discussions:gradebook")),
    Row("discussions:gradebook", "post", not_allowed(), course_url("discussions:gradebook")),
    Row("discussions:gradebook_export", "get", 200, course_url("discussions:gradebook_export")),
    Row(
        "discussions:gradebook_export",
        "post",
        not_allowed(),
        course_url("discussions:gradebook_export"),
    ),
    # Open exports: staff download the discussion, every member their own comments.
    Row("discussions:downloads", "get", 200, course_url("discussions:downloads")),
    Row("discussions:downloads", "post", not_allowed(), course_url("discussions:downloads")),
    *(
        row
        for file_format in ("csv", "jsonld")
        for row in (
            Row(
                "discussions:course_discussion_export",
                "get",
                200,
                course_download_url("discussions:course_discussion_export", file_format),
                label=file_format,
            ),
            Row(
                "discussions:course_discussion_export",
                "post",
                not_allowed(),
                course_download_url("discussions:course_discussion_export", file_format),
                label=file_format,
            ),
            Row(
                "discussions:own_comments_export",
                "get",
                200,
                course_download_url("discussions:own_comments_export", file_format),
                label=file_format,
            ),
            Row(
                "discussions:own_comments_export",
                "post",
                not_allowed(),
                course_download_url("discussions:own_comments_export", file_format),
                label=file_format,
            ),
            Row(
                "discussions:assignment_discussion_export",
                "get",
                200,
                assignment_download_url(file_format),
                label=file_format,
            ),
            Row(
                "discussions:assignment_discussion_export",
                "post",
                not_allowed(),
                assignment_download_url(file_format),
                label=file_format,
            ),
        )
    ),
    # The Web Annotation Protocol container is read-only: writes are not allowed for anyone.
    Row(
        "discussions:annotation_container",
        "get",
        200,
        assignment_url("discussions:annotation_container"),
    ),
    Row(
        "discussions:annotation_container",
        "post",
        not_allowed(),
        assignment_url("discussions:annotation_container"),
    ),
    # What went to the LMS gradebook. The matrix's assignment is in no LMS: sending is refused.
    Row("lms:grades", "get", 200, assignment_url("lms:grades")),
    Row("lms:grades", "post", not_allowed(), assignment_url("lms:grades")),
    Row("lms:grades_send", "get", not_allowed(), assignment_url("lms:grades_send")),
    Row("lms:grades_send", "post", 409, assignment_url("lms:grades_send")),
    # Deep Linking needs this browser's own launch from the LMS: nobody here made one.
    Row("lms:deep-linking", "get", signed_in(404), fixed("lms:deep-linking", "no-such-launch")),
    Row("lms:deep-linking", "post", signed_in(404), fixed("lms:deep-linking", "no-such-launch")),
    Row("discussions:activity", "get", 200, assignment_url("discussions:activity")),
    Row("discussions:activity", "post", not_allowed(), assignment_url("discussions:activity")),
    # Course search: what each member may see; a query too long for the box is refused.
    Row("discussions:search", "get", 200, course_url("discussions:search")),
    Row(
        "discussions:search",
        "get",
        200,
        lambda classroom, user: (
            reverse("discussions:search", args=[classroom.course.slug])
            + "?q=thoughts&type=comments"
        ),
        label="query",
    ),
    Row(
        "discussions:search",
        "get",
        400,
        lambda classroom, user: (
            reverse("discussions:search", args=[classroom.course.slug]) + "?q=" + "x" * 2000
        ),
        label="too-long",
    ),
    Row("discussions:search", "post", not_allowed(), course_url("discussions:search")),
    # The record (read-only pages) and the watched-word lists.
    Row("discussions:audit", "get", 200, course_url("discussions:audit")),
    Row("discussions:audit", "post", not_allowed(), course_url("discussions:audit")),
    Row("discussions:audit_csv", "get", 200, course_url("discussions:audit_csv")),
    Row("discussions:audit_csv", "post", not_allowed(), course_url("discussions:audit_csv")),
    Row(
        "discussions:comment_history",
        "get",
        200,
        others_comment_url("discussions:comment_history"),
        label="someone else's",
    ),
    Row(
        "discussions:comment_history",
        "get",
        200,
        own_comment_url("discussions:comment_history"),
        label="own",
        except_for={"student": 200},
    ),
    Row(
        "discussions:comment_history",
        "post",
        not_allowed(),
        others_comment_url("discussions:comment_history"),
    ),
    Row("discussions:watched_words", "get", 200, course_url("discussions:watched_words")),
    Row(
        "discussions:watched_words",
        "post",
        not_allowed(),
        course_url("discussions:watched_words"),
    ),
    Row(
        "discussions:watched_word_add",
        "get",
        not_allowed(),
        course_url("discussions:watched_word_add"),
    ),
    Row(
        "discussions:watched_word_add",
        "post",
        302,
        course_url("discussions:watched_word_add"),
        watched_word_form,
    ),
    Row(
        "discussions:watched_word_remove",
        "get",
        not_allowed(),
        watched_word_url("discussions:watched_word_remove"),
    ),
    Row(
        "discussions:watched_word_remove",
        "post",
        302,
        watched_word_url("discussions:watched_word_remove"),
    ),
    Row(
        "discussions:site_watched_words",
        "get",
        200,
        fixed("discussions:site_watched_words"),
    ),
    Row(
        "discussions:site_watched_words",
        "post",
        302,
        fixed("discussions:site_watched_words"),
        watched_word_form,
    ),
    Row(
        "discussions:site_watched_word_remove",
        "get",
        not_allowed(),
        site_watched_word_url,
    ),
    Row("discussions:site_watched_word_remove", "post", 302, site_watched_word_url),
    # Moderation: members flag; staff of the course decide; a TA elsewhere sees nothing.
    Row(
        "discussions:comment_flag",
        "get",
        200,
        others_comment_url("discussions:comment_flag"),
    ),
    Row(
        "discussions:comment_flag",
        "post",
        302,
        others_comment_url("discussions:comment_flag"),
        lambda classroom, user: {"reason": "off_topic"},
    ),
    Row(
        "discussions:comment_approve",
        "get",
        not_allowed(),
        moderated_comment_url("discussions:comment_approve", Status.HIDDEN),
    ),
    Row(
        "discussions:comment_approve",
        "post",
        302,
        moderated_comment_url("discussions:comment_approve", Status.HIDDEN),
        label="hidden",
    ),
    Row(
        "discussions:comment_approve",
        "post",
        302,
        moderated_comment_url("discussions:comment_approve", Status.PENDING),
        label="pending, unseen by classmates",
        except_for={"student": 404},
    ),
    Row(
        "discussions:comment_hide",
        "get",
        200,
        others_comment_url("discussions:comment_hide"),
    ),
    Row(
        "discussions:comment_hide",
        "get",
        200,
        others_comment_url("discussions:comment_hide"),
        htmx=True,
    ),
    Row(
        "discussions:comment_hide",
        "post",
        302,
        others_comment_url("discussions:comment_hide"),
        lambda classroom, user: {"reason": "Off-topic."},
    ),
    Row(
        "discussions:flags_dismiss",
        "get",
        not_allowed(),
        flagged_comment_url("discussions:flags_dismiss"),
    ),
    Row(
        "discussions:flags_dismiss",
        "post",
        302,
        flagged_comment_url("discussions:flags_dismiss"),
    ),
    Row(
        "discussions:thread_lock",
        "get",
        not_allowed(),
        others_comment_url("discussions:thread_lock"),
    ),
    Row("discussions:thread_lock", "post", 302, others_comment_url("discussions:thread_lock")),
    Row(
        "discussions:comment_pin",
        "get",
        not_allowed(),
        others_comment_url("discussions:comment_pin"),
    ),
    Row("discussions:comment_pin", "post", 302, others_comment_url("discussions:comment_pin")),
    Row(
        "discussions:moderation_queue",
        "get",
        200,
        course_url("discussions:moderation_queue"),
    ),
    Row(
        "discussions:moderation_queue",
        "post",
        not_allowed(),
        course_url("discussions:moderation_queue"),
    ),
    Row(
        "discussions:moderation_queue_all",
        "get",
        200,
        fixed("discussions:moderation_queue_all"),
    ),
    Row(
        "discussions:moderation_queue_all",
        "post",
        not_allowed(),
        fixed("discussions:moderation_queue_all"),
    ),
    Row("discussions:suspension_new", "get", 200, suspension_new_url),
    Row(
        "discussions:suspension_new",
        "post",
        302,
        suspension_new_url,
        lambda classroom, user: {"days": "2", "reason": "Cooling off."},
    ),
    Row("discussions:suspension_lift", "get", not_allowed(), suspension_lift_url),
    Row("discussions:suspension_lift", "post", 302, suspension_lift_url),
    # Private notes: their author's alone; anyone else, staff and site admins included, gets 404.
    Row("discussions:note_new", "get", not_allowed(), paragraph_url("discussions:note_new")),
    Row("discussions:note_new", "post", 302, paragraph_url("discussions:note_new"), note_body),
    Row(
        "discussions:note_new",
        "post",
        201,
        paragraph_url("discussions:note_new"),
        note_body,
        htmx=True,
    ),
    Row("discussions:my_notes", "get", 200, assignment_url("discussions:my_notes")),
    Row("discussions:my_notes", "post", not_allowed(), assignment_url("discussions:my_notes")),
    Row(
        "discussions:my_notes_markdown",
        "get",
        200,
        assignment_url("discussions:my_notes_markdown"),
    ),
    Row(
        "discussions:my_notes_markdown",
        "post",
        not_allowed(),
        assignment_url("discussions:my_notes_markdown"),
    ),
    Row("discussions:my_notes_csv", "get", 200, assignment_url("discussions:my_notes_csv")),
    Row(
        "discussions:my_notes_csv",
        "post",
        not_allowed(),
        assignment_url("discussions:my_notes_csv"),
    ),
    Row("discussions:note", "get", 302, note_url("own"), label="own"),
    Row("discussions:note", "get", 200, note_url("own"), htmx=True),
    Row("discussions:note", "get", signed_in(404), note_url("other"), label="someone else's"),
    Row("discussions:note", "post", not_allowed(), note_url("own")),
    Row("discussions:note_edit", "get", 200, note_url("own", "discussions:note_edit"), label="own"),
    Row(
        "discussions:note_edit",
        "post",
        302,
        note_url("own", "discussions:note_edit"),
        note_body,
        label="own",
    ),
    Row(
        "discussions:note_edit",
        "get",
        signed_in(404),
        note_url("other", "discussions:note_edit"),
        label="someone else's",
    ),
    Row(
        "discussions:note_edit",
        "post",
        signed_in(404),
        note_url("other", "discussions:note_edit"),
        note_body,
        label="someone else's",
    ),
    Row(
        "discussions:note_delete",
        "get",
        200,
        note_url("own", "discussions:note_delete"),
        label="own",
    ),
    Row(
        "discussions:note_delete",
        "post",
        302,
        note_url("own", "discussions:note_delete"),
        label="own",
    ),
    Row(
        "discussions:note_delete",
        "get",
        signed_in(404),
        note_url("other", "discussions:note_delete"),
        label="someone else's",
    ),
    Row(
        "discussions:note_delete",
        "post",
        signed_in(404),
        note_url("other", "discussions:note_delete"),
        label="someone else's",
    ),
    Row("discussions:my_data", "get", 200, fixed("discussions:my_data")),
    Row("discussions:unsubscribe", "get", 200, unsubscribe_url),
    Row("discussions:unsubscribe", "post", 200, unsubscribe_url),
    Row("discussions:my_data", "post", not_allowed(), fixed("discussions:my_data")),
    Row("discussions:notices", "get", 200, fixed("discussions:notices")),
    Row("discussions:notices", "post", not_allowed(), fixed("discussions:notices")),
    Row("discussions:notices_read", "get", not_allowed(), fixed("discussions:notices_read")),
    Row("discussions:notices_read", "post", 302, fixed("discussions:notices_read")),
    Row("discussions:notice_read", "get", not_allowed(), notice_url("own")),
    Row("discussions:notice_read", "post", 302, notice_url("own"), label="own"),
    Row("discussions:notice_read", "post", 200, notice_url("own"), htmx=True),
    Row(
        "discussions:notice_read",
        "post",
        signed_in(404),
        notice_url("other"),
        label="someone else's",
    ),
    Row(
        "discussions:notice_open",
        "get",
        not_allowed(),
        notice_url("own", "discussions:notice_open"),
    ),
    Row(
        "discussions:notice_open",
        "post",
        302,
        notice_url("own", "discussions:notice_open"),
        label="own",
    ),
    Row(
        "discussions:notice_open",
        "post",
        signed_in(404),
        notice_url("other", "discussions:notice_open"),
        label="someone else's",
    ),
    # LTI: what platforms read and call, open to anyone (platforms and LMS frames have no login).
    Row("lti:jwks", "get", 200, fixed("lti:jwks")),
    Row("lti:jwks", "post", everyone(405), fixed("lti:jwks")),
    Row("lti:canvas-config", "get", 200, fixed("lti:canvas-config")),
    Row("lti:canvas-config", "post", everyone(405), fixed("lti:canvas-config")),
    # Registration starts from an LMS: without its parameters every visitor is told so.
    Row("lti:register", "get", everyone(400), fixed("lti:register")),
    Row("lti:register", "post", everyone(400), fixed("lti:register")),
]

CASES = [(row, role) for row in MATRIX for role in ROLES]


def database_state() -> dict:
    """Everything a refused request must leave exactly as it was."""
    return {
        "users": sorted(
            User.objects.values_list(
                "pk", "username", "password", "display_name", "language", "email_digest"
            )
        ),
        "courses": sorted(Course.objects.values_list("pk", "join_code", "title", "time_zone")),
        "memberships": sorted(
            Membership.objects.values_list("pk", "role", "removed_at", "group_id")
        ),
        "groups": sorted(Group.objects.values_list("pk", "name")),
        "readings": sorted(Reading.objects.values_list("pk", flat=True)),
        "assignments": sorted(
            Assignment.objects.values_list(
                "pk", "reading_id", "instructions", "due_at", "anonymous"
            )
        ),
        "comments": sorted(Comment.objects.values_list("pk", "status", "body")),
        "revisions": CommentRevision.objects.count(),
        "moderation": ModerationAction.objects.count(),
        "rubrics": sorted(ParticipationRubric.objects.values_list("pk", "points_possible")),
        "watched_words": sorted(WatchedWord.objects.values_list("pk", "course_id", "phrase")),
        "flags": sorted(Flag.objects.values_list("pk", "resolved_at")),
        "comment_moderation": sorted(
            Comment.objects.values_list("pk", "moderation_reason", "pinned", "thread_locked")
        ),
        "suspensions": sorted(Suspension.objects.values_list("pk", "lifted_at")),
        "notices": sorted(Notice.objects.values_list("pk", "read_at")),
    }


@pytest.mark.parametrize(("row", "role"), CASES, ids=[f"{row.id}-{role}" for row, role in CASES])
def test_access(row, role, classroom, client_for):
    user = classroom.user(role)
    client = client_for(user)
    url = row.url(classroom, user)
    data = row.data(classroom, user)
    before = database_state()
    headers = {"HX-Request": "true"} if row.htmx else {}

    response = getattr(client, row.method)(url, data, headers=headers)

    expected = row.expected()[role]
    to_login = response.get("Location", "").startswith(reverse("login") + "?next=")
    if expected == LOGIN:
        assert response.status_code == 302, response.content[:300]
        assert to_login
    else:
        assert response.status_code == expected, response.content[:300]
        assert not to_login, "sent to log in"
    if response.status_code in (403, 404, 405) or expected == LOGIN:
        assert database_state() == before, "a refused request changed data"


@functools.cache
def routed_views() -> dict:
    return {name: pattern.callback for name, _route, pattern in every_route()}


def views_without_a_rule(*, leave_out: str = "") -> list[str]:
    return sorted(
        name
        for name, view in routed_views().items()
        if not isinstance(getattr(view, "access_rule", None), AccessRule)
        and not (leave_out and name.startswith(leave_out))
    )


def test_every_routed_view_declares_an_access_rule():
    missing = views_without_a_rule()
    assert not missing, f"Views with no @access_rule: {missing}"


def test_every_account_classroom_and_articles_view_declares_an_access_rule():
    missing = views_without_a_rule(leave_out="discussions:")
    assert not missing, f"Views with no @access_rule: {missing}"


def test_every_url_pattern_is_in_the_matrix():
    in_matrix = {(row.name, row.method) for row in MATRIX}
    urls = set(routed_views())
    missing = sorted(
        f"{name} {method.upper()}"
        for name in urls
        for method in ("get", "post")
        if (name, method) not in in_matrix
    )
    assert not missing, f"URLs with no access rule in the matrix: {missing}"
    stale = sorted({name for name, _ in in_matrix} - urls)
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"


# Removed members keep their rows but lose every page of the course.
REMOVED_MEMBER_URLS = [
    ("classroom:course", "get", course_url("classroom:course")),
    ("discussions:reading", "get", assignment_url("discussions:reading")),
    (
        "discussions:paragraph_discussion",
        "get",
        paragraph_url("discussions:paragraph_discussion"),
    ),
    ("discussions:thread_create", "post", paragraph_url("discussions:thread_create")),
    ("discussions:comment", "get", others_comment_url("discussions:comment")),
    ("discussions:comment_reply", "get", others_comment_url("discussions:comment_reply")),
    ("discussions:comment_reply", "post", others_comment_url("discussions:comment_reply")),
    ("discussions:participation", "get", assignment_url("discussions:participation")),
    ("discussions:participation_student", "get", student_record_url("student")),
    ("discussions:moderation_queue", "get", course_url("discussions:moderation_queue")),
    ("discussions:comment_flag", "get", others_comment_url("discussions:comment_flag")),
    ("discussions:audit", "get", course_url("discussions:audit")),
    ("discussions:comment_history", "get", others_comment_url("discussions:comment_history")),
    (
        "discussions:own_comments_export",
        "get",
        course_download_url("discussions:own_comments_export", "csv"),
    ),
    (
        "discussions:annotation_container",
        "get",
        assignment_url("discussions:annotation_container"),
    ),
]


@pytest.mark.parametrize(
    ("method", "url"),
    [(method, url) for _, method, url in REMOVED_MEMBER_URLS],
    ids=[f"{name}-{method}" for name, method, _ in REMOVED_MEMBER_URLS],
)
@pytest.mark.parametrize("role", ["student", "ta", "instructor"])
def test_removed_members_get_404(method, url, role, classroom, client_for):
    user = classroom.user(role)
    Membership.objects.filter(user=user, course=classroom.course).update(removed_at=timezone.now())
    before = database_state()
    client = client_for(user)
    for headers in ({}, {"HX-Request": "true"}):
        response = getattr(client, method)(
            url(classroom, user), comment_body(classroom, user), headers=headers
        )
        assert response.status_code == 404
    assert database_state() == before


def test_removed_member_cannot_touch_their_own_comments(classroom, client_for):
    own = make_comment(author=classroom.student, assignment=classroom.assignment, body="Mine.")
    Membership.objects.filter(user=classroom.student, course=classroom.course).update(
        removed_at=timezone.now()
    )
    client = client_for(classroom.student)
    before = database_state()
    for url in (
        reverse("discussions:comment_edit", args=[own.pk]),
        reverse("discussions:comment_withdraw", args=[own.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "Changed."}).status_code == 404
    assert database_state() == before


@pytest.mark.parametrize(
    "name",
    [
        "classroom:roster",
        "classroom:assignment_new",
        "classroom:course_settings",
        "classroom:groups",
        "discussions:moderation_queue",
        "discussions:audit",
        "discussions:watched_words",
    ],
)
def test_removed_instructor_gets_404_on_instructor_pages(name, classroom, client_for):
    Membership.objects.filter(user=classroom.ta, course=classroom.course).update(
        role=Role.INSTRUCTOR
    )
    Membership.objects.filter(user=classroom.instructor, course=classroom.course).update(
        removed_at=timezone.now()
    )
    client = client_for(classroom.instructor)
    assert client.get(reverse(name, args=[classroom.course.slug])).status_code == 404


# --- The framework itself: where the rule sits, what the decorator enforces, one message ---


def a_view():
    """A fresh view each time: the decorators mark the function they are given."""

    def view(request, *args, **kwargs):
        return HttpResponse("ok")

    return view


def test_the_declared_rule_sits_on_the_routed_view():
    assert resolve(reverse("classroom:roster", args=["any"])).func.access_rule is MANAGER
    assert resolve(reverse("classroom:join_code_rotate", args=["any"])).func.access_rule is MANAGER
    assert resolve(reverse("articles:detail", args=[1])).func.access_rule is OWNER
    assert resolve(reverse("login")).func.access_rule is PUBLIC
    assert resolve(reverse("logout")).func.access_rule is SIGNED_IN


def test_the_rule_survives_either_order_with_the_method_decorators():
    assert access_rule(STAFF)(require_POST(a_view())).access_rule is STAFF
    assert require_POST(access_rule(STAFF)(a_view())).access_rule is STAFF


def test_a_public_view_is_let_past_the_login_requirement():
    assert access_rule(PUBLIC)(a_view()).login_required is False
    assert getattr(access_rule(SIGNED_IN)(a_view()), "login_required", True) is True


def test_the_site_admin_rule_is_enforced_by_the_declaration(classroom):
    view = require_POST(access_rule(SITE_ADMIN)(a_view()))
    request = RequestFactory().post("/")
    for role in ("outsider", "student", "ta", "instructor"):
        request.user = classroom.user(role)
        with pytest.raises(PermissionDenied) as refused:
            view(request)
        assert str(refused.value) == str(SITE_ADMIN.refusal)
    request.user = classroom.admin
    assert view(request).status_code == 200


def test_refusing_gives_the_rules_one_message():
    with pytest.raises(PermissionDenied) as refused:
        refuse(MANAGER)
    assert str(refused.value) == "Only the course's instructors can do that."
    with pytest.raises(PermissionDenied) as refused:
        refuse(OPENED, date="Monday 7 September, 09:00")
    assert str(refused.value) == "This reading opens on Monday 7 September, 09:00."
    with pytest.raises(ValueError):
        refuse(PUBLIC)


def test_each_rule_has_its_own_name_and_refusal():
    rules = [
        PUBLIC,
        SIGNED_IN,
        SITE_ADMIN,
        TEACHER,
        OWNER,
        MEMBER,
        STAFF,
        MANAGER,
        OPENED,
        AUTHOR,
        NOTE_AUTHOR,
    ]
    assert len({rule.name for rule in rules}) == len(rules)
    assert len({str(rule.refusal) for rule in rules}) == len(rules)


def test_a_refused_page_shows_the_rules_message(classroom, client_for):
    response = client_for(classroom.student).get(
        reverse("classroom:roster", args=[classroom.course.slug])
    )
    assert response.status_code == 403
    assert str(MANAGER.refusal) in response.content.decode().replace("&#x27;", "'")


# --- Services repeat the view's rule as a second line of defence ---


def test_assigning_and_editing_an_assignment_need_a_manager(classroom):
    reading = ReadingFactory(owner=classroom.ta)
    with pytest.raises(PermissionDenied) as refused:
        assignment_create(course=classroom.course, reading=reading, created_by=classroom.ta)
    assert str(refused.value) == str(MANAGER.refusal)
    assignment = classroom.assignment
    settings = {
        name: getattr(assignment, name)
        for name in (
            "reading",
            "instructions",
            "opens_at",
            "due_at",
            "locks_at",
            "post_first",
            "hide_counts_before_posting",
            "anonymous",
            "group_discussions",
            "premoderate",
            "slow_mode_seconds",
        )
    }
    with pytest.raises(PermissionDenied) as refused:
        assignment_update(assignment=assignment, editor=classroom.student, **settings)
    assert str(refused.value) == str(MANAGER.refusal)


def test_revising_a_reading_needs_its_owner(classroom):
    reading = classroom.assignment.reading
    with pytest.raises(PermissionDenied) as refused:
        reading_revise(reading=reading, paragraphs=["Changed."], editor=classroom.instructor)
    assert str(refused.value) == str(OWNER.refusal)
    assert [p.text for p in reading.current_paragraphs()] == [p.text for p in classroom.paragraphs]


def test_discussions_services_refuse_with_the_views_rules(classroom):
    """Each service refuses with the rule its view declares, in the rule's words."""
    assignment, comment = classroom.assignment, classroom.comment
    refusals = [
        (
            STAFF,
            lambda: prompt_create(assignment=assignment, author=classroom.student, body="Why?"),
        ),
        (STAFF, lambda: comment_endorse_toggle(comment=comment, moderator=classroom.student)),
        (STAFF, lambda: rubric_update(assignment=assignment, editor=classroom.student, values={})),
        (STAFF, lambda: comment_hide(comment=comment, moderator=classroom.student, reason="No.")),
        (AUTHOR, lambda: comment_withdraw(comment=comment, author=classroom.student)),
        (
            MANAGER,
            lambda: watched_word_add(
                course=classroom.course,
                phrase="drivel",
                whole_word=True,
                action=WatchedWord.Action.BLOCK,
                added_by=classroom.ta,
            ),
        ),
        (
            SITE_ADMIN,
            lambda: watched_word_add(
                course=None,
                phrase="drivel",
                whole_word=True,
                action=WatchedWord.Action.BLOCK,
                added_by=classroom.instructor,
            ),
        ),
        (
            SITE_ADMIN,
            lambda: comment_erase(comment=comment, admin=classroom.instructor, reason="Asked."),
        ),
    ]
    for rule, act in refusals:
        with pytest.raises(PermissionDenied) as refused:
            act()
        assert str(refused.value) == str(rule.refusal), rule.name


def test_posting_before_the_opening_is_refused_with_the_opening_date(classroom):
    assignment = classroom.assignment
    Assignment.objects.filter(pk=assignment.pk).update(
        opens_at=timezone.now() + timezone.timedelta(days=3)
    )
    assignment.refresh_from_db()
    with pytest.raises(PermissionDenied) as refused:
        comment_create(
            author=classroom.student,
            assignment=assignment,
            paragraph=classroom.paragraphs[0],
            body="Early.",
        )
    assert str(refused.value) == OPENED.refusal % {"date": opening_date(assignment)}
