"""The interface is translatable and translated: no template text outside a translation tag,
a complete Spanish catalogue whose compiled copy is current, and the reader's language chosen
from their account or, failing that, their browser."""

import gettext
import io
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from classroom.models import Role
from discussions.models import Notice, ParticipationRubric
from discussions.moderation.decisions import comment_hide

from .factories import MembershipFactory

# Words a template may show untranslated: the product's name.
ALLOWED_TEXT = {"Colloquy"}

TEMPLATE_DIRS = sorted(
    path
    for path in settings.BASE_DIR.glob("**/templates")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)

# Attributes a person reads or hears: tooltips, labels, placeholders, confirmations, and the
# labels that narrow screens show beside table cells.
VISIBLE_ATTRIBUTES = {
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "alt",
    "hx-confirm",
    "data-label",
}
BUTTON_TYPES = {"submit", "button", "reset"}
# Literal arguments of {% with %} and {% include … with %} that end up on the page.
VISIBLE_WITH_KEYS = {"label", "caption", "empty", "title", "heading", "message", "text", "help"}

COMMENT = re.compile(r"{#.*?#}|{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}", re.DOTALL)
# Blocks that hold CSS classes, not words.
CLASS_BLOCK = re.compile(
    r"{%\s*block\s+(main_class|bodyclass)\s*%}.*?{%\s*endblock\b.*?%}", re.DOTALL
)
BLOCK_TRANSLATION = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.DOTALL
)
TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
WITH_LITERAL = re.compile(r"""\b(\w+)=(["'])(.*?)\2""")
PLURALIZE = re.compile(r"\|\s*pluralize\b")
DATE_LITERAL = re.compile(r"""\|\s*date\s*:\s*(["'])(.*?)\1""")
HTML_TAG = re.compile(r"<(/?[a-zA-Z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
ATTRIBUTE = re.compile(r"""([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
ENTITY = re.compile(r"&#?\w+;")
LETTER = re.compile(r"[^\W\d_]")


def has_words(text: str) -> bool:
    text = ENTITY.sub(" ", text)
    for allowed in ALLOWED_TEXT:
        text = text.replace(allowed, " ")
    return bool(LETTER.search(text))


def untranslated_text(source: str) -> list[str]:
    """What a template would show in English whatever the reader's language."""
    found = []
    source = COMMENT.sub(" ", source)
    source = CLASS_BLOCK.sub(" ", source)
    source = BLOCK_TRANSLATION.sub(" ", source)
    for tag in TEMPLATE_TAG.findall(source):
        if PLURALIZE.search(tag):
            found.append(f"English plural in {tag}")
        for _quote, date_format in DATE_LITERAL.findall(tag):
            if date_format not in {"c", "U"}:
                found.append(f"fixed date format in {tag}")
        if re.match(r"{%\s*(with|include)\b", tag):
            for key, _quote, value in WITH_LITERAL.findall(tag):
                if key in VISIBLE_WITH_KEYS and has_words(value):
                    found.append(f"untranslated {key}= in {tag}")
    markup = TEMPLATE_TAG.sub("", source)
    for name, attributes in HTML_TAG.findall(markup):
        values = {}
        for attribute, double, single, bare in ATTRIBUTE.findall(attributes):
            values[attribute.lower()] = double or single or bare
        input_type = values.get("type", "").lower()
        for attribute, value in values.items():
            visible = attribute in VISIBLE_ATTRIBUTES or (
                attribute == "value"
                and (name == "option" or (name == "input" and input_type in BUTTON_TYPES))
            )
            if visible and has_words(value):
                found.append(f'<{name} {attribute}="{value}">')
    text = HTML_TAG.sub("\n", markup)
    text = re.sub(r"<!doctype[^>]*>", " ", text, flags=re.IGNORECASE)
    found.extend(line.strip() for line in text.splitlines() if has_words(line))
    return found


def template_files() -> list[Path]:
    return sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))


def test_templates_are_found():
    names = {path.relative_to(settings.BASE_DIR).as_posix() for path in template_files()}
    assert "templates/base.html" in names
    assert "discussions/templates/discussions/reading/reading.html" in names
    assert len(names) > 40


