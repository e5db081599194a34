"""Importing a class list from a CSV (preview, then confirm) and downloading the roster."""

import csv
import io
import re

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from classroom.models import Group, Membership, Role, User
from classroom.roster.class_list import SIGNING_SALT
from discussions.models import ModerationAction
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long new passphrase 42"


@pytest.fixture(autouse=True)
def mail_settings(settings):
    settings.SITE_URL = "https://colloquy.example"


def upload_url(classroom) -> str:
    return reverse("classroom:class_list_upload", args=[classroom.course.slug])


def confirm_url(classroom) -> str:
    return reverse("classroom:class_list_confirm", args=[classroom.course.slug])


def csv_file(text: str | bytes, name: str = "class.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def upload(client, classroom, text: str | bytes, name: str = "class.csv"):
    return client.post(upload_url(classroom), {"class_list": csv_file(text, name)})


def signed_rows(response) -> str:
    return re.search(r'name="class_list" value="([^"]+)"', response.text).group(1)


def preview_and_confirm(client, classroom, text: str):
    preview = upload(client, classroom, text)
    assert preview.status_code == 200, preview.text
    return client.post(confirm_url(classroom), {"class_list": signed_rows(preview)})


def roster_of(classroom) -> dict[str, Membership]:
    return {
        membership.user.email.lower(): membership
        for membership in Membership.objects.filter(course=classroom.course).select_related(
            "user", "group"
        )
    }


# --- The form and the preview ---


def test_the_roster_offers_an_import_and_a_download(classroom, client_for):
    page = client_for(classroom.instructor).get(
        reverse("classroom:roster", args=[classroom.course.slug])
    )
    assert "Import a class list (CSV)" in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert reverse("classroom:roster_export", args=[classroom.course.slug]) in page.text


def test_the_preview_says_what_happens_to_each_person_and_changes_nothing(classroom, client_for):
    classroom.classmate.email = "Ben@Example.org"
    classroom.classmate.save()
    returning = MembershipFactory(course=classroom.course, role=Role.STUDENT)
    Membership.objects.filter(pk=returning.pk).update(removed_at="2026-01-01T00:00Z")
    joining = UserFactory(email="joins@example.org")
    Group.objects.create(course=classroom.course, name="Harbour")
    before = (User.objects.count(), Membership.objects.count(), Group.objects.count())
    text = (
        "Email,NAME,Role,Group\n"
        "amara@example.org,Amara Okafor,,harbour\n"
        "ben@example.org,Ben L,TA,\n"
        f"{returning.user.email},Back Again,student,Lighthouse\n"
        "JOINS@example.org,Joiner,Instructor,\n"
        f"{classroom.student.email},Same As Before,,\n"
    )
    response = upload(client_for(classroom.instructor), classroom, text)
    assert response.status_code == 200
    rows = re.findall(r'<tr id="row-(\d+)".*?</tr>', response.text, re.S)
    assert rows == ["2", "3", "4", "5", "6"]
    page = response.text
    assert "New account" in page and "Amara Okafor" in page
    assert "role: Student → Teaching assistant" in page
    assert "Removed earlier; returns" in page and "New group “Lighthouse”" in page
    assert f"@{joining.username}" in page and "Existing account joins" in page
    assert "Already a member; nothing changes" in page
    # An existing group is matched whatever its case, and named as it is.
    assert '<td data-label="Group">Harbour</td>' in page
    assert "Import these people" in page
    assert before == (User.objects.count(), Membership.objects.count(), Group.objects.count())


BAD_ROWS = [
    ("not-an-address", "Ana", "", "", "“not-an-address” is not an e-mail address."),
    ("ana@example.org", "", "", "", "The name is empty."),
    ("ana@example.org", "Ana", "professor", "", "“professor” is not a role"),
    ('=HYPERLINK("http://x")', "Ana", "", "", "The e-mail cell starts like a spreadsheet"),
    ("ana@example.org", "+1 Ana", "", "", "The name cell starts like a spreadsheet formula"),
    ("ana@example.org", "-Ana", "", "", "The name cell starts like a spreadsheet formula"),
    ("ana@example.org", "@Ana", "", "", "The name cell starts like a spreadsheet formula"),
    ("ana@example.org", "\tAna", "", "", "The name cell starts like a spreadsheet formula"),
    ("ana@example.org", "\rAna", "", "", "The name cell starts like a spreadsheet formula"),
    ("ana@example.org", "Ana", "=1+1", "", "The role cell starts like a spreadsheet formula"),
    ("ana@example.org", "Ana", "", "=A1", "The group cell starts like a spreadsheet formula"),
    ("ana@example.org", "Ana\u202e", "", "", "invisible control characters"),
    ("ana@example.org", "A" * 81, "", "", "The name is longer than 80 characters."),
]


@pytest.mark.parametrize(("email", "name", "role", "group", "error"), BAD_ROWS)
def test_a_bad_row_answers_422_with_its_row_number_and_no_confirm(
    classroom, client_for, email, name, role, group, error
):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([["name", "email", "role", "group"], ["Good One", "good@example.org", "", ""]])
    writer.writerow([name, email, role, group])
    users = User.objects.count()
    response = upload(client_for(classroom.instructor), classroom, out.getvalue())
    assert response.status_code == 422
    assert re.search(r'<a href="#row-3">Row 3</a>: [^<]*' + re.escape(error), response.text)
    assert "Import these people" not in response.text
    assert 'name="class_list"' not in response.text
    assert User.objects.count() == users


def test_every_error_is_listed_with_its_row(classroom, client_for):
    text = (
        "name,email\n"
        "Ana,ana@example.org\n"
        ",bad\n"
        "Ana Again,ANA@example.org\n"
        "Smith, Jo,jo@example.org\n"
    )
    response = upload(client_for(classroom.instructor), classroom, text)
    assert response.status_code == 422
    summary = response.text.split('class="class-list-errors"')[1].split("</ul>")[0]
    assert re.findall(r"Row (\d+)</a>", summary) == ["3", "3", "4", "5", "5"]
    assert "The name is empty." in summary and "“bad” is not an e-mail address." in summary
    assert "“ANA@example.org” is also on row 2." in summary
    assert "needs quotes around it" in summary and "“Jo” is not an e-mail address." in summary
    assert "2 rows need fixing" not in response.text and "3 rows need fixing" in response.text


def test_staff_listed_with_a_group_are_told_they_see_every_group(classroom, client_for):
    response = upload(
        client_for(classroom.instructor),
        classroom,
        "name,email,role,group\nTeo,teo@example.org,ta,Harbour\n",
    )
    assert response.status_code == 200
    assert "Not put in group “Harbour”" in response.text
    assert "New group" not in response.text


def test_a_file_may_not_leave_the_course_without_an_instructor(classroom, client_for):
    text = f"name,email,role\nMe,{classroom.instructor.email},student\n"
    response = upload(client_for(classroom.instructor), classroom, text)
    assert response.status_code == 422
    assert "no instructor left" in response.text
    handover = text + "Next,next@example.org,instructor\n"
    assert upload(client_for(classroom.instructor), classroom, handover).status_code == 200


# --- Files refused as a whole ---


@pytest.mark.parametrize(
    ("content", "status", "message"),
    [
        (b"", 422, "This file is empty."),
        (b"\n\n , ,\n", 422, "This file is empty."),
        (b"name,mail address\nAna,ana@example.org\n", 422, "at least “name” and “email”"),
        (b"full name,role\nAna,student\n", 422, "This file&#x27;s first row is: full name, role"),
        (b"name,email\n", 422, "no one is listed below it"),
        (b"name,email,Email\nA,a@example.org,a@example.org\n", 422, "Two columns are called"),
        (b"PK\x03\x04\x14\x00\x06\x00", 415, "This is not a CSV file."),
        (b"name,email\nJos\x81,jose@example.org\n", 415, "not UTF-8"),
        (b"\xff\xfen\x00a\x00m", 415, "This is not a CSV file."),
        (
            b'name,email\n"Ana,ana@example.org\n' + b"x" * 200_000,
            400,
            "could not be read as CSV at line",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "no-email",
        "no-email-shown",
        "header-only",
        "two-email",
        "xlsx",
        "not-utf8",
        "broken-utf16",
        "unclosed-quote",
    ],
)
def test_a_file_that_is_no_class_list_is_refused_on_the_form(
    classroom, client_for, content, status, message
):
    response = upload(client_for(classroom.instructor), classroom, content)
    assert response.status_code == status
    assert message in response.text
    assert 'enctype="multipart/form-data"' in response.text  # the form, to try again


def test_no_file_is_asked_for(classroom, client_for):
    response = client_for(classroom.instructor).post(upload_url(classroom), {})
    assert response.status_code == 422
    assert "Choose a CSV file to upload." in response.text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_excels_encodings_and_separators_are_read(classroom, client_for, encoding):
    text = "Name;E-mail;Role\nZoë Ångström;zoe@example.org;Teaching Assistant\n"
    response = upload(client_for(classroom.instructor), classroom, text.encode(encoding))
    assert response.status_code == 200, response.text
    assert "Zoë Ångström" in response.text
    assert "zoe@example.org" in response.text
    assert "Teaching assistant" in response.text
    if encoding == "cp1252":
        assert "read as Windows-1252 text" in response.text


def test_ten_thousand_rows_are_refused_before_the_page_lists_them(classroom, client_for):
    lines = ["name,email"] + [f"Student {n},s{n}@example.org" for n in range(10_000)]
    with CaptureQueriesContext(connection) as queries:
        response = upload(client_for(classroom.instructor), classroom, "\n".join(lines))
    assert response.status_code == 413
    assert "more than 1000 people" in response.text
    assert "s1000@example.org" not in response.text
    # Refused before anyone listed is looked up.
    assert not any("LOWER(" in query["sql"].upper() for query in queries.captured_queries)


def test_rows_may_end_in_a_lone_carriage_return(classroom, client_for):
    text = "name,email\rAna,ana@example.org\rBen,ben@example.org\r"
    response = upload(client_for(classroom.instructor), classroom, text)
    assert response.status_code == 200, response.text
    assert re.findall(r'<tr id="row-(\d+)"', response.text) == ["2", "3"]


def test_the_row_limit_is_a_setting(classroom, client_for, settings):
    settings.ROSTER_IMPORT_MAX_ROWS = 2
    three = "name,email\nA,a@example.org\nB,b@example.org\nC,c@example.org\n"
    response = upload(client_for(classroom.instructor), classroom, three)
    assert response.status_code == 413
    assert "more than 2 people" in response.text
    two = "name,email\nA,a@example.org\nB,b@example.org\n"
    assert upload(client_for(classroom.instructor), classroom, two).status_code == 200


def test_a_file_over_the_size_cap_is_refused_unread(classroom, client_for, settings):
    settings.ROSTER_IMPORT_MAX_ROWS = 10  # 10 KB
    big = "name,email\n" + "A,a@example.org," + "x" * 20_000 + "\n"
    response = upload(client_for(classroom.instructor), classroom, big)
    assert response.status_code == 413
    assert "a class list may be at most 10 KB" in response.text


def test_the_preview_takes_the_same_queries_for_ten_rows_and_three_hundred(classroom, client_for):
    client = client_for(classroom.instructor)

    def queries_for(count: int) -> int:
        existing = UserFactory.create_batch(count // 2)
        MembershipFactory.create_batch(3, course=classroom.course)
        lines = ["name,email,role,group"]
        lines += [f"Old {n},{user.email},ta,Harbour" for n, user in enumerate(existing)]
        lines += [f"New {n},new{count}-{n}@example.org,,G{n % 4}" for n in range(count // 2)]
        with CaptureQueriesContext(connection) as queries:
            response = upload(client, classroom, "\n".join(lines))
        assert response.status_code == 200
        return len(queries.captured_queries)

    assert queries_for(10) == queries_for(300)


# --- Confirming ---


def test_confirming_imports_everyone_and_e_mails_each_once(classroom, client_for, settings):
    classroom.instructor.display_name = "Ms. Park"
    classroom.instructor.save()
    existing = UserFactory(email="Joins@Example.org")
    text = (
        "name,email,role,group\n"
        "Amara Okafor,amara@example.org,,Harbour\n"
        "Noor Haddad,noor@example.org,instructor,\n"
        "Someone,joins@example.org,student,Harbour\n"
        f"Ben,{classroom.classmate.email},TA,\n"
    )
    client = client_for(classroom.instructor)
    response = preview_and_confirm(client, classroom, text)
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:roster", args=[classroom.course.slug])
    roster = roster_of(classroom)
    amara = roster["amara@example.org"]
    assert amara.role == Role.STUDENT and amara.group.name == "Harbour"
    assert amara.user.display_name == "Amara Okafor" and amara.user.username == "amara"
    assert not amara.user.has_usable_password()
    assert roster["noor@example.org"].role == Role.INSTRUCTOR
    assert roster["joins@example.org"].user == existing
    assert roster["joins@example.org"].group == amara.group  # one group, made once
    assert existing.display_name != "Someone"  # an account keeps its own name
    assert roster[classroom.classmate.email].role == Role.TA
    assert Group.objects.filter(course=classroom.course).count() == 1

    roster_page = client.get(response["Location"])
    assert "3 people added, 2 new accounts e-mailed, 1 member&#x27;s role or group changed." in (
        roster_page.text
    )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "Joins@Example.org",
        "amara@example.org",
        "noor@example.org",
    ]
    welcome = next(m for m in mail.outbox if m.to == ["amara@example.org"])
    assert welcome.subject == f"Ms. Park added you to {classroom.course.title} on Colloquy"
    assert "school account" not in welcome.body
    added = next(m for m in mail.outbox if m.to == ["Joins@Example.org"])
    assert added.subject == f"You were added to {classroom.course.title} on Colloquy"
    assert "https://colloquy.example" + classroom.course.get_absolute_url() in added.body


def test_the_link_sets_a_first_password_and_then_works_no_more(classroom, client_for):
    client = client_for(classroom.instructor)
    preview_and_confirm(client, classroom, "name,email\nAmara,amara@example.org\n")
    link = re.search(r"https://colloquy\.example(/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Choose a new password" in form.text
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert done.status_code == 302
    amara = User.objects.get(email="amara@example.org")
    assert amara.check_password(PASSWORD)
    assert "This link has expired" in client.get(link, follow=True).text


def test_with_single_sign_on_the_e_mail_says_the_school_account_works(
    classroom, client_for, settings
):
    settings.SSO_ISSUER = "https://login.school.example"
    preview_and_confirm(
        client_for(classroom.instructor), classroom, "name,email\nAmara,amara@example.org\n"
    )
    assert "sign in with your school account" in mail.outbox[0].body


def test_a_role_change_is_in_the_audit_log_and_a_removed_member_returns(classroom, client_for):
    classmate = Membership.objects.get(user=classroom.classmate, course=classroom.course)
    Membership.objects.filter(pk=classmate.pk).update(removed_at="2026-01-01T00:00Z")
    text = (
        f"name,email,role\nBen,{classroom.classmate.email},ta\n"
        f"Stu,{classroom.student.email},instructor\n"
    )
    preview_and_confirm(client_for(classroom.instructor), classroom, text)
    classmate.refresh_from_db()
    assert classmate.removed_at is None and classmate.role == Role.TA
    logged = set(
        ModerationAction.objects.filter(course=classroom.course).values_list("kind", "subject")
    )
    assert ("member_restore", classroom.classmate.pk) in logged
    assert ("role_change", classroom.classmate.pk) in logged
    assert ("role_change", classroom.student.pk) in logged
    assert [m.to[0] for m in mail.outbox] == [classroom.classmate.email]


def test_usernames_for_new_accounts_are_free(classroom, client_for):
    UserFactory(username="amara")
    preview_and_confirm(
        client_for(classroom.instructor),
        classroom,
        "name,email\nAmara,amara@example.org\nAmara Too,Amara@school.example\n",
    )
    usernames = sorted(
        User.objects.filter(username__startswith="amara").values_list("username", flat=True)
    )
    assert usernames == ["amara", "amara2", "amara3"]


def test_a_tampered_preview_is_refused_and_imports_nothing(classroom, client_for):
    client = client_for(classroom.instructor)
    preview = upload(client, classroom, "name,email\nAmara,amara@example.org\n")
    signed = signed_rows(preview)
    payload = signing.loads(signed, salt=SIGNING_SALT)
    payload["rows"][0][2] = "mallory@example.org"
    forged = signing.dumps(payload, salt="another salt", compress=True)
    for tampered in (signed[:-2] + "xx", forged, "", "not even signed"):
        response = client.post(confirm_url(classroom), {"class_list": tampered})
        assert response.status_code == 400
        assert "Upload the file again" in response.text
    assert not User.objects.filter(email__in=["amara@example.org", "mallory@example.org"])
    assert not mail.outbox


def test_a_preview_for_another_course_does_not_import_here(classroom, client_for):
    client = client_for(classroom.instructor)
    preview = upload(client, classroom, "name,email\nAmara,amara@example.org\n")
    other = classroom.other_assignment.course
    MembershipFactory(user=classroom.instructor, course=other, role=Role.INSTRUCTOR)
    response = client.post(
        reverse("classroom:class_list_confirm", args=[other.slug]),
        {"class_list": signed_rows(preview)},
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="amara@example.org").exists()


def test_confirming_checks_again_and_shows_what_changed(classroom, client_for):
    client = client_for(classroom.instructor)
    preview = upload(client, classroom, "name,email\nAmara,amara@example.org\n")
    UserFactory(email="AMARA@example.org")
    UserFactory(email="amara@EXAMPLE.org")
    response = client.post(confirm_url(classroom), {"class_list": signed_rows(preview)})
    assert response.status_code == 422
    assert "More than one account uses this address" in response.text
    assert not Membership.objects.filter(user__email__iexact="amara@example.org").exists()
    assert not mail.outbox


def test_a_mail_server_that_is_down_still_imports_and_says_who_was_not_e_mailed(
    classroom, client_for, mail_server_down
):
    client = client_for(classroom.instructor)
    response = preview_and_confirm(client, classroom, "name,email\nAmara,amara@example.org\n")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "1 person added, 0 new accounts e-mailed." in page.text
    assert "did not take the e-mails to amara@example.org" in page.text
    assert Membership.objects.filter(user__email="amara@example.org").exists()


# --- Who may ---


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("student", 403), ("ta", 403)])
def test_only_instructors_import_and_download(classroom, client_for, role, status):
    client = client_for(classroom.user(role))
    text = "name,email\nAmara,amara@example.org\n"
    assert upload(client, classroom, text).status_code == status
    signed = signing.dumps(
        {"course": classroom.course.pk, "rows": [[2, "Amara", "amara@example.org", "", "", 0]]},
        salt=SIGNING_SALT,
        compress=True,
    )
    assert client.post(confirm_url(classroom), {"class_list": signed}).status_code == status
    export = reverse("classroom:roster_export", args=[classroom.course.slug])
    assert client.get(export).status_code == status
    assert not User.objects.filter(email="amara@example.org").exists()


# --- Downloading ---


def test_the_roster_downloads_with_formulas_made_harmless(classroom, client_for):
    classroom.student.display_name = '=HYPERLINK("http://evil.example")'
    classroom.student.save()
    harbour = Group.objects.create(course=classroom.course, name="@Harbour")
    Membership.objects.filter(user=classroom.student).update(group=harbour, student_number="-42")
    Membership.objects.filter(user=classroom.classmate).update(removed_at="2026-03-01T00:00Z")
    response = client_for(classroom.instructor).get(
        reverse("classroom:roster_export", args=[classroom.course.slug])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "E-mail", "Role", "Group", "Student ID", "Joined", "Status"]
    by_email = {row[1]: row for row in rows[1:]}
    student = by_email[classroom.student.email]
    assert student[0] == '\'=HYPERLINK("http://evil.example")'
    assert student[2:5] == ["Student", "'@Harbour", "'-42"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", student[5]) and student[6] == "active"
    assert by_email[classroom.classmate.email][6] == "removed"
    assert by_email[classroom.instructor.email][2] == "Instructor"
    assert len(rows) == 1 + Membership.objects.filter(course=classroom.course).count()


def test_a_downloaded_roster_imports_back_unchanged(classroom, client_for):
    client = client_for(classroom.instructor)
    export = client.get(reverse("classroom:roster_export", args=[classroom.course.slug]))
    response = upload(client, classroom, export.content)
    assert response.status_code == 200, response.text
    assert "4 members stay as they are" in response.text


def test_the_download_takes_the_same_queries_however_many_members(classroom, client_for):
    client = client_for(classroom.instructor)
    export = reverse("classroom:roster_export", args=[classroom.course.slug])

    def queries_with_more(count: int) -> int:
        harbour, _ = Group.objects.get_or_create(course=classroom.course, name="Harbour")
        MembershipFactory.create_batch(count, course=classroom.course, group=harbour)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(export).status_code == 200
        return len(queries.captured_queries)

    assert queries_with_more(2) == queries_with_more(40)


def test_confirming_twice_imports_once(classroom, client_for):
    """A double-clicked Confirm: the second finds everyone already in and e-mails nobody."""
    client = client_for(classroom.instructor)
    preview = upload(client, classroom, "name,email\nAmara,amara@example.org\n")
    rows = {"class_list": signed_rows(preview)}
    assert client.post(confirm_url(classroom), rows).status_code == 302
    again = client.post(confirm_url(classroom), rows)
    assert again.status_code == 302
    assert "0 people added" in client.get(again["Location"]).text
    assert Membership.objects.filter(user__email="amara@example.org").count() == 1
    assert len(mail.outbox) == 1
