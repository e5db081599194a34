"""A class list from the school's system, as a CSV: reading the file into rows, and checking
each row against the course to say what importing it would do. Nothing here writes."""

import contextlib
import csv
import io
from dataclasses import astuple, dataclass, field
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.rendering import clean_comment_text
from classroom.groups.services import GROUP_NAME_MAX_LENGTH
from classroom.models import STAFF_ROLES, Course, Membership, Role, User
from classroom.spreadsheets import looks_like_formula

# Plenty for a name, an e-mail address, a role and a group, with room for columns left unread.
BYTES_PER_ROW = 1024
NAME_MAX_LENGTH = User._meta.get_field("display_name").max_length
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length
# Spreadsheets from some regions separate cells with semicolons; exports of "Unicode text"
# use tabs.
DELIMITERS = ",;\t"


class Column(StrEnum):
    NAME = "name"
    EMAIL = "email"
    ROLE = "role"
    GROUP = "group"


# The words a first row may use for each column, besides the column headings of our own roster
# download in the teacher's language (so a downloaded roster can be edited and imported back).
COLUMN_WORDS = {
    Column.NAME: ("name", "full name", "display name"),
    Column.EMAIL: ("email", "e-mail", "email address", "e-mail address", "mail"),
    Column.ROLE: ("role",),
    Column.GROUP: ("group",),
}
COLUMN_HEADINGS = {
    Column.NAME: gettext_lazy("Name"),
    Column.EMAIL: gettext_lazy("E-mail"),
    Column.ROLE: gettext_lazy("Role"),
    Column.GROUP: gettext_lazy("Group"),
}
ROLE_WORDS = {
    "student": Role.STUDENT,
    "teaching assistant": Role.TA,
    "ta": Role.TA,
    "instructor": Role.INSTRUCTOR,
}


class ClassListRefused(ValidationError):
    """The file cannot be read as a class list at all; `status` is the HTTP answer."""

    def __init__(self, message: str, *, status: int = 422):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ListedPerson:
    """One row of the file as written: its row number as a spreadsheet shows it (the column
    names are row 1) and the four cells imported."""

    row: int
    name: str
    email: str
    role: str
    group: str
    # Cells beyond the column names: most often a comma in a name without quotes, which
    # shifts every cell after it, so the row is refused rather than guessed at.
    extra_cells: int = 0


@dataclass
class ClassList:
    people: list[ListedPerson]
    # The text encoding guessed when the file was not UTF-8, to say so on the preview.
    guessed_encoding: str = ""


def max_rows() -> int:
    return settings.ROSTER_IMPORT_MAX_ROWS


def max_bytes() -> int:
    return max_rows() * BYTES_PER_ROW


def _words(text: str) -> str:
    """A heading or role as written, compared without case, spacing, dashes or underscores."""
    return "".join(character for character in text.lower() if character.isalnum())


