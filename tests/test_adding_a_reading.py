"""Adding a reading from a course: one page (address, file or paste), the preview, then the
course's assignment form with the new reading already chosen."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Reading, ReadingDraft
from articles.tests import draft_post

pytestmark = pytest.mark.django_db

TEXT = (
    "Tide Pools\n\nBy Ana Ruiz\n\n"
    "The tide goes out twice a day and leaves small worlds behind in the rocks. "
    "Each pool keeps its own crabs, snails and anemones until the water comes back.\n\n"
    "Visitors who lift stones should put them back the way they found them, because the "
    "animals underneath depend on the shade and the damp to live through the afternoon."
)


def add_url_for(client, course) -> str:
    page = client.get(course.get_absolute_url()).text
    return unescape(re.search(r'href="([^"]*/readings/import/\?next=[^"]*)"', page).group(1))


def test_from_a_course_a_file_ends_on_its_assignment_form_with_the_reading_chosen(
    classroom, client_for
):
    instructor = client_for(classroom.instructor)
    add_url = add_url_for(instructor, classroom.course)
    page = instructor.get(add_url)
    assert page.status_code == 200
    assert "go straight on to assign it" in page.text
    upload = SimpleUploadedFile("tide-pools.txt", TEXT.encode(), content_type="text/plain")
    next_url = reverse("classroom:assignment_new", args=[classroom.course.slug])
    response = instructor.post(add_url, {"file": upload, "next": next_url})
    assert response.status_code == 302
    draft = ReadingDraft.objects.get(owner=classroom.instructor)
    assert draft.next_url == next_url
    preview = instructor.get(response.url)
    assert "Save reading and assign it" in preview.text

    saved = draft_post(instructor, draft, "save")
    reading = Reading.objects.get(title="Tide Pools")
    assert saved.status_code == 302
    assert saved.url == f"{next_url}?reading={reading.pk}"
    form = instructor.get(saved.url)
    assert re.search(rf'<option value="{reading.pk}" selected>Tide Pools</option>', form.text)


def test_an_address_off_this_site_is_not_followed_after_saving(classroom, client_for):
    instructor = client_for(classroom.instructor)
    add = reverse("articles:import")
    response = instructor.post(f"{add}?next=https://elsewhere.example/steal", {"text": TEXT})
    draft = ReadingDraft.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert draft.next_url == ""
    saved = draft_post(instructor, draft, "save")
    assert saved.url == Reading.objects.get(title="Tide Pools").get_absolute_url()


def test_the_empty_assign_page_links_to_adding_a_reading_for_this_course(classroom, client_for):
    assert not Reading.objects.filter(owner=classroom.instructor).exists()
    client = client_for(classroom.instructor)
    assign = reverse("classroom:assignment_new", args=[classroom.course.slug])
    page = client.get(assign)
    assert "You have no readings yet." in page.text
    assert f'href="{reverse("articles:import")}?next={assign}"' in page.text


def test_a_saved_reading_offers_its_courses_before_its_text(classroom, client_for):
    reading = classroom.assignment.reading
    reading.owner = classroom.instructor
    reading.save(update_fields=["owner"])
    page = client_for(classroom.instructor).get(reading.get_absolute_url()).text
    assign = reverse("classroom:assignment_new", args=[classroom.course.slug])
    assert page.index(f"{assign}?reading={reading.pk}") < page.index('class="paragraph"')


def test_the_assign_page_with_readings_offers_to_add_another(classroom, client_for):
    reading = classroom.assignment.reading
    reading.owner = classroom.instructor
    reading.save(update_fields=["owner"])
    assign = reverse("classroom:assignment_new", args=[classroom.course.slug])
    page = client_for(classroom.instructor).get(assign).text
    assert "You have no readings yet." not in page
    assert f'Not in the list? <a href="{reverse("articles:import")}?next={assign}"' in page
