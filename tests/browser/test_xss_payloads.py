"""Payloads from public XSS cheat sheets, written everywhere a person can write in Colloquy,
stay inert on every page that shows them: no dialog opens, no marker is set, and the DOM holds
no event handler, no htmx attribute in user text, no script URL and no foreign script or frame.

The whole test runs twice: with the Content-Security-Policy on, and with it off, so the
sanitiser is shown to hold on its own.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.urls import NoReverseMatch, reverse

from articles.models import Reading, TextFormat
from classroom.models import Assignment, Role
from discussions.models import Comment, FlagReason, Prompt, Status
from discussions.moderation.decisions import comment_flag, comment_hide
from tests.factories import CourseFactory, MembershipFactory, UserFactory
from tests.xss_payloads import ONE_LINE, PAYLOADS, TEMPLATE_PROBES

from .conftest import ConsoleWatch
from .screens import SCREENSHOTS

pytestmark = pytest.mark.browser

# Time for payloads that fire on their own (onload, onerror, autofocus, hx-trigger="load").
SETTLE_MS = 250
FLAGGED = range(0, 8)
HIDDEN = range(8, 12)
EDITED = range(0, len(PAYLOADS), 3)
PENDING = 8

# The pasted import starts with prose, so the importer reads the paste as plain text (a
# `<body` near the top would make it an HTML page).
IMPORT_PREAMBLE = (
    "Reading against the grain\n\n"
    "This essay collects the strings that careless pages have run as code. Read each one "
    "as a sentence: it is only text here, set down so that we can talk about it in class "
    "without anything happening to the people who read it. " * 3
)

INSPECT_PAGE = r"""
() => {
  const problems = [];
  const show = (el) => el.outerHTML.slice(0, 200);
  const scriptUrl = /^(javascript|data|vbscript):/i;
  const urlAttributes = new Set([
    "href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background",
    "poster", "dynsrc", "lowsrc", "codebase", "srcset", "ping", "values", "content",
  ]);
  const formatting = new Set([
    "P", "BR", "STRONG", "EM", "S", "DEL", "INS", "CODE", "PRE", "BLOCKQUOTE", "UL", "OL",
    "LI", "A", "H1", "H2", "H3", "H4", "H5", "H6", "HR", "SPAN",
  ]);
  // Formulas' layout, in the MathML namespace (element names keep their case there).
  const mathml = "http://www.w3.org/1998/Math/MathML";
  const layout = new Set([
    "math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "msub", "msup", "msubsup", "mfrac",
    "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle",
    "mpadded", "mphantom", "menclose",
  ]);
  const allowed = (el) =>
    el.namespaceURI === mathml ? layout.has(el.localName) : formatting.has(el.tagName);
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\u0000-\u0020]/g, "");
      if (name.startsWith("on")) problems.push(`${name} attribute: ${show(el)}`);
      if (/^(data-)?hx-on/.test(name)) problems.push(`${name} attribute: ${show(el)}`);
      const refresh = /url=(javascript|data|vbscript):/i.test(value);
      if (urlAttributes.has(name) && (scriptUrl.test(value) || refresh)) {
        problems.push(`${name}="${attr.value}": ${show(el)}`);
      }
    }
  }
  for (const script of document.querySelectorAll("script")) {
    if (!(script.getAttribute("src") || "").startsWith("/static/")) {
      problems.push(`a script that is not the app's: ${show(script)}`);
    }
  }
  const foreign = "iframe, frame, frameset, object, embed, applet, portal, base, style, " +
    "meta[http-equiv], svg, template, noscript, img, video, audio";
  for (const el of document.querySelectorAll(foreign)) {
    problems.push(`<${el.tagName.toLowerCase()}> on the page: ${show(el)}`);
  }
  const userTextRegions = ".comment-text, .paragraph-text, .prompt-text, .instructions";
  for (const el of document.querySelectorAll("math")) {
    if (!el.parentElement.closest(userTextRegions)) {
      problems.push(`<math> outside user text: ${show(el)}`);
    }
  }
  for (const link of document.querySelectorAll("link")) {
    if (!(link.getAttribute("href") || "").startsWith("/static/")) {
      problems.push(`a stylesheet or link that is not the app's: ${show(link)}`);
    }
  }
  if (document.querySelectorAll('meta[name="htmx-config"]').length !== 1) {
    problems.push("the htmx configuration is not the page's own");
  }
  const userText = document.querySelectorAll(`${userTextRegions}, [hx-disable]`);
  for (const region of userText) {
    if (!region.closest("[hx-disable]")) {
      problems.push(`user text htmx would process: ${show(region)}`);
    }
    for (const el of region.querySelectorAll("*")) {
      if (!allowed(el)) {
        problems.push(`<${el.tagName.toLowerCase()}> in user text: ${show(el)}`);
      }
      for (const attr of el.attributes) {
        const outside = ["style", "mathcolor", "mathbackground"].includes(attr.name) ||
          (el.namespaceURI === mathml && /href$/.test(attr.name));
        if (/^(data-)?hx-/i.test(attr.name) || outside) {
          problems.push(`${attr.name} in user text: ${show(el)}`);
        }
      }
    }
  }
  let framesMarked = false;
  for (let index = 0; index < window.frames.length; index++) {
    try { framesMarked ||= window.frames[index].__xss !== undefined; } catch (error) {}
  }
  return {
    problems,
    userText: userText.length,
    commentTexts: document.querySelectorAll(".comment-text").length,
    marker: typeof window.__xss,
    framesMarked,
    text: document.body.innerText,
  };
}
"""


@dataclass
class Visitor:
    """One person's browser tab, with everything the page did that it should not have."""

    name: str
    page: object
    live_url: str
    watch: ConsoleWatch
    dialogs: list = field(default_factory=list)
    seen: list = field(default_factory=list)

    def csrf_token(self) -> str:
        cookies = self.page.context.cookies()
        return next(cookie["value"] for cookie in cookies if cookie["name"] == "csrftoken")

    def post(self, path: str, data: dict, *, status: int = 302) -> str:
        """Send a form the way the browser would; returns where it redirects."""
        response = self.page.request.post(
            self.live_url + path,
            form=data,
            headers={"X-CSRFToken": self.csrf_token(), "Referer": self.live_url + path},
            max_redirects=0,
        )
        assert response.status == status, (path, response.status, response.text()[:2000])
        return response.headers.get("location", "")

    def visit(self, path: str, *, csp: bool) -> dict:
        response = self.page.goto(self.live_url + path)
        assert response is not None and response.ok, (path, response and response.status)
        policy = response.headers.get("content-security-policy")
        assert bool(policy) == csp, f"CSP header {'missing' if csp else 'present'} on {path}"
        return self.inspect(path)

    def inspect(self, where: str) -> dict:
        self.page.wait_for_timeout(SETTLE_MS)
        found = self.page.evaluate(INSPECT_PAGE)
        where = f"{self.name} at {where}"
        assert not self.dialogs, f"a dialog opened for {where}: {self.dialogs}"
        assert found["marker"] == "undefined", f"window.__xss was set for {where}"
        assert not found["framesMarked"], f"a frame set __xss for {where}"
        assert not found["problems"], f"{where}:\n" + "\n".join(found["problems"][:20])
        self.seen.append(where)
        return found


