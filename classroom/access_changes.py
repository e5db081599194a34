"""Counting changes to what people may reach (`User.access_version`), whoever makes them: a
service, the admin or a script. Adding a membership, a course or an assignment only ever
grants, so only changing or deleting one counts; the account's own saves count themselves."""

from django.db.models import F, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Assignment, Course, Membership, User


def access_changed(people: QuerySet[User]) -> None:
    """Count a change to what each of these people may reach."""
    people.update(access_version=F("access_version") + 1)


def _course_readers(course_id: int) -> QuerySet[User]:
    """Everyone a course's pages let in: its members and the site admins."""
    return User.objects.filter(
        Q(memberships__course_id=course_id, memberships__removed_at__isnull=True)
        | Q(is_superuser=True)
    )


@receiver(post_save, sender=Membership, dispatch_uid="classroom.membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="classroom.membership_deleted")
def membership_written(sender, instance: Membership, created: bool = False, **kwargs) -> None:
    # Removed, restored, moved to another role or group.
    if not created:
        access_changed(User.objects.filter(pk=instance.user_id))


@receiver(post_save, sender=Assignment, dispatch_uid="classroom.assignment_saved")
@receiver(post_delete, sender=Assignment, dispatch_uid="classroom.assignment_deleted")
def assignment_written(sender, instance: Assignment, created: bool = False, **kwargs) -> None:
    # Its opening may have moved later, closing it to students; or it is gone.
    if not created:
        access_changed(_course_readers(instance.course_id))


@receiver(post_save, sender=Course, dispatch_uid="classroom.course_saved")
@receiver(post_delete, sender=Course, dispatch_uid="classroom.course_deleted")
def course_written(sender, instance: Course, created: bool = False, **kwargs) -> None:
    # Its address may have changed (the admin can); or it is gone, and its memberships went
    # first, each counting for its member.
    if not created:
        access_changed(_course_readers(instance.pk))
