"""Deep Linking 2.0: the launch an instructor's "add content" in the LMS started, and the
signed answer that gives the LMS a link to the new assignment and its gradebook column."""

import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.csp import CSP

from classroom.access import course_for_manager
from classroom.lti.keys import sign_jwt
from classroom.lti.launch import (
    DEEP_LINKING,
    DEEP_LINKING_SETTINGS,
    LTI,
    Launch,
    remembered_launch,
)
from classroom.lti.people import course_link_for
from classroom.models import Assignment, Course
from discussions.participation.rubric import rubric_for

ANSWER_LIFETIME = 600


@dataclass
class DeepLinkingLaunch:
    launch: Launch
    course: Course

    @property
    def settings(self) -> dict:
        return self.launch.claims[DEEP_LINKING_SETTINGS]

    @property
    def return_url(self) -> str:
        return self.settings["deep_link_return_url"]


def deep_linking_launch(request: HttpRequest, launch_id: str) -> DeepLinkingLaunch:
    """The deep-linking launch this browser made, and the course its LMS course stands for,
    which the person must run. Another browser's launch is a 404."""
    launch = remembered_launch(request.session, launch_id)
    if launch is None or not launch.is_deep_linking:
        raise Http404("No such launch.")
    course_link = course_link_for(launch)
    if course_link is None:
        raise Http404("This LMS course is not set up in Colloquy.")
    return DeepLinkingLaunch(
        launch=launch, course=course_for_manager(request.user, course_link.course.slug)
    )


def content_item(
    request: HttpRequest, deep_linking: DeepLinkingLaunch, assignment: Assignment
) -> dict:
    """An LtiResourceLink to the assignment, with the gradebook column the LMS should make
    when it takes one (else the scores' line item is made when grades are first sent)."""
    item = {
        "type": "ltiResourceLink",
        "title": assignment.reading.title,
        "text": assignment.instructions,
        "url": request.build_absolute_uri(reverse("lti:launch")),
        "custom": {"assignment": str(assignment.pk)},
    }
    # Deep Linking 2.0: an absent accept_lineitem means the platform takes line items.
    if deep_linking.settings.get("accept_lineitem", True):
        item["lineItem"] = {
            "scoreMaximum": float(rubric_for(assignment).points_possible),
            "label": assignment.reading.title,
            "resourceId": str(assignment.pk),
            "tag": "participation",
        }
    return item


def answer_claims(deep_linking: DeepLinkingLaunch, items: list[dict]) -> dict:
    """The LtiDeepLinkingResponse message, from Colloquy (the client id) to the platform."""
    launch = deep_linking.launch
    now = int(time.time())
    claims = {
        "iss": launch.platform.client_id,
        "aud": launch.platform.issuer,
        "iat": now,
        "exp": now + ANSWER_LIFETIME,
        "nonce": secrets.token_urlsafe(16),
        LTI + "deployment_id": launch.deployment.deployment_id,
        LTI + "message_type": "LtiDeepLinkingResponse",
        LTI + "version": "1.3.0",
        DEEP_LINKING + "content_items": items,
    }
    if "data" in deep_linking.settings:
        claims[DEEP_LINKING + "data"] = deep_linking.settings["data"]
    return claims


def deep_linking_answer(
    request: HttpRequest, deep_linking: DeepLinkingLaunch, assignment: Assignment
) -> HttpResponse:
    """The page that posts the signed answer back to the LMS (it submits itself; with JS off
    the instructor presses the button)."""
    token = sign_jwt(answer_claims(deep_linking, [content_item(request, deep_linking, assignment)]))
    context = {"return_url": deep_linking.return_url, "token": token, "assignment": assignment}
    response = render(request, "discussions/lms/deep_linking_answer.html", context)
    # The form goes to the LMS, so this one page may post there.
    parts = urlsplit(deep_linking.return_url)
    response._csp_config = settings.SECURE_CSP | {
        "form-action": [CSP.SELF, f"{parts.scheme}://{parts.netloc}"]
    }
    return response
