"""The LMS side of a course: platforms and their deployments, the tool's signing keys, who a
person is on a platform, and which course and assignment an LMS context and link stand for."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Platform(models.Model):
    """An LMS registered with Colloquy, by Dynamic Registration or by a site admin in the admin.
    Launches from it are refused until a site admin confirms it."""

    class Source(models.TextChoices):
        ADMIN = "admin", _("Entered by a site admin")
        DYNAMIC = "dynamic", _("Dynamic Registration")

    name = models.CharField(max_length=200)
    issuer = models.URLField(max_length=500, help_text=_("The platform's `iss`, exactly."))
    client_id = models.CharField(
        max_length=255, help_text=_("The client id the platform gave Colloquy.")
    )
    authorization_url = models.URLField(
        max_length=500, help_text=_("Where the login initiation sends the browser (OIDC auth).")
    )
    token_url = models.URLField(
        max_length=500, help_text=_("The OAuth 2 token endpoint for grades and rosters.")
    )
    token_audience = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("The `aud` of the token request, when it is not the token URL."),
    )
    jwks_url = models.URLField(max_length=500, help_text=_("The platform's public keys."))
    frame_origins = models.TextField(
        blank=True,
        help_text=_(
            "Origins allowed to frame Colloquy's LTI pages, one per line. Empty: the origins "
            "of the issuer and authorization URL."
        ),
    )
    product = models.CharField(
        max_length=200, blank=True, help_text=_("The LMS product, as the platform names it.")
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ADMIN)
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Launches are accepted only once a site admin has confirmed the platform."),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "client_id"], name="lti_platform_unique_client"
            )
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Deployment(models.Model):
    """One installation of Colloquy in a platform (`deployment_id`); launches name it."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="deployments")
    deployment_id = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "deployment_id"], name="lti_deployment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform} · {self.deployment_id}"


class ToolKey(models.Model):
    """An RSA key Colloquy signs with. The newest active key signs; every key not yet retired is
    published in the JWKS, so during a rotation platforms find both the old and the new `kid`."""

    kid = models.CharField(max_length=64, unique=True, default=uuid.uuid4)
    private_key_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Left out of the JWKS from this moment.")
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.kid


class Identity(models.Model):
    """Who a Colloquy account is on a platform: (issuer, `sub`), never an e-mail address."""

    issuer = models.URLField(max_length=500)
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_identities"
    )
    first_launch_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Empty for people a roster sync added who never came.")
    )
    last_launch_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="lti_identity_unique")
        ]
        verbose_name_plural = "identities"

    def __str__(self) -> str:
        return f"{self.subject} @ {self.issuer}"


class CourseLink(models.Model):
    """An LMS course (the LTI context) and the Colloquy course it stands for, with the service
    addresses the platform gave for it."""

    deployment = models.ForeignKey(
        Deployment, on_delete=models.CASCADE, related_name="course_links"
    )
    context_id = models.CharField(max_length=255)
    context_title = models.CharField(max_length=255, blank=True)
    course = models.ForeignKey(
        "classroom.Course", on_delete=models.CASCADE, related_name="lms_links"
    )
    memberships_url = models.URLField(max_length=500, blank=True)
    lineitems_url = models.URLField(max_length=500, blank=True)
    grade_scopes = models.JSONField(default=list, blank=True)
    roster_synced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deployment", "context_id"], name="lti_course_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.context_title or self.context_id} → {self.course}"


class AssignmentLink(models.Model):
    """An LMS resource link and the assignment it opens, with the gradebook column (line item)
    its scores go to."""

    course_link = models.ForeignKey(
        CourseLink, on_delete=models.CASCADE, related_name="assignment_links"
    )
    resource_link_id = models.CharField(max_length=255, blank=True)
    assignment = models.ForeignKey(
        "classroom.Assignment", on_delete=models.CASCADE, related_name="lms_links"
    )
    lineitem_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course_link", "resource_link_id"],
                condition=~Q(resource_link_id=""),
                name="lti_assignment_link_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource_link_id or '—'} → {self.assignment}"


class UsedNonce(models.Model):
    """A launch's `nonce`, kept until its token expires so the same token is accepted once."""

    value = models.CharField(max_length=255, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.value