@pytest.mark.parametrize(
    "source",
    [
        "<p>Hello there</p>",
        "<p>{% translate 'Fine' %} but not this</p>",
        '<a aria-label="Close the form">×</a>',
        '<input type="submit" value="Erase the text">',
        '<option value="Spam or advertising."></option>',
        "<td>{{ count }} thing{{ count|pluralize }}</td>",
        '<time>{{ when|date:"j M" }}</time>',
        '{% include "_pagination.html" with label="Notice pages" %}',
        '<button hx-confirm="Really?">{% translate "Go" %}</button>',
    ],
)
def test_scanner_finds_english_text(source):
    assert untranslated_text(source)


@pytest.mark.parametrize(
    "source",
    [
        "{% load i18n %}<p>{% translate 'Hello there' %}</p>",
        '<a aria-label="{% translate "Close the form" %}" href="{{ url }}">×</a>',
        "<p>{% blocktranslate count n=total %}{{ n }} post{% plural %}{{ n }} posts"
        "{% endblocktranslate %}</p>",
        '<time datetime="{{ when|date:\'c\' }}">{{ when|date:_("j M, H:i") }}</time>',
        '<input type="hidden" name="shown_in" value="reading"><span class="x y">¶ {{ n }}</span>',
        '{# a note for whoever edits this #}<a class="brand" href="/">Colloquy</a>',
        '{% include "_pagination.html" with label=_("Notice pages") query="kind="|add:kind %}',
    ],
)
def test_scanner_leaves_translated_text_alone(source):
    assert untranslated_text(source) == []


def test_every_template_text_is_marked_for_translation():
    problems = {}
    for path in template_files():
        found = untranslated_text(path.read_text(encoding="utf-8"))
        if found:
            problems[path.relative_to(settings.BASE_DIR).as_posix()] = found
    report = "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in sorted(problems.items())
    )
    assert not problems, f"Text outside a translation tag:\n{report}"


# --- The Spanish catalogue: complete, compiled, and the compiled copy current ---

LOCALE_DIR = settings.BASE_DIR / "locale"
SPANISH_PO = LOCALE_DIR / "es" / "LC_MESSAGES" / "django.po"
SPANISH_MO = LOCALE_DIR / "es" / "LC_MESSAGES" / "django.mo"
# What makemessages reads: the apps, the project templates and settings (not tests or tools).
SOURCE_DIRS = ["articles", "classroom", "config", "discussions", "templates"]
MAKEMESSAGES_IGNORE = ["tests/*", "*/tests/*", "*/migrations/*"]


def gettext_tools_or_skip():
    """makemessages and compilemessages need GNU gettext; CI installs it and insists on it."""
    if shutil.which("xgettext") and shutil.which("msgfmt"):
        return
    if os.environ.get("COLLOQUY_REQUIRE_GETTEXT"):
        pytest.fail("GNU gettext (xgettext, msgfmt) is required here.")
    pytest.skip("GNU gettext is not installed (apt-get install gettext).")


def po_entries(path: Path) -> dict:
    """Every entry of a .po file as {(context, msgid): msgstr or tuple of plural forms}."""
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale="es")
    return {(message.context, message.id): message for message in catalog if message.id}


def po_as_gnu_catalog(path: Path) -> dict:
    """The .po's translations keyed the way Python's gettext keys a compiled catalogue."""
    compiled = {}
    for (context, msgid), message in po_entries(path).items():
        if "fuzzy" in message.flags:
            continue
        prefix = f"{context}\x04" if context else ""
        if isinstance(msgid, tuple):
            for index, text in enumerate(message.string):
                compiled[(prefix + msgid[0], index)] = text
        else:
            compiled[prefix + msgid] = message.string
    return compiled


def mo_catalog(path: Path) -> dict:
    with path.open("rb") as mo_file:
        catalog = dict(gettext.GNUTranslations(mo_file)._catalog)
    catalog.pop("", None)  # the header
    return catalog


def untranslated(entries: dict) -> list[str]:
    problems = []
    for (context, msgid), message in entries.items():
        label = f"{context}|{msgid}" if context else str(msgid)
        strings = message.string if isinstance(msgid, tuple) else (message.string,)
        if "fuzzy" in message.flags:
            problems.append(f"fuzzy: {label}")
        elif not all(strings):
            problems.append(f"untranslated: {label}")
    return problems


