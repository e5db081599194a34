"""Writes for groups: naming, deleting, putting a student in one, splitting at random."""

import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from classroom import contributions
from classroom.models import Course, Group, Membership, Role

GROUP_NAME_MAX_LENGTH = Group._meta.get_field("name").max_length


def _clean_group_name(*, course: Course, name: str, exclude: Group | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the group a name.")})
    if len(name) > GROUP_NAME_MAX_LENGTH:
        raise ValidationError(
            {
                "name": _("Group names can be at most %(limit)d characters.")
                % {"limit": GROUP_NAME_MAX_LENGTH}
            }
        )
    taken = course.groups.filter(name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("This course already has a group called “%(name)s”.") % {"name": name}}
        )
    return name


def group_create(*, course: Course, name: str) -> Group:
    return Group.objects.create(course=course, name=_clean_group_name(course=course, name=name))


def group_rename(*, group: Group, name: str) -> Group:
    group.name = _clean_group_name(course=group.course, name=name, exclude=group)
    group.save(update_fields=["name"])
    return group


@transaction.atomic
def group_delete(*, group: Group) -> None:
    """Move the group's members to no group, then delete it. A group that has discussed is
    kept: its comments stay with it, so each group's threads stay apart."""
    discussed = contributions.groups_with_comments(group.course)
    if Group.objects.filter(pk=group.pk, pk__in=discussed).exists():
        raise ValidationError(
            _(
                "“%(name)s” has discussed in group discussions, so it is kept to hold those "
                "threads. Move its members to other groups instead."
            )
            % {"name": group.name}
        )
    group.memberships.update(group=None)
    group.delete()


def group_assign(*, membership: Membership, group: Group | None) -> Membership:
    """Put a student in a group, or take them out of any group (group=None)."""
    if membership.role != Role.STUDENT or membership.removed_at is not None:
        raise ValidationError(_("Only students in the course can be put in groups."))
    if group is not None and group.course_id != membership.course_id:
        raise ValidationError(_("That group belongs to another course."))
    membership.group = group
    membership.save(update_fields=["group"])
    return membership


MIN_GROUP_SIZE = 2


def group_sizes(count: int, size: int) -> list[int]:
    """Split `count` students into groups of about `size`, spreading the leftovers so that no
    group is smaller than size - 1 where that is possible (otherwise a few get bigger)."""
    if count <= 0:
        return []
    groups = -(-count // size)
    if count // groups < size - 1 and count >= size:
        groups = count // size
    base, extra = divmod(count, groups)
    return [base + 1] * extra + [base] * (groups - extra)


def _free_group_names(course: Course, how_many: int) -> list[str]:
    taken = {name.lower() for name in course.groups.values_list("name", flat=True)}
    names = []
    number = 1
    while len(names) < how_many:
        name = _("Group %(number)d") % {"number": number}
        if name.lower() not in taken:
            names.append(name)
        number += 1
    return names


@transaction.atomic
def groups_split_random(
    *, course: Course, size: int, regroup_all: bool = False, rng: random.Random | None = None
) -> list[Group]:
    """Deal students at random into new groups of about `size`.

    Students already in a group stay there unless `regroup_all`; then everyone is dealt again
    and groups left empty that never discussed are removed.
    """
    if size < MIN_GROUP_SIZE:
        raise ValidationError(
            {
                "size": _("Groups need at least %(size)d students. Choose a larger size.")
                % {"size": MIN_GROUP_SIZE}
            }
        )
    students = course.memberships.active().filter(role=Role.STUDENT)
    if regroup_all:
        students.update(group=None)
        course.groups.exclude(pk__in=contributions.groups_with_comments(course)).delete()
    to_place = list(students.filter(group__isnull=True).order_by("pk"))
    if not to_place and not students.exists():
        raise ValidationError({"size": _("There are no students in this course to split yet.")})
    if not to_place:
        raise ValidationError(
            {
                "size": _(
                    "Every student is already in a group. Tick “regroup everyone” to start over."
                )
            }
        )
    (rng or random.Random()).shuffle(to_place)
    sizes = group_sizes(len(to_place), size)
    groups = [
        Group.objects.create(course=course, name=name)
        for name in _free_group_names(course, len(sizes))
    ]
    start = 0
    for group, group_size in zip(groups, sizes, strict=True):
        chunk = [membership.pk for membership in to_place[start : start + group_size]]
        Membership.objects.filter(pk__in=chunk).update(group=group)
        start += group_size
    return groups
