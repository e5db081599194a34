"""Comments as W3C Web Annotations (JSON-LD, compacted against the W3C `anno.jsonld` context,
a copy of which is in contexts/ for the tests).

The shape, for each comment:
- `id` is the comment's permalink; `creator` a foaf Person with the `name` the downloader may
  see, or a `nickname` when it is a pseudonym.
- `motivation`: `replying` for a reply (whose `target` is the annotation it answers),
  `commenting` for a thread's first comment, `questioning` for either tagged as a question, and
  `highlighting` as well when the thread is on a phrase the reading page highlights.
- `body`: a `Choice` of the Markdown as written (text/markdown) and its sanitised HTML
  (text/html), plus a `tagging` TextualBody with the reply type when there is one. A withdrawn
  comment has no body.
- A thread's `target` is a SpecificResource whose `source` is the reading version the comment
  was written on: its read-only page, `…/versions/N/`, which leads to the reading page while N
  is the current version. Its `selector` names the paragraph with a FragmentSelector (the
  paragraph's `p-<id>` anchor on that page, RFC 3986 fragment conformance, as for HTML). A
  thread on a phrase gives two equivalent selectors, each that FragmentSelector `refinedBy` a
  TextQuoteSelector and a TextPositionSelector respectively; positions are in characters (code
  points) of the paragraph's text as Colloquy stores it.
- The moderation status is `schema:creativeWorkStatus` (visible, pending, hidden, withdrawn);
  the context defines the `schema` prefix.

Collections are `AnnotationCollection`s of `AnnotationPage`s (`partOf`, `startIndex`,
`next`/`prev`), as the Web Annotation Protocol pages a container.
"""

from collections.abc import Callable, Sequence

from django.core.paginator import Paginator
from django.urls import reverse

from ..models import Kind
from .records import ExportedComment

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The media type the Web Annotation Protocol names for annotations and their containers.
ANNO_MEDIA_TYPE = f'application/ld+json; profile="{ANNO_CONTEXT}"'
HTML_FRAGMENT = "http://tools.ietf.org/rfc/rfc3986"
LDP_BASIC_CONTAINER = "http://www.w3.org/ns/ldp#BasicContainer"
# Enough for a thread-heavy paragraph or two, small enough for a phone on a school network.
ANNOTATIONS_PER_PAGE = 100

# Turns a path into the absolute address annotations are identified by.
Absolute = Callable[[str], str]


def _single(values: list):
    """A single value stands alone, as JSON-LD compaction writes it."""
    return values[0] if len(values) == 1 else values


def _time(moment) -> str:
    return moment.isoformat(timespec="seconds")


def reading_version_url(exported: ExportedComment, absolute: Absolute) -> str:
    """The reading as the comment's author read it: the version page keeps the paragraph
    anchors and the wording the selectors point into, after the reading is edited."""
    assignment = exported.assignment
    if exported.reading_version is None:
        return absolute(assignment.get_absolute_url())
    return absolute(
        reverse(
            "discussions:reading_version",
            args=[assignment.course.slug, assignment.pk, exported.reading_version],
        )
    )


def _motivation(exported: ExportedComment) -> list[str]:
    if exported.is_reply:
        return ["replying", "questioning"] if exported.is_question else ["replying"]
    motivations = ["questioning" if exported.is_question else "commenting"]
    if exported.comment.is_highlighted:
        motivations.append("highlighting")
    return motivations


def _body(exported: ExportedComment) -> list[dict]:
    if not exported.text:
        return []
    bodies = [
        {
            "type": "Choice",
            "items": [
                {"type": "TextualBody", "value": exported.text, "format": "text/markdown"},
                {"type": "TextualBody", "value": exported.html, "format": "text/html"},
            ],
        }
    ]
    if exported.comment.kind:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "tagging",
                "value": Kind(exported.comment.kind).value,
            }
        )
    return bodies


def _selector(exported: ExportedComment) -> dict | list[dict]:
    comment = exported.comment
    paragraph = {
        "type": "FragmentSelector",
        "conformsTo": HTML_FRAGMENT,
        "value": f"p-{comment.paragraph_id}",
    }
    if not comment.is_highlighted:
        return paragraph
    quote = {
        "type": "TextQuoteSelector",
        "exact": comment.quote,
        "prefix": comment.quote_prefix,
        "suffix": comment.quote_suffix,
    }
    position = {
        "type": "TextPositionSelector",
        "start": comment.quote_start,
        "end": comment.quote_end,
    }
    return [paragraph | {"refinedBy": quote}, paragraph | {"refinedBy": position}]


def _target(exported: ExportedComment, absolute: Absolute) -> str | dict:
    comment = exported.comment
    if exported.is_reply:
        return absolute(reverse("discussions:comment", args=[comment.parent_id]))
    source = reading_version_url(exported, absolute)
    if comment.paragraph_id is None:
        return source
    return {"type": "SpecificResource", "source": source, "selector": _selector(exported)}


def annotation(exported: ExportedComment, absolute: Absolute) -> dict:
    comment = exported.comment
    creator = {"type": "Person", "nickname" if exported.by_pseudonym else "name": exported.creator}
    described = {
        "id": absolute(comment.get_absolute_url()),
        "type": "Annotation",
        "motivation": _single(_motivation(exported)),
        "created": _time(comment.created_at),
        "creator": creator,
    }
    if exported.modified:
        described["modified"] = _time(exported.modified)
    if bodies := _body(exported):
        described["body"] = _single(bodies)
    described["target"] = _target(exported, absolute)
    described["schema:creativeWorkStatus"] = comment.status
    return described


def collection(
    *, collection_id: str, label: str, total: int, page_ids: Sequence[str], extra_types=()
) -> dict:
    return {
        "id": collection_id,
        "type": _single(["AnnotationCollection", *extra_types]),
        "label": label,
        "total": total,
        "first": page_ids[0],
        "last": page_ids[-1],
    }


def page(
    *,
    page_id: str,
    part_of: str | dict,
    items: list[dict],
    start_index: int,
    next_id: str | None,
    prev_id: str | None,
) -> dict:
    described = {
        "id": page_id,
        "type": "AnnotationPage",
        "partOf": part_of,
        "startIndex": start_index,
    }
    if next_id:
        described["next"] = next_id
    if prev_id:
        described["prev"] = prev_id
    described["items"] = items
    return described


def document(*nodes: dict) -> dict:
    """A JSON-LD document under the annotation context: one node, or a graph of several."""
    if len(nodes) == 1:
        return {"@context": ANNO_CONTEXT, **nodes[0]}
    return {"@context": ANNO_CONTEXT, "@graph": list(nodes)}


def pages_of(exported: Sequence[ExportedComment]) -> Paginator:
    return Paginator(exported, ANNOTATIONS_PER_PAGE)


def download(
    exported: Sequence[ExportedComment], *, collection_id: str, label: str, absolute: Absolute
) -> dict:
    """A downloadable file: the collection and every one of its pages, as one graph."""
    pages = pages_of(exported)
    page_ids = [f"{collection_id}#page-{number}" for number in pages.page_range]
    nodes = [
        collection(collection_id=collection_id, label=label, total=pages.count, page_ids=page_ids)
    ]
    for number in pages.page_range:
        current = pages.page(number)
        nodes.append(
            page(
                page_id=page_ids[number - 1],
                part_of=collection_id,
                items=[annotation(each, absolute) for each in current],
                start_index=(number - 1) * ANNOTATIONS_PER_PAGE,
                next_id=page_ids[number] if current.has_next() else None,
                prev_id=page_ids[number - 2] if current.has_previous() else None,
            )
        )
    return document(*nodes)