@pytest.fixture
def visitors(browser, request, live_server, log_in):
    opened = []

    def open_as(user) -> Visitor:
        context = browser.new_context(
            reduced_motion="reduce", viewport={"width": 1366, "height": 900}
        )
        context.set_default_timeout(15_000)
        request.addfinalizer(context.close)
        page = context.new_page()
        watch = ConsoleWatch()
        watch.attach(page)
        visitor = Visitor(name=user.username, page=page, live_url=live_server.url, watch=watch)

        def on_dialog(dialog):
            visitor.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        log_in(page, user)
        opened.append(visitor)
        return visitor

    yield open_as
    for visitor in opened:
        visitor.watch.assert_clean()


def url_or_none(name: str, *args) -> str | None:
    """Pages other work may not have added yet are visited once they exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@pytest.fixture(params=["csp-on", "csp-off"])
def csp(request, settings) -> bool:
    if request.param == "csp-off":
        settings.SECURE_CSP = {}
    return request.param == "csp-on"


def test_payloads_stay_inert_everywhere(csp, transactional_db, visitors, live_server):
    instructor = UserFactory(username="okafor", display_name="Dr. Okafor")
    student = UserFactory(username="lena", display_name="<img src=x onerror=alert('name')>")
    classmate = UserFactory(username="tomas", display_name='"><svg onload=alert(1)>')
    course = CourseFactory(
        title="<svg onload=alert('course')> Close Reading", slug="close-reading",
        created_by=instructor,
    )  # fmt: skip
    MembershipFactory(user=instructor, course=course, role=Role.INSTRUCTOR)
    MembershipFactory(user=student, course=course)
    MembershipFactory(user=classmate, course=course)

    teacher = visitors(instructor)
    writer = visitors(student)
    peer = visitors(classmate)

    # The teacher writes a reading in Markdown, imports another as plain text, and assigns both.
    teacher.post(
        reverse("articles:new"),
        {
            "title": "</title><script>alert('title')</script> On Reading",
            "byline": "<img src=x onerror=alert('byline')>",
            "author_note": "<svg/onload=alert('note')>",
            "source": "javascript:alert('source')",
            "text": "\n\n".join(PAYLOADS),
        },
    )
    markdown_reading = Reading.objects.get(owner=instructor, text_format=TextFormat.MARKDOWN)
    draft_url = teacher.post(
        reverse("articles:import"), {"text": IMPORT_PREAMBLE + "\n\n" + "\n\n".join(PAYLOADS)}
    )
    teacher.visit(draft_url, csp=csp)
    teacher.page.locator("#draft-save").click()
    teacher.page.wait_for_url(re.compile(r"/readings/\d+/$"))
    teacher.inspect("the imported reading")
    plain_reading = Reading.objects.get(owner=instructor, text_format=TextFormat.PLAIN)
    assert plain_reading.current_paragraphs().count() > len(PAYLOADS) // 2

    new_assignment = reverse("classroom:assignment_new", args=[course.slug])
    teacher.post(
        new_assignment,
        {"reading": markdown_reading.pk, "instructions": "\n\n".join(PAYLOADS)},
    )
    teacher.post(
        new_assignment,
        {
            "reading": plain_reading.pk,
            "instructions": "\n\n".join(ONE_LINE[:20]),
            "premoderate": "on",
        },
    )
    assignment = Assignment.objects.get(reading=markdown_reading)
    held = Assignment.objects.get(reading=plain_reading)
    paragraphs = list(markdown_reading.current_paragraphs())
    plain_paragraphs = list(plain_reading.current_paragraphs())

    # Prompts, on the whole reading and on paragraphs, a few payloads in each.
    prompt_new = reverse("discussions:prompt_new", args=[course.slug, assignment.pk])
    chunks = [PAYLOADS[start : start + 3] for start in range(0, len(PAYLOADS), 3)]
    for index, chunk in enumerate(chunks):
        where = paragraphs[index % len(paragraphs)].pk if index % 2 else ""
        teacher.post(prompt_new, {"body": "\n\n".join(chunk), "paragraph": where})
    assert Prompt.objects.filter(assignment=assignment).count() == len(chunks)

    # A thread per payload, a classmate's reply to each, and edits of every third thread.
    for index, payload in enumerate(PAYLOADS):
        paragraph = paragraphs[index % len(paragraphs)]
        writer.post(
            reverse("discussions:thread_create", args=[course.slug, assignment.pk, paragraph.pk]),
            {"body": payload, "kind": ""},
        )
    threads = list(Comment.objects.filter(author=student, parent=None).order_by("pk"))
    assert len(threads) == len(PAYLOADS)
    for thread, payload in zip(threads, PAYLOADS, strict=True):
        peer.post(reverse("discussions:comment_reply", args=[thread.pk]), {"body": payload})
    for index in EDITED:
        edited = PAYLOADS[(index + 1) % len(PAYLOADS)]
        writer.post(reverse("discussions:comment_edit", args=[threads[index].pk]), {"body": edited})
    replies = list(Comment.objects.filter(author=classmate).order_by("pk"))

    # Posts that wait for review, flags with hostile notes, and hiding with hostile reasons.
    for index, payload in enumerate(ONE_LINE[:PENDING]):
        paragraph = plain_paragraphs[index % len(plain_paragraphs)]
        writer.post(
            reverse("discussions:thread_create", args=[course.slug, held.pk, paragraph.pk]),
            {"body": payload},
        )
    assert Comment.objects.filter(assignment=held, status=Status.PENDING).count() == PENDING
    for index in FLAGGED:
        comment_flag(
            comment=threads[index], flagger=classmate, reason=FlagReason.OTHER, note=ONE_LINE[index]
        )
    for index in HIDDEN:
        comment_hide(comment=threads[index], moderator=instructor, reason=ONE_LINE[index])

    reading_page = assignment.get_absolute_url()
    held_page = held.get_absolute_url()

    # The author: the reading page, its fragments opened by clicking, inline reply and edit.
    found = writer.visit(reading_page, csp=csp)
    assert found["userText"] >= len(PAYLOADS)  # every paragraph, the instructions, prompts
    for number in (1, 2, 3):
        writer.page.get_by_role(
            "link", name=re.compile(f"^Discussion of paragraph {number}:")
        ).click()
        writer.page.locator(f"#discussion-{paragraphs[number - 1].pk} .discussion").wait_for()
        writer.inspect(f"{reading_page} with paragraph {number} opened")
    reply_to = replies[0]
    writer.page.locator(f"#c-{reply_to.pk}-body").get_by_role(
        "link", name="Reply", exact=True
    ).click()
    writer.page.locator(f"#c-{reply_to.pk}-reply-form").wait_for()
    writer.inspect("an inline reply form")
    for payload in ONE_LINE[:3]:
        box = writer.page.locator(f"#c-{reply_to.pk}-reply-form textarea")
        if not box.count():
            writer.page.locator(f"#c-{reply_to.pk}-body").get_by_role(
                "link", name="Reply", exact=True
            ).click()
        box.fill(payload)
        writer.page.locator(f"#c-{reply_to.pk}-reply-form").get_by_role(
            "button", name="Reply"
        ).click()
        writer.page.locator(f"#c-{reply_to.pk}-reply-form").wait_for(state="detached")
        writer.inspect("a reply posted inline")
    own = threads[0]
    writer.page.locator(f"#c-{own.pk}-body").get_by_role("link", name="Edit", exact=True).click()
    writer.page.locator(f"#c-{own.pk}-edit-body").wait_for()
    writer.inspect("an inline edit form")

    found = writer.visit(reading_page + "?all=1", csp=csp)
    assert found["commentTexts"] >= 2 * len(PAYLOADS)
    SCREENSHOTS.mkdir(exist_ok=True)
    writer.page.screenshot(path=SCREENSHOTS / f"xss-payloads-{'csp' if csp else 'no-csp'}.png")
    for probe in [*TEMPLATE_PROBES, "<SCRIPT>alert('XSS')</SCRIPT>", "[a](javascript:alert(1))"]:
        assert probe in found["text"], f"{probe!r} is not shown as written"
    writer.visit(reverse("discussions:comment", args=[threads[20].pk]), csp=csp)
    writer.visit(reverse("discussions:comment_reply", args=[replies[30].pk]), csp=csp)
    writer.visit(reverse("discussions:comment_edit", args=[threads[40].pk]), csp=csp)
    writer.visit(reverse("discussions:comment_edit", args=[threads[HIDDEN[0]].pk]), csp=csp)
    found = writer.visit(held_page + "?all=1", csp=csp)
    assert "[a](javascript:alert(1))" in found["text"], "the imported text is not shown as written"
    for path in (
        url_or_none("discussions:comment_history", threads[3].pk),
        url_or_none("discussions:notices"),
        course.get_absolute_url(),
        reverse("classroom:home"),
    ):
        if path:
            writer.visit(path, csp=csp)

    # A classmate sees hidden comments as tombstones and the rest as text.
    found = peer.visit(reading_page + "?all=1", csp=csp)
    assert found["commentTexts"] >= 2 * len(PAYLOADS) - len(HIDDEN)
    peer.visit(held_page + "?all=1", csp=csp)

    # Staff see everything, with their moderation tools.
    teacher.visit(reading_page + "?all=1", csp=csp)
    teacher.visit(held_page + "?all=1", csp=csp)
    for path in (
        markdown_reading.get_absolute_url(),
        plain_reading.get_absolute_url(),
        reverse("articles:edit", args=[markdown_reading.pk]),
        reverse("classroom:assignment_edit", args=[course.slug, assignment.pk]),
        prompt_new,
        url_or_none("discussions:moderation_queue", course.slug),
        url_or_none("discussions:audit", course.slug),
        url_or_none("discussions:comment_history", threads[9].pk),
    ):
        if path:
            teacher.visit(path, csp=csp)

    assert len(writer.seen) + len(peer.seen) + len(teacher.seen) >= 20
