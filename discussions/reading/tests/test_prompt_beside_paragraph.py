"""Staff pose a prompt from the button beside a paragraph: inline with HTMX, on its own page
without JS; the page lists paragraphs by number with their whole opening sentence."""

import pytest
from django.urls import reverse

from articles.services import reading_revise
from discussions.models import Prompt

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
LONG_OPENING = (
    "The committee met on a cold morning in a room without heating, and nobody took off their "
    "coat. Then the chair spoke."
)


def prompt_new_url(classroom, paragraph=None):
    url = reverse("discussions:prompt_new", args=[classroom.course.slug, classroom.assignment.pk])
    return f"{url}?p={paragraph.pk}" if paragraph else url


def reading_page(client, classroom):
    args = [classroom.course.slug, classroom.assignment.pk]
    return client.get(reverse("discussions:reading", args=args)).text


@pytest.mark.parametrize("role", ["ta", "instructor"])
def test_staff_see_a_prompt_button_beside_every_paragraph(classroom, client_for, role):
    page = reading_page(client_for(getattr(classroom, role)), classroom)
    for paragraph in classroom.paragraphs:
        assert f'href="{prompt_new_url(classroom, paragraph)}"' in page
        assert f'hx-target="#discussion-{paragraph.pk}"' in page
        assert f"on paragraph {paragraph.number}</span>" in page


def test_students_never_see_the_prompt_button(classroom, client_for):
    page = reading_page(client_for(classroom.student), classroom)
    assert prompt_new_url(classroom) not in page
    assert "pose-prompt" not in page


def test_the_inline_form_opens_under_the_paragraph_and_posts_the_prompt_there(
    classroom, client_for
):
    client = client_for(classroom.ta)
    third = classroom.paragraphs[2]
    response = client.get(prompt_new_url(classroom, third), headers=HTMX)
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert response.text.lstrip().startswith("<form")  # a fragment, not a page
    assert f'<input type="hidden" name="paragraph" value="{third.pk}">' in response.text
    assert "Prompt on paragraph 3" in response.text
    data = {"paragraph": third.pk, "body": "Why does the *chair* wait?", "post_first": "on"}
    response = client.post(prompt_new_url(classroom), data, headers=HTMX)
    assert response.status_code == 200
    prompt = Prompt.objects.get()
    assert (prompt.paragraph, prompt.post_first) == (third, True)
    # The answer is the paragraph's discussion with the prompt at its top.
    assert response.text.lstrip().startswith('<section class="discussion"')
    assert f'id="{prompt.anchor}"' in response.text
    assert "Why does the <em>chair</em> wait?" in response.text


def test_an_empty_inline_prompt_comes_back_with_its_message_and_nothing_is_lost(
    classroom, client_for
):
    client = client_for(classroom.ta)
    third = classroom.paragraphs[2]
    data = {"paragraph": third.pk, "body": "", "post_first": "on"}
    response = client.post(prompt_new_url(classroom), data, headers=HTMX)
    assert response.status_code == 422
    assert "Write the prompt." in response.text
    assert f'id="prompt-form-{third.pk}"' in response.text
    assert 'id="prompt-post-first-' in response.text and " checked>" in response.text
    assert not Prompt.objects.exists()


def test_without_js_the_button_opens_the_form_with_its_paragraph_chosen(classroom, client_for):
    client = client_for(classroom.instructor)
    third = classroom.paragraphs[2]
    response = client.get(prompt_new_url(classroom, third))
    assert "HX-Request" in response["Vary"]
    page = response.text
    assert f'value="{third.pk}" id="id_paragraph_3" checked' in page
    response = client.post(prompt_new_url(classroom), {"paragraph": third.pk, "body": "Why?"})
    prompt = Prompt.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"?open={third.pk}#{prompt.anchor}")
    assert prompt.paragraph == third
    assert "Why?" in client.get(response.url).text


def test_the_form_lists_paragraph_numbers_and_whole_openings_but_no_headings(classroom, client_for):
    reading = classroom.assignment.reading
    texts = [p.text for p in classroom.paragraphs]
    texts[1] = LONG_OPENING
    kinds = ["heading"] + ["paragraph"] * (len(texts) - 1)
    reading_revise(reading=reading, paragraphs=texts, kinds=kinds, editor=reading.owner)
    page = client_for(classroom.ta).get(prompt_new_url(classroom)).text
    assert "<legend>Where</legend>" in page
    assert 'value="" id="id_paragraph_0" checked' in page  # the whole reading, unless chosen
    assert (
        "¶ 1 — The committee met on a cold morning in a room without heating, and nobody took "
        "off their coat. …</span>"
    ) in page
    assert f"— {texts[0]}" not in page  # the heading is not a place for a prompt
    assert "¶ 4 — " in page and "¶ 5 — " not in page


def test_a_prompt_cannot_be_posed_on_a_heading(classroom, client_for):
    reading = classroom.assignment.reading
    texts = [p.text for p in classroom.paragraphs]
    reading_revise(
        reading=reading,
        paragraphs=texts,
        kinds=["heading"] + ["paragraph"] * (len(texts) - 1),
        editor=reading.owner,
    )
    reading.refresh_from_db()
    heading = reading.current_paragraphs().get(kind="heading")
    client = client_for(classroom.ta)
    response = client.post(prompt_new_url(classroom), {"paragraph": heading.pk, "body": "Why?"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.text
    assert "Why?" in response.text
    assert not Prompt.objects.exists()