def _decoded(data: bytes) -> tuple[str, str]:
    """The text, and the encoding guessed when it was not UTF-8. Excel writes UTF-16 for
    "Unicode text" and Windows-1252 for a plain "CSV" on Windows."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-16"), ""
    if b"\x00" in data:
        raise ClassListRefused(
            _(
                "This is not a CSV file. In your spreadsheet, choose “Save as” or “Download” "
                "and pick CSV, then upload that file."
            ),
            status=415,
        )
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8-sig"), ""
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise ClassListRefused(
            _("This file's text is not UTF-8. Save it from your spreadsheet as “CSV UTF-8”."),
            status=415,
        ) from None


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _columns(header: list[str]) -> dict[Column, int]:
    """Which cell holds each column; columns the import does not use are left unread."""
    words = {
        column: {_words(word) for word in (*COLUMN_WORDS[column], str(COLUMN_HEADINGS[column]))}
        for column in Column
    }
    found: dict[Column, int] = {}
    for index, heading in enumerate(header):
        for column in Column:
            if _words(heading) in words[column]:
                if column in found:
                    raise ClassListRefused(
                        _("Two columns are called “%(heading)s”; keep one.") % {"heading": column}
                    )
                found[column] = index
    missing = [column for column in (Column.NAME, Column.EMAIL) if column not in found]
    if missing:
        raise ClassListRefused(
            _(
                "The first row must name the columns, with at least “name” and “email” "
                "(“role” and “group” may follow). This file's first row is: %(header)s"
            )
            % {"header": ", ".join(header)[:200]}
        )
    return found


def class_list_read(upload) -> ClassList:
    """The people an uploaded CSV lists. A file too big, not text, empty, with no e-mail
    column or with more than ROSTER_IMPORT_MAX_ROWS people is refused as a whole, before
    anything beyond the limit is read."""
    if upload.size > max_bytes():
        raise ClassListRefused(
            _("This file is %(size)d KB; a class list may be at most %(limit)d KB.")
            % {"size": upload.size // 1024, "limit": max_bytes() // 1024},
            status=413,
        )
    text, guessed_encoding = _decoded(upload.read())
    first_line = next(iter(text.lstrip("\r\n").splitlines()), "")
    # newline="" lets the reader end rows at \r\n, \n or a lone \r (older Excel for Mac).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    people = []
    try:
        rows = enumerate(reader, start=1)
        header_row, header = next(((row, cells) for row, cells in rows if _filled(cells)), (0, []))
        if not header:
            raise ClassListRefused(_("This file is empty."))
        columns = _columns(header)
        for row, cells in rows:
            if not _filled(cells):
                continue
            if len(people) == max_rows():
                raise ClassListRefused(_too_many_rows(), status=413)
            people.append(_person(row, cells, columns, extra_cells=len(cells) - len(header)))
    except csv.Error:
        raise ClassListRefused(
            _(
                "This file could not be read as CSV at line %(line)d: look for a quotation mark "
                "left open on a line before it."
            )
            % {"line": reader.line_num},
            status=400,
        ) from None
    if not people:
        raise ClassListRefused(
            _("Row %(row)d names the columns, but no one is listed below it.") % {"row": header_row}
        )
    return ClassList(people=people, guessed_encoding=guessed_encoding)


def _filled(cells: list[str]) -> bool:
    """Whether a row has anything in it; spreadsheets often save empty rows at the end."""
    return any(cell.strip() for cell in cells)


def _too_many_rows() -> str:
    limit = max_rows()
    return ngettext(
        "This file lists more than %(limit)d person; a class list may have at most %(limit)d. "
        "Split it into smaller files.",
        "This file lists more than %(limit)d people; a class list may have at most %(limit)d. "
        "Split it into smaller files.",
        limit,
    ) % {"limit": limit}


def _cell(cells: list[str], columns: dict[Column, int], column: Column) -> str:
    index = columns.get(column)
    return cells[index] if index is not None and index < len(cells) else ""


def _person(
    row: int, cells: list[str], columns: dict[Column, int], *, extra_cells: int
) -> ListedPerson:
    return ListedPerson(
        row, *(_cell(cells, columns, column) for column in Column), max(0, extra_cells)
    )


class Outcome(StrEnum):
    NEW_ACCOUNT = "new-account"
    JOINS = "joins"
    RETURNS = "returns"
    CHANGES = "changes"
    UNCHANGED = "unchanged"


@dataclass
class PlannedPerson:
    """One listed person, checked: the cells as they will be used, who they are, and what
    importing does for them, or the errors that stop the import."""

    listed: ListedPerson
    name: str = ""
    email: str = ""
    # The role and group to have; "" leaves a member's role or group as it is.
    role: str = ""
    group: str = ""
    outcome: Outcome | None = None
    user: User | None = None
    membership: Membership | None = None
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""


@dataclass
class ClassListPlan:
    people: list[PlannedPerson]
    new_groups: list[str]

    @property
    def problems(self) -> list[PlannedPerson]:
        return [person for person in self.people if person.errors]

    def count(self, outcome: Outcome) -> int:
        return sum(person.outcome == outcome for person in self.people)

    @property
    def counts(self) -> dict[str, int]:
        """How many people each outcome has, by its name in lower case (for templates)."""
        return {outcome.name.lower(): self.count(outcome) for outcome in Outcome}


def _formula_cells(listed: ListedPerson) -> set[Column]:
    cells = {column: getattr(listed, column.value) for column in Column}
    return {
        column
        for column, cell in cells.items()
        if looks_like_formula(cell) or looks_like_formula(cell.strip())
    }


def _role(word: str) -> str | None:
    """The role a cell names, "" for an empty cell, None for a word that is not a role."""
    if not word.strip():
        return ""
    roles = {_words(word): role for word, role in ROLE_WORDS.items()}
    roles |= {_words(str(role.label)): role for role in Role}
    return roles.get(_words(word))


def _checked_cells(listed: ListedPerson) -> PlannedPerson:
    """The row on its own: every problem with its cells, each said once."""
    person = PlannedPerson(listed=listed)
    errors = person.errors
    if listed.extra_cells:
        errors.append(
            _(
                "This row has more cells than the first row has column names: a name or group "
                "with a comma in it needs quotes around it."
            )
        )
    formulas = _formula_cells(listed)
    for column in formulas:
        errors.append(
            _(
                "The %(column)s cell starts like a spreadsheet formula (with =, +, -, @, a tab "
                "or a line break). Remove that character; formulas are not imported."
            )
            % {"column": COLUMN_HEADINGS[column].lower()}
        )
    name = " ".join(listed.name.split())
    email = listed.email.strip()
    group = " ".join(listed.group.split())
    role = _role(listed.role)
    if Column.NAME not in formulas:
        if not name:
            errors.append(_("The name is empty."))
        elif len(name) > NAME_MAX_LENGTH:
            errors.append(
                _("The name is longer than %(limit)d characters.") % {"limit": NAME_MAX_LENGTH}
            )
        elif clean_comment_text(name) != name:
            errors.append(_("The name has invisible control characters in it."))
    if Column.EMAIL not in formulas:
        if not email:
            errors.append(_("The e-mail address is empty."))
        elif not _is_email(email):
            errors.append(_("“%(email)s” is not an e-mail address.") % {"email": email})
        else:
            person.email = email
    if Column.ROLE not in formulas and role is None:
        errors.append(
            _(
                "“%(role)s” is not a role: write student, teaching assistant (or TA) or "
                "instructor, or leave it empty."
            )
            % {"role": listed.role.strip()}
        )
    if Column.GROUP not in formulas and len(group) > GROUP_NAME_MAX_LENGTH:
        errors.append(
            _("The group name is longer than %(limit)d characters.")
            % {"limit": GROUP_NAME_MAX_LENGTH}
        )
    person.name, person.role, person.group = name, role or "", group
    return person


def _is_email(text: str) -> bool:
    if len(text) > EMAIL_MAX_LENGTH:
        return False
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _mark_repeated_addresses(people: list[PlannedPerson]) -> None:
    first_row: dict[str, int] = {}
    for person in people:
        if not person.email:
            continue
        key = person.email.lower()
        if key in first_row:
            person.errors.append(
                _("“%(email)s” is also on row %(row)d.")
                % {"email": person.email, "row": first_row[key]}
            )
        else:
            first_row[key] = person.listed.row


def class_list_check(*, course: Course, people: list[ListedPerson]) -> ClassListPlan:
    """What importing these people into the course would do, row by row, in a few queries
    whatever the number of rows; any row with errors stops the whole import."""
    planned = [_checked_cells(listed) for listed in people]
    _mark_repeated_addresses(planned)
    addresses = {person.email.lower() for person in planned if person.email}
    accounts: dict[str, list[User]] = {}
    for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=addresses):
        accounts.setdefault(user.email_lower, []).append(user)
    memberships = {
        membership.user_id: membership
        for membership in Membership.objects.filter(
            course=course, user__in=[user for users in accounts.values() for user in users]
        ).select_related("group")
    }
    groups = {group.name.lower(): group.name for group in course.groups.all()}
    new_groups: dict[str, str] = {}
    for person in planned:
        if person.errors:
            continue
        found = accounts.get(person.email.lower(), [])
        if len(found) > 1:
            person.errors.append(
                _("More than one account uses this address; ask a site admin to merge them.")
            )
            continue
        person.user = found[0] if found else None
        person.membership = memberships.get(person.user.pk) if person.user else None
        _plan_role_and_group(person, groups, new_groups)
    _keep_an_instructor(course, planned)
    return ClassListPlan(people=planned, new_groups=list(new_groups.values()))


def _plan_role_and_group(
    person: PlannedPerson, groups: dict[str, str], new_groups: dict[str, str]
) -> None:
    membership = person.membership
    if membership is None:
        person.outcome = Outcome.NEW_ACCOUNT if person.user is None else Outcome.JOINS
        person.role = person.role or Role.STUDENT
    else:
        person.outcome = Outcome.RETURNS if membership.removed_at else Outcome.UNCHANGED
        before = membership.role
        person.role = person.role or before
        if person.role != before:
            person.changes.append(
                _("role: %(before)s → %(after)s")
                % {"before": Role(before).label, "after": person.role_label}
            )
    if person.group and person.role in STAFF_ROLES:
        person.notes.append(
            _(
                "Not put in group “%(group)s”: teaching assistants and instructors see and "
                "speak to every group."
            )
            % {"group": person.group}
        )
        person.group = ""
    if person.group:
        key = person.group.lower()
        if key not in groups:
            new_groups.setdefault(key, person.group)
            person.notes.append(_("New group “%(group)s”.") % {"group": new_groups[key]})
        person.group = groups.get(key) or new_groups[key]
        before = membership.group.name if membership and membership.group else ""
        if membership and person.group != before:
            person.changes.append(
                _("group: %(before)s → %(after)s")
                % {"before": before or _("none"), "after": person.group}
            )
    if person.changes and person.outcome == Outcome.UNCHANGED:
        person.outcome = Outcome.CHANGES


def _keep_an_instructor(course: Course, people: list[PlannedPerson]) -> None:
    """A file may hand a course to another instructor, never leave it with none."""
    instructors = set(
        Membership.objects.active()
        .filter(course=course, role=Role.INSTRUCTOR)
        .values_list("user_id", flat=True)
    )
    demoted = [
        person
        for person in people
        if person.membership
        and person.membership.user_id in instructors
        and person.role
        and person.role != Role.INSTRUCTOR
    ]
    promoted = [person for person in people if person.role == Role.INSTRUCTOR and not person.errors]
    if demoted and len(demoted) == len(instructors) and not promoted:
        for person in demoted:
            person.errors.append(
                _("The course would have no instructor left: keep one, or list a new one.")
            )


# The preview carries the rows to the confirm button signed, so the teacher need not upload
# the file again and nobody can slip other rows in; confirming checks them all over again.
SIGNING_SALT = "classroom.roster.class_list"
SIGNED_MAX_AGE_SECONDS = 2 * 60 * 60


def class_list_sign(*, course: Course, people: list[ListedPerson]) -> str:
    rows = [astuple(listed) for listed in people]
    return signing.dumps({"course": course.pk, "rows": rows}, salt=SIGNING_SALT, compress=True)


def class_list_unsign(*, course: Course, signed: str) -> list[ListedPerson]:
    """The rows a preview carried, or ClassListRefused when they are old or were altered."""
    try:
        data = signing.loads(signed, salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise ClassListRefused(
            _("This preview is more than two hours old. Upload the file again."), status=400
        ) from None
    except signing.BadSignature:
        data = None
    if not isinstance(data, dict) or data.get("course") != course.pk:
        raise ClassListRefused(
            _("This preview could not be read back. Upload the file again."), status=400
        )
    return [ListedPerson(*row) for row in data["rows"]]
