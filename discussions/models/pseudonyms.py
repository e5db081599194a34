"""The names students go by in anonymous assignments."""

from django.conf import settings
from django.db import models


class PseudonymQuerySet(models.QuerySet):
    def names_by_user(self, assignment) -> dict[int, str]:
        """Everyone's pseudonym in this assignment, by user id."""
        return dict(self.filter(assignment=assignment).values_list("user_id", "name"))


class Pseudonym(models.Model):
    """The stable name a student goes by in one anonymous assignment. A name is used once in
    a whole course, so nobody is mistaken for someone from another assignment."""

    assignment = models.ForeignKey(
        "classroom.Assignment", on_delete=models.CASCADE, related_name="pseudonyms"
    )
    # The assignment's course, kept here so the database itself keeps names unique per course.
    course = models.ForeignKey("classroom.Course", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)

    objects = PseudonymQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user"], name="one_pseudonym_each"),
            models.UniqueConstraint(fields=["course", "name"], name="pseudonyms_never_collide"),
        ]

    def __str__(self) -> str:
        return self.name
