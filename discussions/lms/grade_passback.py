"""Participation scores to the LMS gradebook (LTI Assignment and Grade Services 2.0): the
assignment's line item, made when the LMS has none yet, and one score per graded student."""

from dataclasses import dataclass
from decimal import Decimal

import requests
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.lti.models import AssignmentLink, Identity
from classroom.lti.service_tokens import ServiceTokenRefused, access_token
from classroom.lti.tool_configuration import LINEITEM_SCOPE, SCORE_SCOPE
from classroom.models import Assignment
from discussions.models import GradeSend
from discussions.participation.rubric import rubric_for
from discussions.participation.scores import StudentParticipation, participation_for

LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
TIMEOUT = 15
ANSWER_KEPT = 1000
# An LMS that is down or overloaded may well take the score a little later.
TRANSIENT = {408, 425, 429, 500, 502, 503, 504}


class GradesNotLinked(Exception):
    """The assignment has no LMS gradebook column to send to."""


@dataclass
class Delivery:
    """How one send went: the rows written, and who should be tried again."""

    rows: list[GradeSend]
    retry_student_ids: list[int]


def lms_link(assignment: Assignment) -> AssignmentLink | None:
    """The LMS link whose gradebook column the assignment's scores go to."""
    return (
        AssignmentLink.objects.filter(assignment=assignment)
        .exclude(course_link__lineitems_url="", lineitem_url="")
        .select_related("course_link__deployment__platform")
        .order_by("-created_at")
        .first()
    )


def lineitem_url(link: AssignmentLink, *, score_maximum: Decimal) -> str:
    """The line item the scores go to: the one the LMS gave with the link, or one made now
    in the course's line items (its maximum is the rubric's points)."""
    if link.lineitem_url:
        return link.lineitem_url
    platform = link.course_link.deployment.platform
    token = access_token(platform, [LINEITEM_SCOPE])
    answer = requests.post(
        link.course_link.lineitems_url,
        json={
            "scoreMaximum": float(score_maximum),
            "label": link.assignment.reading.title,
            "resourceId": str(link.assignment.pk),
            "resourceLinkId": link.resource_link_id or None,
            "tag": "participation",
        },
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": LINEITEM_TYPE,
            "Accept": LINEITEM_TYPE,
        },
        timeout=TIMEOUT,
    )
    answer.raise_for_status()
    link.lineitem_url = answer.json()["id"]
    link.save(update_fields=["lineitem_url"])
    return link.lineitem_url


def activity_progress(assignment: Assignment, person: StudentParticipation, now) -> str:
    if not person.posts:
        return "Initialized"
    if assignment.is_locked(now) or assignment.is_late(now):
        return "Completed"
    return "InProgress"


def score_body(assignment, person: StudentParticipation, *, user_id: str, now) -> dict:
    return {
        "userId": user_id,
        "scoreGiven": float(person.score),
        "scoreMaximum": float(person.points_possible),
        "activityProgress": activity_progress(assignment, person, now),
        "gradingProgress": "FullyGraded",
        "timestamp": now.isoformat(timespec="milliseconds"),
    }


def grades_send(
    *, assignment: Assignment, requested_by=None, student_ids=None, attempt: int = 1
) -> Delivery:
    """Send every graded student's score (or only `student_ids`') to the LMS and record each
    answer. Students who never came from the LMS are recorded as not linked, not sent."""
    link = lms_link(assignment)
    if link is None:
        raise GradesNotLinked(_("This assignment is not linked to an LMS gradebook column."))
    platform = link.course_link.deployment.platform
    people = participation_for(assignment)
    if student_ids is not None:
        people = [person for person in people if person.student.pk in set(student_ids)]
    lms_ids = dict(
        Identity.objects.filter(
            issuer=platform.issuer, user__in=[person.student for person in people]
        ).values_list("user_id", "subject")
    )
    now = timezone.now()
    rubric = rubric_for(assignment)
    rows, retry = [], []
    try:
        url = lineitem_url(link, score_maximum=rubric.points_possible)
        token = access_token(platform, [SCORE_SCOPE])
    except (ServiceTokenRefused, requests.RequestException, KeyError, ValueError) as error:
        return _nobody_sent(assignment, people, requested_by, attempt, str(error))
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}", "Content-Type": SCORE_TYPE})
    for person in people:
        row = _grade_send_row(assignment, person, requested_by, attempt)
        user_id = lms_ids.get(person.student.pk)
        if user_id is None:
            row.outcome = GradeSend.Outcome.NOT_LINKED
        else:
            _post_score(session, url, score_body(assignment, person, user_id=user_id, now=now), row)
            if row.outcome == GradeSend.Outcome.RETRYING:
                retry.append(person.student.pk)
        rows.append(row)
    GradeSend.objects.bulk_create(rows)
    return Delivery(rows=rows, retry_student_ids=retry)


def _grade_send_row(assignment, person, requested_by, attempt: int, **answer) -> GradeSend:
    """The record of one student's score on its way to the LMS, with what the LMS answered."""
    return GradeSend(
        assignment=assignment,
        student=person.student,
        score=person.score,
        score_maximum=person.points_possible,
        requested_by=requested_by,
        attempts=attempt,
        **answer,
    )


def _post_score(session: requests.Session, lineitem: str, body: dict, row: GradeSend) -> None:
    scores_url = lineitem.split("?", 1)[0].rstrip("/") + "/scores"
    try:
        answer = session.post(scores_url, json=body, timeout=TIMEOUT)
    except requests.RequestException as error:
        row.outcome, row.lms_answer = GradeSend.Outcome.RETRYING, str(error)[:ANSWER_KEPT]
        return
    row.lms_status, row.lms_answer = answer.status_code, answer.text[:ANSWER_KEPT]
    if answer.ok:
        row.outcome, row.sent_at = GradeSend.Outcome.SENT, timezone.now()
    elif answer.status_code in TRANSIENT:
        row.outcome = GradeSend.Outcome.RETRYING
    else:
        row.outcome = GradeSend.Outcome.FAILED


def _nobody_sent(assignment, people, requested_by, attempt: int, reason: str) -> Delivery:
    rows = GradeSend.objects.bulk_create(
        _grade_send_row(
            assignment,
            person,
            requested_by,
            attempt,
            outcome=GradeSend.Outcome.RETRYING,
            lms_answer=reason[:ANSWER_KEPT],
        )
        for person in people
    )
    return Delivery(rows=rows, retry_student_ids=[person.student.pk for person in people])
