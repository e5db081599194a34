"""Writes for the roster: a member's role, removing them and restoring them, and importing a
class list."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from classroom.access import MANAGER, ensure_rule
from classroom.accounts.services import account_without_password
from classroom.groups.services import group_assign, group_create
from classroom.mailing import messages_send
from classroom.models import STAFF_ROLES, Course, Group, Membership, Role, User
from classroom.signals import staff_acted

from .class_list import ClassListPlan, ListedPerson, Outcome, PlannedPerson, class_list_check


def _ensure_another_instructor(membership: Membership) -> None:
    if membership.role != Role.INSTRUCTOR:
        return
    others = (
        Membership.objects.active()
        .filter(course=membership.course, role=Role.INSTRUCTOR)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(_("A course needs at least one instructor."))


def role_described(membership: Membership) -> str:
    """The member's role in words, saying whether a teaching assistant is still graded."""
    if membership.role == Role.TA and membership.graded_as_student:
        return _("Teaching assistant (graded as a student)")
    return membership.get_role_display()


@transaction.atomic
def membership_set_role(
    *, membership: Membership, role: str, actor, graded_as_student: bool | None = None
) -> Membership:
    """Give the member a role. `graded_as_student` says whether a teaching assistant's
    participation is still scored; left out, a graded member stays graded (a student made a
    TA keeps their grade). Students are always graded, instructors never."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if role != Role.INSTRUCTOR:
        _ensure_another_instructor(membership)
    before = role_described(membership)
    if graded_as_student is None:
        graded_as_student = membership.is_graded
    membership.role = role
    membership.graded_as_student = role == Role.TA and graded_as_student
    if role in STAFF_ROLES:
        # Staff see and speak to every group; a group would narrow a new TA's threads to it.
        membership.group = None
    membership.save(update_fields=["role", "graded_as_student", "group"])
    staff_acted(
        actor=actor,
        course=membership.course,
        kind="role_change",
        subject=membership.user,
        before=before,
        after=role_described(membership),
    )
    return membership


@transaction.atomic
def membership_set_student_number(
    *, membership: Membership, student_number: str, actor
) -> Membership:
    """The school's ID for this member, as the grades export gives it to a gradebook."""
    ensure_rule(MANAGER, actor, membership.course)
    field = Membership._meta.get_field("student_number")
    # As stored: a model form may already have put the typed value on this instance.
    before = Membership.objects.values_list("student_number", flat=True).get(pk=membership.pk)
    membership.student_number = field.clean(student_number.strip(), membership)
    if membership.student_number == before:
        return membership
    membership.save(update_fields=["student_number"])
    staff_acted(
        actor=actor,
        course=membership.course,
        kind="student_id_change",
        subject=membership.user,
        before=before,
        after=membership.student_number,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> Membership:
    """Take away access but keep the membership row and every word the person wrote."""
    _ensure_another_instructor(membership)
    membership.removed_at = timezone.now()
    membership.save(update_fields=["removed_at"])
    role = membership.get_role_display()
    staff_acted(
        actor=actor,
        course=membership.course,
        kind="member_remove",
        subject=membership.user,
        before=role,
    )
    return membership


@transaction.atomic
def membership_restore(*, membership: Membership, actor) -> Membership:
    membership.removed_at = None
    membership.save(update_fields=["removed_at"])
    role = membership.get_role_display()
    staff_acted(
        actor=actor,
        course=membership.course,
        kind="member_restore",
        subject=membership.user,
        after=role,
    )
    return membership


class ClassListNotImported(ValidationError):
    """Rows of the class list are wrong (now, if not at the preview); `plan` says which."""

    def __init__(self, plan: ClassListPlan):
        super().__init__(_("Nothing was imported: some rows need fixing."))
        self.plan = plan


@dataclass
class ClassListImported:
    added: int = 0
    changed: int = 0
    new_accounts_emailed: int = 0
    # Addresses the mail server did not take.
    not_emailed: list[str] = field(default_factory=list)


def _import_person(
    *, course: Course, actor, person: PlannedPerson, groups: dict[str, Group]
) -> None:
    group = groups.get(person.group)
    if person.outcome == Outcome.NEW_ACCOUNT:
        # Until they choose one with the link they are sent, no password lets them in.
        person.user = account_without_password(name=person.name, email=person.email)
        person.user.save()
    if person.outcome in (Outcome.NEW_ACCOUNT, Outcome.JOINS):
        person.membership = Membership.objects.create(
            user=person.user, course=course, role=person.role, group=group
        )
        return
    membership = person.membership
    if person.outcome == Outcome.RETURNS:
        membership_restore(membership=membership, actor=actor)
    if person.role != membership.role:
        membership_set_role(membership=membership, role=person.role, actor=actor)
    if group is not None and membership.group_id != group.pk:
        group_assign(membership=membership, group=group)


def class_list_import(*, course: Course, actor, people: list[ListedPerson]) -> ClassListImported:
    """Bring everyone listed into the course in one transaction, checked again as at the
    preview: accounts found by e-mail address or made, memberships made or restored, roles
    and groups set (role changes and restorations go to the course's audit log). Then each
    new person is e-mailed a link to choose a password, and each existing person who joined
    is told so. Any wrong row raises ClassListNotImported and nothing changes."""
    ensure_rule(MANAGER, actor, course)
    with transaction.atomic():
        # One import of a course at a time (a double-clicked Confirm): the second is checked
        # against what the first made, and finds nothing left to do.
        Course.objects.select_for_update().filter(pk=course.pk).first()
        plan = class_list_check(course=course, people=people)
        if plan.problems:
            raise ClassListNotImported(plan)
        groups = {group.name: group for group in course.groups.all()}
        groups |= {name: group_create(course=course, name=name) for name in plan.new_groups}
        # Instructors first, so a file that hands the course over never leaves it with none.
        for person in sorted(plan.people, key=lambda person: person.role != Role.INSTRUCTOR):
            _import_person(course=course, actor=actor, person=person, groups=groups)
    result = ClassListImported(
        added=sum(
            plan.count(outcome) for outcome in (Outcome.NEW_ACCOUNT, Outcome.JOINS, Outcome.RETURNS)
        ),
        changed=plan.count(Outcome.CHANGES),
    )
    welcomes = [
        _welcome_message(course=course, actor=actor, person=person)
        for person in plan.people
        if person.outcome in (Outcome.NEW_ACCOUNT, Outcome.JOINS, Outcome.RETURNS)
    ]
    result.not_emailed = [message.to[0] for message in messages_send(welcomes)]
    new_accounts = {person.email for person in plan.people if person.outcome == Outcome.NEW_ACCOUNT}
    result.new_accounts_emailed = len(new_accounts - set(result.not_emailed))
    return result


def _password_link(user: User) -> str:
    """Django's one-time password-reset link, which also sets a first password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def _welcome_message(*, course: Course, actor, person: PlannedPerson) -> EmailMessage:
    """A new account's link to choose a password (in the teacher's language: the person has
    chosen none), or word to an existing account that it was added (in its own language)."""
    new_account = person.outcome == Outcome.NEW_ACCOUNT
    language = person.user.language or translation.get_language()
    context = {
        "course": course.title,
        "teacher": actor.public_name,
        "role": person.role_label,
        "username": person.user.username,
        "course_link": f"{settings.SITE_URL}{course.get_absolute_url()}",
        "password_link": _password_link(person.user) if new_account else "",
        "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
        # Single sign-on, where the school has it, lets people in with their school account.
        "school_sign_in": bool(getattr(settings, "SSO_ISSUER", "")),
    }
    with translation.override(language):
        if new_account:
            subject = _("%(teacher)s added you to %(course)s on Colloquy") % context
            template = "classroom/roster/email/new_account.txt"
        else:
            subject = _("You were added to %(course)s on Colloquy") % context
            template = "classroom/roster/email/added.txt"
        body = render_to_string(template, context)
    # A name is one line of a header, whatever was typed into it.
    return EmailMessage(" ".join(subject.split()), body, to=[person.user.email])
