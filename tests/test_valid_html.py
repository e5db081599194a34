"""Every page type, as every role, is valid HTML to the Nu Html Checker: the access matrix's URLs
(and their htmx fragments), plus a reading imported with lists, quotes and headings and comments
using every Markdown feature Colloquy renders. The theme is CSS alone (prefers-color-scheme), so
one check of the markup covers light and dark."""

import pytest
from django.db import transaction
from django.urls import reverse

from articles.importing.pipeline import ImportSource
from articles.services import reading_import
from discussions.models import Flag
from discussions.reading.services import prompt_create
from tests.factories import AssignmentFactory, make_comment
from tests.fixtures import ROLES
from tests.html_checking import as_document, checker_errors, java_for_the_checker
from tests.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db

READING_WITH_STRUCTURE = """\
# A reading in Markdown

## Where it starts

The first paragraph, with *emphasis*, **strength** and a [source](https://example.org/source).

> A quotation the author leans on,
> over two lines.

- a point
- another, with `code`

1. first
2. second

### A smaller heading

The last paragraph.
"""

# Everything the renderer keeps (headings, emphasis, strikethrough, quotes, lists, code, rules,
# links, formulas as MathML) and what it turns back into text (images, tables, raw HTML).
EVERY_MARKDOWN_FEATURE = """\
# Heading one
## Heading two
###### Heading six

*Emphasis*, **strong**, ~~struck~~, `code`, a [link](https://example.org/a?b=1&c=2 "A title"),
an autolink <https://example.org/auto> and mail <mailto:ben@example.org>; 5 < 6 & "quotes".
A hard break follows\\
and a soft one
here.

> A quote
> > inside a quote

1. one
2. two
   - nested
   - list

7. starts at seven
8. eight

```python
print("fenced <code> & more")
```

    indented code

---

Inline math $x^2 + y^2 = z^2$, and on its own line:

$$\\frac{a}{b} = \\sqrt{c} \\sum_{i=1}^{n} i$$

![an image](https://example.org/pixel.png)

| a | table |
|---|-------|
| 1 | 2     |

<script>alert(1)</script> <b>raw html</b>
"""


def add_rich_content(classroom) -> list[str]:
    """Markdown comments on the matrix's own assignment (so the queue, search, notices and
    history show them), and a second assignment of an imported reading with structure. Returns
    the extra URLs to check as each member."""
    comment = make_comment(
        author=classroom.classmate,
        assignment=classroom.assignment,
        paragraph=classroom.comment.paragraph,
        body=EVERY_MARKDOWN_FEATURE,
    )
    make_comment(
        author=classroom.student, assignment=classroom.assignment, parent=comment, body="> Yes."
    )
    Flag.objects.create(comment=comment, flagger=classroom.student, reason="spam")
    reading = reading_import(
        source=ImportSource(data=READING_WITH_STRUCTURE, filename="structure.md"),
        owner=classroom.instructor,
    )
    assignment = AssignmentFactory(
        course=classroom.course, reading=reading, created_by=classroom.instructor
    )
    paragraph = reading.current_paragraphs().filter(kind="paragraph").first()
    prompt_create(
        assignment=assignment,
        author=classroom.instructor,
        paragraph=paragraph,
        body="Which **claim** matters most? $E = mc^2$",
    )
    on_imported = make_comment(
        author=classroom.classmate,
        assignment=assignment,
        paragraph=paragraph,
        body=EVERY_MARKDOWN_FEATURE,
    )
    reading_url = reverse("discussions:reading", args=[classroom.course.slug, assignment.pk])
    return [
        reading_url,
        f"{reading_url}?open={paragraph.pk}",
        reverse("discussions:comment_history", args=[on_imported.pk]),
        reverse("articles:detail", args=[reading.pk]),
    ]


def crawl(classroom, client_for) -> dict[str, str]:
    """Every HTML answer to a GET in the access matrix, as every role; the htmx answer too for
    rows that ask for one and, as a student and an instructor, for every page."""
    documents = {}
    extra_urls = add_rich_content(classroom)

    def keep(name, response):
        if response["Content-Type"].startswith("text/html") and response.content.strip():
            documents[name] = as_document(response.content.decode())

    for role in ROLES:
        user = classroom.user(role)
        client = client_for(user)
        for row in MATRIX:
            if row.method != "get":
                continue
            # Building a URL may change data (a suspension to lift, a member to restore): each
            # row starts from the same classroom, as it does in the access matrix.
            with transaction.atomic():
                url = row.url(classroom, user)
                keep(f"{row.id}-{role}", client.get(url, row.data(classroom, user)))
                if row.htmx or role in ("student", "instructor"):
                    keep(f"{row.id}-htmx-{role}", client.get(url, headers={"HX-Request": "true"}))
                transaction.set_rollback(True)
        for url in extra_urls:
            keep(f"{url}-{role}", client.get(url))
    return documents


def test_every_page_type_is_valid_html_as_every_role(classroom, client_for, tmp_path):
    java_for_the_checker()
    documents = crawl(classroom, client_for)

    errors = checker_errors(documents, tmp_path)

    print(f"{len(documents)} documents checked, {len(errors)} errors")
    assert not errors, f"{len(errors)} errors in {len(documents)} documents:\n" + "\n".join(
        str(error) for error in errors[:40]
    )
