"""How an assignment's participation is scored: the rubric and what it can reward."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    """What a rubric can reward, in the order every page, form and export lists them."""

    COMMENTS = "comments", _("Threads started")
    REPLIES = "replies", _("Replies to others")
    WORDS = "words", _("Words")
    PARAGRAPHS = "paragraphs", _("Paragraphs covered")
    PROMPTS = "prompts", _("Prompts answered")
    ON_TIME = "on_time", _("On-time posts")
    HELPFUL = "helpful", _("Helpful marks received")
    ENDORSED = "endorsed", _("Endorsed comments")


# Each criterion has two rubric fields: <criterion>_weight and <criterion>_cap.
WEIGHT_CAP = ("weight", "cap")
NOT_NEGATIVE = MinValueValidator(
    Decimal(0), message=_("Can't be negative: use 0 to leave this criterion out.")
)


def _weight(default: str, help_text) -> models.DecimalField:
    return models.DecimalField(
        max_digits=7,
        decimal_places=3,
        default=Decimal(default),
        validators=[NOT_NEGATIVE],
        help_text=help_text,
    )


def _cap(default: str) -> models.DecimalField:
    return models.DecimalField(
        max_digits=7,
        decimal_places=3,
        default=Decimal(default),
        validators=[NOT_NEGATIVE],
        help_text=_("Most points this criterion can give."),
    )


class ParticipationRubric(models.Model):
    """How an assignment's participation is scored: points per unit and a cap per criterion.

    An assignment without a saved rubric is scored with these defaults. They reward substance,
    not volume: a post counts only from a minimum length, replies to others count as much as
    new threads, words earn nothing by themselves, and staff endorsements weigh more than
    classmates' helpful marks. Their caps add up to more than the points possible, so
    there is more than one way to full marks.
    """

    assignment = models.OneToOneField(
        "classroom.Assignment", on_delete=models.CASCADE, related_name="participation_rubric"
    )
    points_possible = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal(10),
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("Points possible must be more than 0."))
        ],
        help_text=_("A score never goes above this, whatever the criteria add up to."),
    )
    min_words = models.PositiveSmallIntegerField(
        _("words a post needs to count"),
        default=20,
        help_text=_("Shorter posts count for nothing, so one-line posts cannot pile up points."),
    )
    comments_weight = _weight("2", _("Points per thread started."))
    comments_cap = _cap("4")
    replies_weight = _weight("2", _("Points per reply to someone else's comment."))
    replies_cap = _cap("4")
    words_weight = _weight("0", _("Points per word."))
    words_cap = _cap("0")
    paragraphs_weight = _weight("0.5", _("Points per paragraph covered."))
    paragraphs_cap = _cap("1")
    prompts_weight = _weight("1", _("Points per prompt answered."))
    prompts_cap = _cap("1")
    on_time_weight = _weight("0", _("Points per post before the due date."))
    on_time_cap = _cap("0")
    helpful_weight = _weight("0.5", _("Points per helpful mark."))
    helpful_cap = _cap("1")
    endorsed_weight = _weight("1", _("Points per endorsed comment."))
    endorsed_cap = _cap("2")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(points_possible__gt=0),
                name="rubric_points_possible_positive",
                violation_error_message=_("Points possible must be more than 0."),
            ),
            models.CheckConstraint(
                condition=Q.create(
                    [(f"{key}_{part}__gte", 0) for key in Criterion.values for part in WEIGHT_CAP]
                ),
                name="rubric_weights_and_caps_not_negative",
                violation_error_message=_("Weights and caps can't be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"Participation rubric for {self.assignment}"

    def weight(self, criterion: str) -> Decimal:
        return getattr(self, f"{criterion}_weight")

    def cap(self, criterion: str) -> Decimal:
        return getattr(self, f"{criterion}_cap")

    @property
    def caps_total(self) -> Decimal:
        return sum((self.cap(key) for key in Criterion.values), Decimal(0))

    @property
    def scored_criteria(self) -> list[Criterion]:
        """The criteria that give points; a zero-weight one is left out of every explanation."""
        return [criterion for criterion in Criterion if self.weight(criterion)]


class ScoreOverride(models.Model):
    """A score staff set by hand for one student in one assignment, with the reason; the
    rubric's score stays beside it wherever it is shown, and clearing it brings that back."""

    assignment = models.ForeignKey(
        "classroom.Assignment", on_delete=models.CASCADE, related_name="score_overrides"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="score_overrides"
    )
    score = models.DecimalField(max_digits=7, decimal_places=2, validators=[NOT_NEGATIVE])
    reason = models.TextField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"], name="one_score_override_per_student"
            ),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_override_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Score override for {self.student} in {self.assignment}"
