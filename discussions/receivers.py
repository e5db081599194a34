"""How discussions answers what classroom sends and asks, and the pieces it adds to classroom's
pages; connected in DiscussionsConfig.ready()."""

import functools

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template import Template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles.page_parts import register_part
from articles.signals import reading_revised
from classroom import contributions
from classroom.models import Assignment, Membership, Role
from classroom.signals import account_deleting, assignment_saved, staff_action
from classroom.templatetags.course_tools import tool_links
from discussions.annotations.reader_link import own_downloads_link
from discussions.audit.trail import record
from discussions.models import Comment, ModerationAction, WatchedWord
from discussions.moderation.watched_words import watched_words_changed
from discussions.notifications import assignment_announce_when_open
from discussions.personal_data.account_deletion import comments_of_deleted_account
from discussions.pseudonyms import pseudonyms_give_everyone, pseudonyms_give_student
from discussions.reading import live
from discussions.reanchoring.services import quotes_reanchor
from discussions.search.box import course_search_box
from discussions.templatetags.moderation_tags import review_queue_link


@receiver(assignment_saved, dispatch_uid="discussions.announce_assignment")
def announce_assignment(*, assignment, created: bool, opening_moved: bool, **kwargs) -> None:
    # The course hears about it when it opens: now, or later from the worker.
    if created or opening_moved:
        assignment_announce_when_open(assignment)


@receiver(staff_action, dispatch_uid="discussions.audit_staff_action")
def audit_staff_action(*, actor, course, kind: str, subject, before: str, after: str, **kwargs):
    """Classroom's staff actions (roles, removals, join codes, settings) in the audit log."""
    record(
        course=course,
        actor=actor,
        kind=ModerationAction.Kind(kind),
        subject=subject,
        details_before=before,
        details_after=after,
    )


@receiver(reading_revised, dispatch_uid="discussions.find_quotes_again")
def find_quotes_again(*, reading, revised, **kwargs) -> None:
    quotes_reanchor(reading=reading, revised=revised)


# Pseudonyms are given when an assignment or a membership is saved, never on a page view.
@receiver(post_save, sender=Assignment, dispatch_uid="pseudonyms_when_anonymous")
def give_pseudonyms_when_anonymous(sender, instance, raw: bool = False, **kwargs) -> None:
    if instance.anonymous and not raw:
        pseudonyms_give_everyone(assignment=instance)


@receiver(post_save, sender=Membership, dispatch_uid="pseudonyms_when_a_student_joins")
def give_pseudonyms_when_a_student_joins(sender, instance, raw: bool = False, **kwargs) -> None:
    if instance.role == Role.STUDENT and instance.removed_at is None and not raw:
        pseudonyms_give_student(membership=instance)


@receiver(post_save, sender=Comment, dispatch_uid="live_marker_when_a_comment_changes")
def tell_polls_of_a_change(sender, instance, raw: bool = False, **kwargs) -> None:
    # Every change a reader could see saves the comment (and moves its `changed_at`).
    live.discussion_changed(instance.assignment_id)


def commenters(course) -> set[tuple[int, int]]:
    comments = Comment.objects.filter(assignment__course=course).counted()
    return set(comments.values_list("assignment_id", "author_id"))


def assignment_has_comments(assignment) -> bool:
    return Comment.objects.filter(assignment=assignment).exists()


def groups_with_comments(course):
    return Comment.objects.filter(group__course=course).values("group_id")


def comment_count(course):
    """Every comment the membership's person wrote in the course, whatever its status."""
    written = (
        Comment.objects.filter(author=OuterRef("user_id"), assignment__course=course)
        .order_by()
        .values("author")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(written), 0)


contributions.register(
    contributions.Answers(
        commenters=commenters,
        assignment_has_comments=assignment_has_comments,
        groups_with_comments=groups_with_comments,
        comment_count=comment_count,
    )
)


# --- Discussions' pieces on classroom's pages ---


def course_staff_actions(context, course) -> str:
    """Beside the course page's staff buttons: the review queue while something waits in it,
    the audit log, watched words."""
    return format_html(
        '{} <a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
        review_queue_link(context, course, "button", only_when_waiting=True),
        reverse("discussions:audit", args=[course.slug]),
        _("Audit log"),
        reverse("discussions:watched_words", args=[course.slug]),
        _("Watched words"),
    )


def course_tools(context, course) -> str:
    """In the row of staff pages on every page of a course: the gradebook, the review queue
    and the discussion's downloads."""
    links = [
        (reverse("discussions:gradebook", args=[course.slug]), _("Gradebook")),
        (reverse("discussions:moderation_queue", args=[course.slug]), _("Review queue")),
        (reverse("discussions:downloads", args=[course.slug]), _("Downloads")),
    ]
    return tool_links(links, context["request"].path)


@functools.cache
def _suspension_controls() -> Template:
    return Template(
        '{% load moderation_tags %}{% if membership.role == "student" %}'
        "{% suspension_controls membership %}{% endif %}"
    )


def roster_member_actions(context, membership) -> str:
    """On a roster row: suspend the student from posting, or lift it."""
    with context.push(membership=membership):
        return _suspension_controls().render(context)


register_part("course-staff-actions", course_staff_actions)
register_part("course-tools", course_tools)
register_part("roster-member-actions", roster_member_actions)
register_part("course-search", course_search_box)
register_part("course-reader-links", own_downloads_link)


def account_settings_my_data(context) -> str:
    """On account settings: download everything one wrote and every notice one got."""
    return format_html(
        '<section class="account-section" aria-labelledby="my-data-heading">'
        '<h2 id="my-data-heading">{}</h2><p>{}</p>'
        '<p><a class="button" href="{}" download>{}</a></p></section>',
        _("Your data"),
        _(
            "A zip file with every comment you wrote (with earlier wordings), every notice "
            "you got and your profile, as JSON and as a page to read."
        ),
        reverse("discussions:my_data"),
        _("Download my data"),
    )


register_part("account-settings-sections", account_settings_my_data)


@receiver(account_deleting, dispatch_uid="discussions.erase_deleted_accounts_comments")
def erase_deleted_accounts_comments(*, user, **kwargs) -> None:
    comments_of_deleted_account(user=user)


@receiver(post_save, sender=WatchedWord, dispatch_uid="discussions.watched_word_saved")
@receiver(post_delete, sender=WatchedWord, dispatch_uid="discussions.watched_word_deleted")
def watched_word_written(sender, instance: WatchedWord, **kwargs) -> None:
    """Posts are checked against cached lists named by each course's count of changes: any
    write to an entry counts, whether a service, the admin or a script made it."""
    watched_words_changed(instance.course)
