"""Text no one should store: NUL and other control characters, lone surrogates, broken UTF-8,
byte-order marks and direction overrides. Each is refused with a clear message or cleaned,
never a 500, and nothing stored holds a NUL or a lone surrogate."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from articles.models import Paragraph, Reading, ReadingDraft
from articles.rendering import clean_text
from classroom.models import Membership, User
from discussions.models import Comment, Prompt
from discussions.reading.services import comment_create
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
NUL_REFUSED = "Null characters are not allowed."
# What must never reach the database: NUL, other C0 controls but tab and newline, DEL and
# lone surrogates.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")

# Text a person might paste, with something invisible or broken in it, and what is kept.
CLEANED = {
    "c0-controls": ("Bell\x07 and\x01 escape\x1b[31m red\x7f.", "Bell and escape[31m red."),
    "vertical-tab-and-form-feed": ("One\x0b two\x0c three.", "One two three."),
    "carriage-returns": ("First line\r\nsecond\rthird", "First line\nsecond\nthird"),
    "byte-order-mark": ("\ufeffA comment pasted from a file.", "A comment pasted from a file."),
    "byte-order-mark-inside": ("Two\ufeff halves.", "Two halves."),
    "direction-override": (
        "Look at the file txt.\u202eexe\u202c name.",
        "Look at the file txt.exe name.",
    ),
    "direction-isolates": ("A \u2067name\u2069 here.", "A name here."),
}
# Marks real writing needs stay: joiners (Persian, emoji), direction marks, other scripts.
KEPT = "می\u200cخواهم \u200fשלום\u200f 👩\u200d🏫 café ok."

# Bytes as a browser or a script might send them, already URL-encoded.
BROKEN_UTF8 = {
    "lone-high-surrogate": "%ED%A0%80",  # U+D800 encoded as if it were a character
    "lone-low-surrogate": "%ED%B0%80",
    "surrogate-pair-halves": "%ED%A0%BD%ED%B8%80",
    "overlong-slash": "%C0%AF",
    "truncated-sequence": "%E2%82",
    "invalid-bytes": "%FF%FE%FD",
    "nul": "%00",
    "nul-and-controls": "%00%01%1B%7F",
}


def stored_text_is_clean() -> None:
    texts = [
        *Comment.objects.values_list("body", "body_html"),
        *Prompt.objects.values_list("body", "body_html"),
        *Paragraph.objects.values_list("text", "html"),
        *Reading.objects.values_list("title", "byline", "author_note"),
        *User.objects.values_list("username", "display_name", "email"),
    ]
    for row in texts:
        for value in row:
            assert not UNSTORABLE.search(value), f"stored {value!r}"


def encoded(fields: dict[str, str], raw: dict[str, str] | None = None) -> bytes:
    """A form body; `raw` values are put in as already-encoded bytes."""
    parts = [f"{name}={quote(value)}" for name, value in fields.items()]
    parts += [f"{name}={value}" for name, value in (raw or {}).items()]
    return "&".join(parts).encode("ascii")


def thread_url(classroom) -> str:
    return reverse(
        "discussions:thread_create",
        args=[classroom.course.slug, classroom.assignment.pk, classroom.paragraphs[0].pk],
    )


def comment_urls(classroom):
    own = make_comment(author=classroom.student, assignment=classroom.assignment, body="Mine.")
    return {
        "thread": thread_url(classroom),
        "reply": reverse("discussions:comment_reply", args=[classroom.comment.pk]),
        "edit": reverse("discussions:comment_edit", args=[own.pk]),
    }


# --- Comments ---


@pytest.mark.parametrize(("written", "kept"), CLEANED.values(), ids=CLEANED.keys())
@pytest.mark.parametrize("action", ["thread", "reply", "edit"])
def test_invisible_characters_are_cleaned_from_comments(
    action, written, kept, classroom, client_for
):
    client = client_for(classroom.student)
    url = comment_urls(classroom)[action]
    response = client.post(url, {"body": written})
    assert response.status_code == 302, response.content
    assert Comment.objects.filter(body=kept).count() == 1
    page = client.get(response.url)
    assert page.status_code == 200
    assert kept.split()[-1] in page.text
    stored_text_is_clean()


def test_the_marks_real_writing_needs_are_kept(classroom, client_for):
    client = client_for(classroom.student)
    assert client.post(thread_url(classroom), {"body": KEPT}).status_code == 302
    assert Comment.objects.filter(body=KEPT).exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
@pytest.mark.parametrize("action", ["thread", "reply", "edit"])
def test_a_nul_in_a_comment_is_refused_with_a_message(action, htmx, classroom, client_for):
    client = client_for(classroom.student)
    url = comment_urls(classroom)[action]
    before = sorted(Comment.objects.values_list("pk", "body"))
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(url, {"body": "Before\x00after"}, headers=headers)
    assert response.status_code == 422
    assert NUL_REFUSED in response.text
    assert sorted(Comment.objects.values_list("pk", "body")) == before


@pytest.mark.parametrize("raw", BROKEN_UTF8.values(), ids=BROKEN_UTF8.keys())
@pytest.mark.parametrize("action", ["thread", "reply", "edit"])
def test_broken_utf8_in_a_comment_never_breaks_the_page(action, raw, classroom, client_for):
    client = client_for(classroom.student)
    url = comment_urls(classroom)[action]
    before = Comment.objects.count()
    body = encoded({"kind": ""}, {"body": f"Start{raw}end"})
    response = client.generic("POST", url, data=body, content_type=FORM)
    if "%00" in raw:
        assert response.status_code == 422
        assert NUL_REFUSED in response.text
        assert Comment.objects.count() == before
    else:
        # Undecodable bytes arrive as U+FFFD, the replacement character: stored as such.
        assert response.status_code == 302
        newest = Comment.objects.latest("pk")
        assert newest.body.startswith("Start") and newest.body.endswith("end")
        assert "\ufffd" in newest.body
        assert client.get(response.url).status_code == 200
    stored_text_is_clean()


def test_a_comment_of_only_invisible_characters_is_empty(classroom, client_for):
    client = client_for(classroom.student)
    before = Comment.objects.count()
    response = client.post(thread_url(classroom), {"body": "\ufeff\u202e\x07\u2066\x1b"})
    assert response.status_code == 422
    assert "Write something before posting." in response.text
    assert Comment.objects.count() == before


def test_lone_surrogates_are_cleaned_by_the_services(classroom):
    """No HTTP client can send one (they are not UTF-8), but a script calling the services
    directly could; they are dropped before anything is saved."""
    comment = comment_create(
        author=classroom.student,
        assignment=classroom.assignment,
        paragraph=classroom.paragraphs[0],
        body="Half\ud800 a pair\udfff here.",
    )
    comment.refresh_from_db()
    assert comment.body == "Half a pair here."
    stored_text_is_clean()


def test_a_prompt_is_cleaned_like_a_comment(classroom, client_for):
    client = client_for(classroom.instructor)
    url = reverse("discussions:prompt_new", args=[classroom.course.slug, classroom.assignment.pk])
    response = client.post(url, {"body": "\ufeffWhat does\x07 the \u202eauthor want?"})
    assert response.status_code == 302
    assert Prompt.objects.get().body == "What does the author want?"
    response = client.post(url, {"body": "Why\x00?"})
    assert response.status_code == 422
    assert NUL_REFUSED in response.text
    assert Prompt.objects.count() == 1
    stored_text_is_clean()


def test_clean_text_keeps_tabs_newlines_and_every_script():
    text = "Tab\there\nnew line — العربية 中文 ✓"
    assert clean_text(text) == text


# --- Join codes ---


@pytest.mark.parametrize(
    "code",
    ["\x00", "ABCD\x00EFGH", "\x07\x1b[2J", "\ufeff", "\u202eXKCD", "\ud800"],
    ids=["nul", "nul-inside", "controls", "bom", "override", "surrogate"],
)
def test_odd_join_codes_are_refused_with_a_message(code, classroom, client_for):
    client = client_for(classroom.outsider)
    if "\ud800" in code:
        response = client.generic(
            "POST", reverse("classroom:join"), data=b"join_code=%ED%A0%80", content_type=FORM
        )
    else:
        response = client.post(reverse("classroom:join"), {"join_code": code})
    assert response.status_code == 422
    assert NUL_REFUSED in response.text or "match any course" in response.text
    assert not Membership.objects.filter(user=classroom.outsider).exists()


def test_a_join_code_with_invisible_characters_still_joins(classroom, client_for):
    """The code itself is all letters and digits, so whatever else was pasted is ignored."""
    client = client_for(classroom.outsider)
    pasted = "\ufeff\u202d" + classroom.course.join_code + "\x07"
    response = client.post(reverse("classroom:join"), {"join_code": pasted})
    assert response.status_code == 302
    assert Membership.objects.filter(user=classroom.outsider, course=classroom.course).exists()


@pytest.mark.parametrize(
    "segment", ["%00", "%ED%A0%80", "%FF%FE", "%E2%80%AE", "%EF%BB%BF"], ids=str
)
def test_odd_join_links_explain_and_never_fail(segment, classroom, client_for):
    client = client_for(classroom.outsider)
    url = f"/join/{segment}/"
    assert client.get(url).status_code in (200, 404)
    response = client.post(url)
    assert response.status_code in (404, 422)
    assert not Membership.objects.filter(user=classroom.outsider).exists()


# --- Sign-up ---

PASSWORD = "a long enough passphrase 42"


def sign_up(client, **fields):
    data = {
        "username": "newstudent",
        "display_name": "New Student",
        "email": "new@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
    return client.post(reverse("signup"), data)


@pytest.mark.parametrize(
    "username",
    ["new\x00student", "new\x07student", "\ufeffnewstudent", "newstudent\u202e", "new\u2066x"],
    ids=["nul", "bell", "bom", "override", "isolate"],
)
def test_usernames_with_invisible_characters_are_refused(username, client):
    response = sign_up(client, username=username)
    assert response.status_code == 200  # the form again, with its errors
    assert NUL_REFUSED in response.text or "Enter a valid username" in response.text
    assert not User.objects.filter(username__startswith="new").exists()


@pytest.mark.parametrize(
    "name",
    ["Ruth\x00", "Ruth\x1b[31m", "\u202eRuth Castillo", "Ruth \u2067Castillo", "\ufeffRuth"],
    ids=["nul", "escape", "override", "isolate", "bom"],
)
def test_display_names_with_invisible_characters_are_refused(name, client):
    response = sign_up(client, display_name=name)
    assert response.status_code == 200
    assert not User.objects.filter(username="newstudent").exists()
    assert NUL_REFUSED in response.text or "invisible" in response.text


def test_display_names_in_any_script_are_welcome(client):
    response = sign_up(client, display_name="مریم\u200cالسادات Ōtsuka-Łukasz 👩\u200d🏫")
    assert response.status_code == 302
    assert User.objects.get(username="newstudent").display_name.startswith("مریم")


def test_broken_utf8_at_sign_up_never_breaks_the_page(client):
    body = encoded(
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
        {"username": "new%ED%A0%80student", "display_name": "Ruth%FF%00"},
    )
    response = client.generic("POST", reverse("signup"), data=body, content_type=FORM)
    assert response.status_code == 200
    assert not User.objects.filter(username__startswith="new").exists()
    stored_text_is_clean()


# --- Readings ---


def test_reading_text_is_cleaned(classroom, client_for):
    client = client_for(classroom.instructor)
    text = "\ufeffFirst\x07 paragraph\x1b.\r\n\r\nSecond \u202eparagraph\x0b here."
    response = client.post(
        reverse("articles:new"), {"title": "Title\x07 here", "byline": "\ufeffAnon", "text": text}
    )
    assert response.status_code == 302
    reading = Reading.objects.latest("pk")
    # A published text may need direction controls for names in another script; they end
    # with their paragraph, so they stay.
    assert [p.text for p in reading.current_paragraphs()] == [
        "First paragraph.",
        "Second \u202eparagraph here.",
    ]
    assert reading.title == "Title here"
    assert reading.byline == "Anon"
    assert client.get(response.url).status_code == 200
    stored_text_is_clean()


def test_a_nul_in_reading_text_is_refused(classroom, client_for):
    client = client_for(classroom.instructor)
    before = Reading.objects.count()
    response = client.post(reverse("articles:new"), {"title": "T", "text": "A\x00B"})
    assert response.status_code == 422
    assert NUL_REFUSED in response.text
    assert Reading.objects.count() == before


@pytest.mark.parametrize("raw", BROKEN_UTF8.values(), ids=BROKEN_UTF8.keys())
def test_broken_utf8_in_reading_text_never_breaks_the_page(raw, classroom, client_for):
    client = client_for(classroom.instructor)
    body = encoded({"title": "Broken bytes"}, {"text": f"A sentence{raw} in a reading."})
    response = client.generic("POST", reverse("articles:new"), data=body, content_type=FORM)
    assert response.status_code in (302, 422)
    if response.status_code == 302:
        assert client.get(response.url).status_code == 200
    else:
        assert NUL_REFUSED in response.text
    stored_text_is_clean()


@pytest.mark.parametrize("raw", BROKEN_UTF8.values(), ids=BROKEN_UTF8.keys())
def test_broken_utf8_in_a_pasted_import_never_breaks_the_preview(raw, classroom, client_for):
    client = client_for(classroom.instructor)
    text = (
        quote("Imported\x07 page\n\n")
        + "A paragraph"
        + raw
        + quote(" with enough words to read like an article, so the importer keeps it as the text.")
    )
    response = client.generic(
        "POST", reverse("articles:import"), data=f"text={text}".encode(), content_type=FORM
    )
    if "%00" in raw:
        assert response.status_code == 422
        assert NUL_REFUSED in response.text
        return
    assert response.status_code == 302, response.text
    preview = client.get(response.url)
    assert preview.status_code == 200
    draft = ReadingDraft.objects.latest("pk")
    save = client.post(response.url, {**_draft_form(draft), "action": "save"})
    assert save.status_code == 302
    assert client.get(save.url).status_code == 200
    stored_text_is_clean()


def _draft_form(draft) -> dict:
    data = {
        "title": draft.title or "Imported",
        "byline": draft.byline,
        "author_note": draft.author_note,
        "language": draft.language,
        "direction": draft.direction,
    }
    for index, block in enumerate(draft.blocks):
        data[f"text-{index}"] = block["text"]
        if block["included"]:
            data[f"include-{index}"] = "on"
    return data
