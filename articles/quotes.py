"""Finding a quoted phrase in a paragraph's text: the W3C Web Annotation selectors of a span
(TextQuoteSelector's exact, prefix and suffix; TextPositionSelector's start and end, in code
points) and the span a quote stands for."""

from dataclasses import dataclass

# Words around a quote kept to tell two occurrences apart (the selector's prefix and suffix).
CONTEXT = 32


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    """A TextQuoteSelector with the TextPositionSelector it was made at."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def quote_at(text: str, span: Span) -> Quote:
    """The selectors of `span` in `text`."""
    if not 0 <= span.start < span.end <= len(text):
        raise ValueError(f"{span} is not inside a text of {len(text)} characters")
    return Quote(
        exact=text[span.start : span.end],
        prefix=text[max(0, span.start - CONTEXT) : span.start],
        suffix=text[span.end : span.end + CONTEXT],
        start=span.start,
        end=span.end,
    )


def _occurrences(text: str, exact: str) -> list[int]:
    found, at = [], text.find(exact)
    while at != -1:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def _agreement(text: str, at: int, exact: str, prefix: str, suffix: str) -> int:
    """How many characters of the prefix (read backwards) and suffix agree at `at`."""
    before = text[:at]
    after = text[at + len(exact) :]
    agreed = 0
    for wanted, got in zip(reversed(prefix), reversed(before), strict=False):
        if wanted != got:
            break
        agreed += 1
    for wanted, got in zip(suffix, after, strict=False):
        if wanted != got:
            break
        agreed += 1
    return agreed


def quote_find(
    text: str, exact: str, *, prefix: str = "", suffix: str = "", near: int | None = None
) -> Span | None:
    """Where `exact` stands in `text`: of several occurrences, the one whose surroundings best
    agree with `prefix` and `suffix`, then the one nearest `near`. None when it is not there."""
    if not exact:
        return None
    occurrences = _occurrences(text, exact)
    if not occurrences:
        return None
    best = max(
        occurrences,
        key=lambda at: (
            _agreement(text, at, exact, prefix, suffix),
            -abs(at - near) if near is not None else 0,
            -at,
        ),
    )
    return Span(best, best + len(exact))
