"""Hostile comments render inert, forged posts are refused, and the pages forbid inline script."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from classroom.models import Membership
from discussions.models import Comment
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<div hx-get="/x" hx-trigger="load">x</div>',
    "[y](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "<svg onload=alert(1)>",
    '<iframe src="https://example.com"></iframe>',
    '<p style="position:fixed" onclick="alert(1)">x</p>',
    "```\n</code><script>alert(1)</script>\n```",
    '[ok](https://example.com "title\\" onmouseover=\\"alert(1)")',
    "$\\href{javascript:alert(1)}{click}$",
    "$\\style{position:fixed}{x}\\class{skip-link}{y}\\color{transparent}{z}$",
    "$$\\text{</math><img src=x onerror=alert(1)>}$$",
    "$x$<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
]

# What a rendered comment may contain: text formatting, plain links and formulas' layout,
# nothing that runs.
FORMATTING_TAGS = {
    "p", "br", "strong", "em", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "msub", "msup", "msubsup", "mfrac",
    "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle",
    "mpadded", "mphantom", "menclose",
}  # fmt: skip
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "col", "embed"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


class PageParser(HTMLParser):
    """Collects every tag with its attributes, noting which sit inside a `.comment-text`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.tags: list[tuple[str, dict, bool]] = []
        self.comment_texts: list[str] = []  # the visible text of each `.comment-text`
        self.script_bodies: list[str] = []

    @property
    def in_comment(self) -> bool:
        return any(is_region for _, is_region in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes, self.in_comment))
        is_region = "comment-text" in (attributes.get("class") or "").split()
        if is_region:
            self.comment_texts.append("")
        if tag not in VOID_TAGS:
            self.stack.append((tag, is_region))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.in_comment))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self.in_comment:
            self.comment_texts[-1] += data
        if self.stack and self.stack[-1][0] == "script":
            self.script_bodies.append(data)


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def _scheme(url: str) -> str:
    # Browsers ignore whitespace and control characters inside a URL's scheme.
    return re.sub(r"[\x00-\x20]", "", url).lower()


def assert_inert(html: str) -> PageParser:
    page = parse(html)
    for tag, attributes, in_comment in page.tags:
        for name, value in attributes.items():
            if name in URL_ATTRIBUTES and value:
                assert not _scheme(value).startswith(DANGEROUS_SCHEMES), (tag, name, value)
        if tag == "script":
            assert attributes.get("src", "").startswith(static("")), attributes
        if not in_comment:
            continue
        assert tag in FORMATTING_TAGS, f"<{tag}> inside a comment"
        for name in attributes:
            assert not name.startswith("on"), f"{name} on <{tag}> inside a comment"
            assert not name.startswith(("hx-", "data-hx-")), f"{name} inside a comment"
            assert name not in {"style", "class", "id"}, f"{name} on <{tag}> inside a comment"
            assert name not in {"mathcolor", "mathbackground"}, f"{name} inside a comment"
            assert tag == "a" or name not in URL_ATTRIBUTES, f"{name} on <{tag}>"
    assert not any(body.strip() for body in page.script_bodies), "inline script on the page"
    return page


def reading_page(client, classroom) -> str:
    response = client.get(classroom.assignment.get_absolute_url(), {"all": "1"})
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("attack", ATTACKS)
def test_hostile_comments_and_replies_render_inert(attack, classroom, client_for):
    client = client_for(classroom.student)
    paragraph = classroom.paragraphs[1]
    start = reverse(
        "discussions:thread_create",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
    )
    reply = reverse("discussions:comment_reply", args=[classroom.comment.pk])

    assert client.post(start, {"body": attack}).status_code == 302
    assert client.post(reply, {"body": attack}).status_code == 302
    fragment = client.post(reply, {"body": attack}, headers={"HX-Request": "true"})
    assert fragment.status_code == 201
    assert_inert(fragment.text)
    assert Comment.objects.filter(body=attack.strip()).count() == 3

    page = assert_inert(reading_page(client_for(classroom.instructor), classroom))
    # Every comment was rendered, so the checks above looked at them, each as readable text.
    assert len(page.comment_texts) == 4
    assert all(text.strip() for text in page.comment_texts)


