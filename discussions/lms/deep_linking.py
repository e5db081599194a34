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
from classroom.lti.launch import launch_claims
from classroom.lti.models import CourseLink
from classroom.models import Assignment, Course
from discussions.participation.rubric import rubric_for

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/"
ANSWER_LIFETIME = 600


@dataclass
class DeepLinkingLaunch:
    claims: dict
    course: Course

    @property
    def settings(self) -> dict:
        return self.claims[DEEP_LINKING + "deep_linking_settings"]

    @property
    def return_url(self) -> str:
        return self.settings["deep_link_return_url"]

    @property
    def context_title(self) -> str:
        return self.claims.get(LTI + "context", {}).get("title", "")


def deep_linking_launch(request: HttpRequest, launch_id: str) -> DeepLinkingLaunch:
    """The deep-linking launch this browser made, and the course its LMS course stands for.
    Another browser's launch, or an LMS course not set up in Colloquy, is a 404."""
    claims = launch_claims(request, launch_id)
    if not claims or claims.get(LTI + "message_type") != "LtiDeepLinkingRequest":
        raise Http404("No such launch.")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    link = (
        CourseLink.objects.filter(
            deployment__platform__issuer=claims["iss"],
            deployment__platform__client_id__in=audiences,
            deployment__deployment_id=claims[LTI + "deployment_id"],
            context_id=claims.get(LTI + "context", {}).get("id", ""),
        )
        .select_related("course")
        .first()
    )
    if link is None:
        raise Http404("This LMS course is not set up in Colloquy.")
    return DeepLinkingLaunch(
        claims=claims, course=course_for_manager(request.user, link.course.slug)
    )


def content_item(request: HttpRequest, assignment: Assignment) -> dict:
    """An LtiResourceLink to the assignment, with the gradebook column the LMS should make."""
    rubric = rubric_for(assignment)
    return {
        "type": "ltiResourceLink",
        "title": assignment.reading.title,
        "text": assignment.instructions,
        "url": request.build_absolute_uri(reverse("lti:launch")),
        "custom": {"assignment": str(assignment.pk)},
        "lineItem": {
            "scoreMaximum": float(rubric.points_possible),
            "label": assignment.reading.title,
            "resourceId": str(assignment.pk),
            "tag": "participation",
        },
    }


def answer_claims(launch: DeepLinkingLaunch, items: list[dict]) -> dict:
    audiences = launch.claims["aud"]
    client_id = launch.claims.get("azp") or (
        audiences[0] if isinstance(audiences, list) else audiences
    )
    now = int(time.time())
    claims = {
        "iss": client_id,
        "aud": launch.claims["iss"],
        "iat": now,
        "exp": now + ANSWER_LIFETIME,
        "nonce": secrets.token_urlsafe(16),
        LTI + "deployment_id": launch.claims[LTI + "deployment_id"],
        LTI + "message_type": "LtiDeepLinkingResponse",
        LTI + "version": "1.3.0",
        DEEP_LINKING + "content_items": items,
    }
    if "data" in launch.settings:
        claims[DEEP_LINKING + "data"] = launch.settings["data"]
    return claims


def deep_linking_answer(
    request: HttpRequest, launch: DeepLinkingLaunch, assignment: Assignment
) -> HttpResponse:
    """The page that posts the signed answer back to the LMS (it submits itself; with JS off
    the instructor presses the button)."""
    token = sign_jwt(answer_claims(launch, [content_item(request, assignment)]))
    context = {"return_url": launch.return_url, "token": token, "assignment": assignment}
    response = render(request, "discussions/lms/deep_linking_answer.html", context)
    # The form goes to the LMS, so this one page may post there.
    parts = urlsplit(launch.return_url)
    response._csp_config = settings.SECURE_CSP | {
        "form-action": [CSP.SELF, f"{parts.scheme}://{parts.netloc}"]
    }
    return response