def test_the_committed_spanish_catalogue_is_complete():
    assert SPANISH_PO.exists()
    entries = po_entries(SPANISH_PO)
    assert len(entries) > 500
    assert untranslated(entries) == []


def test_the_compiled_catalogue_matches_the_po_file():
    """A fresh machine may lack gettext, so the .mo is committed; it must not fall behind."""
    assert mo_catalog(SPANISH_MO) == po_as_gnu_catalog(SPANISH_PO)


def test_makemessages_finds_no_string_missing_from_the_spanish_catalogue(tmp_path, monkeypatch):
    """Run makemessages over a copy of the sources (never into the tree): every string it
    finds must already be in the committed catalogue, translated and not fuzzy."""
    gettext_tools_or_skip()
    for name in SOURCE_DIRS:
        shutil.copytree(
            settings.BASE_DIR / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("__pycache__", "tests", "migrations"),
        )
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command(
            "makemessages",
            locale=["es"],
            no_obsolete=True,
            ignore_patterns=MAKEMESSAGES_IGNORE,
            verbosity=0,
        )
    regenerated = po_entries(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po")
    committed = po_entries(SPANISH_PO)
    assert untranslated(regenerated) == []
    assert sorted(map(str, set(regenerated) - set(committed))) == []
    assert sorted(map(str, set(committed) - set(regenerated))) == [], "stale entries"


def test_compilemessages_runs_cleanly_and_gives_the_committed_catalogue(tmp_path, monkeypatch):
    gettext_tools_or_skip()
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    (tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.mo").unlink()
    monkeypatch.chdir(tmp_path)
    errors = io.StringIO()
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("compilemessages", locale=["es"], stderr=errors, verbosity=0)
    assert errors.getvalue() == ""
    fresh = tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.mo"
    assert mo_catalog(fresh) == mo_catalog(SPANISH_MO)


# --- The reader's language: their account's choice, else their browser's, else English ---


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request activates its reader's language for the thread; leave English behind."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def reading_url(classroom) -> str:
    return reverse("discussions:reading", args=[classroom.course.slug, classroom.assignment.pk])


def course_url(classroom) -> str:
    return reverse("classroom:course", args=[classroom.course.slug])


def set_language(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def test_english_when_the_browser_names_no_language(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Log in" in html
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def test_a_browser_asking_for_spanish_gets_the_login_page_in_spanish(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "Iniciar sesión" in html
    assert "¿Olvidaste tu contraseña?" in html
    assert ">Log in<" not in html
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]


def test_sign_up_and_log_in_speak_to_students_as_tu_in_spanish(client, db):
    """Django's own Spanish is formal; Colloquy's catalogue rewords what students read."""
    spanish = {"HTTP_ACCEPT_LANGUAGE": "es"}
    signup = client.get(reverse("signup"), **spanish).content.decode()
    assert "Crea tu cuenta" in signup
    assert "Tu contraseña debe tener al menos 10 caracteres." in signup
    assert "Su contraseña" not in signup
    login = client.post(reverse("login"), {"username": "nobody", "password": "wrong"}, **spanish)
    assert "Revisa tu nombre de usuario y tu contraseña." in login.content.decode()


def test_the_password_reset_e_mail_is_written_in_the_readers_language(client, classroom):
    client.post(
        reverse("password_reset"),
        {"email": classroom.student.email},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    [message] = mail.outbox
    assert "Recibes este correo porque pediste restablecer la contraseña" in message.body
    assert classroom.student.username in message.body


def test_a_browser_asking_for_a_language_we_lack_gets_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert "Log in" in response.content.decode()
    assert response["Content-Language"] == "en"


def test_a_spanish_speaker_sees_the_course_and_reading_pages_in_spanish(client, classroom):
    student = classroom.student
    set_language(student, "es")
    client.force_login(student)
    course = client.get(course_url(classroom)).content.decode()
    assert '<html lang="es"' in course
    assert "Mis cursos" in course
    assert "Tareas" in course
    assert "Eres estudiante en este curso." in course
    assert "You are a student" not in course
    reading = client.get(reading_url(classroom) + "?all=1").content.decode()
    assert "Mostrar hilos con:" in reading
    assert "Responder" in reading
    assert "Útil" in reading
    assert "Inicia un hilo en el párrafo 1" in reading
    assert "Show threads with" not in reading
    assert "1 comentario" in reading
    # The classmate's words and the reading itself are never translated.
    assert "First <em>thoughts</em>." in reading
    assert "Paragraph 0 text." in reading


def test_the_same_comment_is_shown_in_each_readers_language(client, classroom):
    """Rendered comments are reused between readers: never across languages."""
    spanish_student = MembershipFactory(course=classroom.course, role=Role.STUDENT).user
    set_language(spanish_student, "es")
    set_language(classroom.student, "en")
    for reader, expected, unexpected in [
        (classroom.student, ">Reply<", ">Responder<"),
        (spanish_student, ">Responder<", ">Reply<"),
        (classroom.student, ">Reply<", ">Responder<"),
    ]:
        client.force_login(reader)
        html = client.get(reading_url(classroom) + "?all=1").content.decode()
        comment = html[html.index(f'id="{classroom.comment.anchor}-body"') :]
        comment = comment[: comment.index("</article>")]
        assert expected in comment
        assert unexpected not in comment


def test_a_spanish_speaker_sees_the_login_page_in_spanish_too(client, classroom):
    set_language(classroom.student, "es")
    client.force_login(classroom.student)
    assert "Iniciar sesión" in client.get(reverse("login")).content.decode()


def test_the_account_language_wins_over_the_browser(client, classroom):
    set_language(classroom.student, "en")
    client.force_login(classroom.student)
    response = client.get(course_url(classroom), HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert "You are a student in this course." in html
    assert "Eres estudiante" not in html
    assert response["Content-Language"] == "en"


def test_no_account_language_follows_the_browser(client, classroom):
    set_language(classroom.student, "")
    client.force_login(classroom.student)
    html = client.get(course_url(classroom), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Eres estudiante en este curso." in html
    html = client.get(course_url(classroom)).content.decode()
    assert "You are a student in this course." in html


def test_dates_are_written_in_spanish_in_the_course_time_zone(client, classroom):
    assignment = classroom.assignment
    assignment.course.time_zone = "America/Mexico_City"
    assignment.course.save(update_fields=["time_zone"])
    # 15:00 UTC is 09:00 in Mexico City.
    assignment.due_at = datetime(2027, 1, 15, 15, 0, tzinfo=UTC)
    assignment.save(update_fields=["due_at"])
    set_language(classroom.student, "es")
    client.force_login(classroom.student)
    reading = client.get(reading_url(classroom)).content.decode()
    assert "viernes 15 de enero, 09:00" in reading
    course = client.get(course_url(classroom)).content.decode()
    assert "vie 15 de ene, 09:00" in course
    set_language(classroom.student, "en")
    assert "Friday 15 January, 09:00" in client.get(reading_url(classroom)).content.decode()


def test_a_students_participation_page_is_in_spanish_with_decimal_commas(client, classroom):
    ParticipationRubric.objects.create(
        assignment=classroom.assignment, min_words=0, words_weight="0.01", words_cap=1
    )
    set_language(classroom.classmate, "es")
    client.force_login(classroom.classmate)
    url = reverse(
        "discussions:participation_student",
        args=[classroom.course.slug, classroom.assignment.pk, classroom.classmate.pk],
    )
    html = client.get(url).content.decode()
    assert "Tu participación" in html
    # Two words at 0.01 points each.
    assert '<td class="number" data-earned>0,02</td>' in html
    assert "Hilos iniciados" in html


def test_form_errors_come_back_in_spanish(client, classroom):
    set_language(classroom.student, "es")
    client.force_login(classroom.student)
    paragraph = classroom.paragraphs[1]
    url = reverse(
        "discussions:thread_create",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
    )
    response = client.post(url, {"body": "   "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "Escribe algo antes de publicar." in response.content.decode()


def test_a_moderators_notice_is_written_in_the_authors_language(client, classroom):
    set_language(classroom.classmate, "es")
    comment_hide(comment=classroom.comment, moderator=classroom.instructor, reason="Off-topic.")
    notice = Notice.objects.get(user=classroom.classmate, comment=classroom.comment)
    assert notice.text.startswith("La moderación ocultó tu comentario. Motivo: Off-topic.")
    # The moderator's own language is untouched.
    assert translation.get_language() == "en"