@pytest.mark.parametrize("attack", ATTACKS)
def test_hostile_edits_render_inert(attack, classroom, client_for):
    client = client_for(classroom.classmate)
    edit = reverse("discussions:comment_edit", args=[classroom.comment.pk])
    assert client.post(edit, {"body": attack}).status_code == 302
    fragment = client.post(edit, {"body": attack + " again"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert_inert(fragment.text)
    assert_inert(reading_page(client, classroom))
    # The quoted comment above a reply form goes through the same rendering.
    reply_page = client.get(reverse("discussions:comment_reply", args=[classroom.comment.pk]))
    assert len(assert_inert(reply_page.text).comment_texts) == 1


def test_the_inertness_check_catches_live_markup():
    """The checker itself must fail on what the tests above hope never to see."""
    live = [
        '<div class="comment-text"><script>alert(1)</script></div>',
        '<div class="comment-text"><p><img src=x onerror=alert(1)></p></div>',
        '<div class="comment-text"><div hx-get="/x">x</div></div>',
        '<div class="comment-text"><p hx-get="/x">x</p></div>',
        '<div class="comment-text"><p><svg onload="alert(1)"></svg></p></div>',
        '<div class="comment-text"><a href=" JAVA\tSCRIPT:alert(1)">x</a></div>',
        '<div class="comment-text"><math><mrow href="https://example.com">x</mrow></math></div>',
        '<div class="comment-text"><math><maction actiontype="statusline">x</maction></math></div>',
        '<div class="comment-text"><math><mstyle mathcolor="white">x</mstyle></math></div>',
        '<p><a href="data:text/html;base64,AAAA">x</a></p>',
        "<script>alert(1)</script>",
    ]
    for html in live:
        with pytest.raises(AssertionError):
            assert_inert(html)
    assert_inert('<div class="comment-text"><p><a href="https://example.com">x</a></p></div>')
    assert_inert('<div class="comment-text"><p><math><mfrac><mi>a</mi><mn>2</mn></mfrac></math>')


# --- CSRF: every state-changing form needs the token, with or without HTMX ---


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _forged_posts(classroom):
    own = make_comment(author=classroom.student, assignment=classroom.assignment, body="Mine.")
    paragraph = classroom.paragraphs[0]
    return [
        (
            reverse(
                "discussions:thread_create",
                args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
            ),
            {"body": "Forged."},
        ),
        (reverse("discussions:comment_reply", args=[classroom.comment.pk]), {"body": "Forged."}),
        (reverse("discussions:comment_edit", args=[own.pk]), {"body": "Forged."}),
        (reverse("discussions:comment_withdraw", args=[own.pk]), {}),
        (reverse("classroom:join"), {"join_code": classroom.other_assignment.course.join_code}),
        (classroom.other_assignment.course.join_url, {}),
    ]


def _state():
    return sorted(Comment.objects.values_list("pk", "status", "body")), sorted(
        Membership.objects.values_list("pk", "removed_at")
    )


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_posts_without_a_csrf_token_are_refused(htmx, classroom):
    posts = _forged_posts(classroom)
    client = _csrf_client(classroom.student)
    headers = {"HX-Request": "true"} if htmx else {}
    before = _state()
    for url, data in posts:
        response = client.post(url, data, headers=headers)
        assert response.status_code == 403, url
    assert _state() == before


def test_the_same_posts_succeed_with_the_token(classroom):
    """The control for the test above: the refusals come from CSRF, not from anything else."""
    posts = _forged_posts(classroom)
    client = _csrf_client(classroom.student)
    client.get(reverse("classroom:home"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    for url, data in posts:
        response = client.post(url, data, headers={"X-CSRFToken": token})
        assert response.status_code == 302, url


# --- Content-Security-Policy ---


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("anonymous", lambda c: reverse("login")),
        ("anonymous", lambda c: reverse("signup")),
        ("student", lambda c: reverse("classroom:home")),
        ("student", lambda c: c.course.get_absolute_url()),
        ("student", lambda c: c.assignment.get_absolute_url() + "?all=1"),
        ("instructor", lambda c: reverse("classroom:roster", args=[c.course.slug])),
        ("outsider", lambda c: c.course.get_absolute_url()),  # the 404 page
    ],
    ids=["login", "signup", "home", "course", "reading", "roster", "not-found"],
)
def test_pages_send_a_strict_content_security_policy(role, page, classroom, client_for):
    response = client_for(classroom.user(role)).get(page(classroom))
    policy = response.headers.get("Content-Security-Policy")
    assert policy, "no Content-Security-Policy header"
    directives = _directives(policy)
    assert "'self'" in directives["script-src"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives.get("object-src") == ["'none'"]
    assert directives.get("frame-ancestors") == ["'none'"]
    # The policy forbids inline script, so the page must not rely on any.
    html = parse(response.text)
    assert html.tags, "not an HTML page"
    assert not any(body.strip() for body in html.script_bodies)
    for tag, attributes, _ in html.tags:
        assert not [name for name in attributes if name.startswith("on")], tag


# --- Templates never switch escaping off ---

UNSAFE_TEMPLATE_CODE = re.compile(r"\|\s*safe(seq)?\b|\{%\s*autoescape\s+off\s*%\}")


def _template_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    folders = [base / "templates", *base.glob("*/templates")]
    return [path for folder in folders for path in folder.rglob("*.html")]


def test_no_template_marks_anything_safe():
    templates = _template_files()
    assert len(templates) > 10, "found too few templates; is the search looking in the right place?"
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in templates
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if UNSAFE_TEMPLATE_CODE.search(line)
    ]
    assert not offenders, f"templates that switch off escaping: {offenders}"


def test_the_template_check_recognises_safe_filters():
    assert UNSAFE_TEMPLATE_CODE.search("{{ comment.body|safe }}")
    assert UNSAFE_TEMPLATE_CODE.search("{{ comment.body | safe }}")
    assert UNSAFE_TEMPLATE_CODE.search("{% autoescape off %}")
    assert not UNSAFE_TEMPLATE_CODE.search("{{ comment.rendered_body }}")
    assert UNSAFE_TEMPLATE_CODE.search("{{ paragraphs|safeseq|join:'' }}")
    assert not UNSAFE_TEMPLATE_CODE.search("{{ course.safety_note }}")
