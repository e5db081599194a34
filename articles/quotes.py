"""Finding a quoted phrase in a paragraph's text: the W3C Web Annotation selectors of a span
(TextQuoteSelector's exact, prefix and suffix; TextPositionSelector's start and end, in code
points) and the span a quote stands for, exactly or, after an edit, the most alike piece."""

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


def _agreeing(wanted: str, got: str) -> int:
    """How many characters agree, from the first on."""
    agreed = 0
    for wanted_letter, got_letter in zip(wanted, got, strict=False):
        if wanted_letter != got_letter:
            break
        agreed += 1
    return agreed


def _sides_agreeing(text: str, span: Span, prefix: str, suffix: str) -> tuple[int, int]:
    """How many characters of the prefix (read backwards from the span) and of the suffix
    agree with the text around `span`."""
    # Only as much of the text as the prefix and suffix cover: this runs once per candidate.
    before = text[max(0, span.start - len(prefix)) : span.start]
    after = text[span.end : span.end + len(suffix)]
    return _agreeing(prefix[::-1], before[::-1]), _agreeing(suffix, after)


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
            sum(_sides_agreeing(text, Span(at, at + len(exact)), prefix, suffix)),
            -abs(at - near) if near is not None else 0,
            -at,
        ),
    )
    return Span(best, best + len(exact))


# How alike the words found must be to the words quoted (1 - edits / length) to count as the
# same phrase after an edit: a few words changed in a sentence, not a different sentence.
SIMILAR_ENOUGH = 0.75
# Of the places where the quote ends with the fewest edits, how many are looked at closely
# (where each starts, how its surroundings agree): this keeps a text full of near-repeats
# (a chorus, a list) to a fixed amount of work.
CLOSE_LOOKS = 16


def _letter_masks(pattern: str) -> dict[str, int]:
    masks: dict[str, int] = {}
    for index, letter in enumerate(pattern):
        masks[letter] = masks.get(letter, 0) | (1 << index)
    return masks


def _edit_distances(pattern: str, text, *, anchored: bool) -> list[int]:
    """For each i, the fewest edits turning `pattern` into a piece of `text` that ends after
    i + 1 characters: any piece ending there, or, `anchored`, the piece text[:i + 1].

    Myers' bit-parallel algorithm: one pass over the text, a handful of operations on
    len(pattern)-bit integers per character, so a long paragraph costs one reading of it."""
    masks, length = _letter_masks(pattern), len(pattern)
    everything, last = (1 << length) - 1, 1 << (length - 1)
    up, down, score = everything, 0, length
    distances = []
    for letter in text:
        equal = masks.get(letter, 0)
        vertical = equal | down
        horizontal = (((equal & up) + up) ^ up) | equal
        plus = down | (~(horizontal | up) & everything)
        minus = up & horizontal
        if plus & last:
            score += 1
        elif minus & last:
            score -= 1
        # Anchored, every character skipped before the piece costs an edit; searching, none do.
        plus = ((plus << 1) | anchored) & everything
        minus = (minus << 1) & everything
        up = minus | (~(vertical | plus) & everything)
        down = plus & vertical
        distances.append(score)
    return distances


def _start_for(text: str, exact: str, end: int, most_edits: int) -> tuple[int, int]:
    """Where the closest piece of `text` ending at `end` starts, and its edits; of equally
    close pieces, the one as long as the quote."""
    window = max(0, end - len(exact) - most_edits)
    backwards = _edit_distances(exact[::-1], reversed(text[window:end]), anchored=True)
    length = min(
        range(1, len(backwards) + 1),
        key=lambda length: (backwards[length - 1], abs(length - len(exact))),
    )
    return end - length, backwards[length - 1]


def _whole_words(text: str, exact: str, span: Span) -> Span:
    """Widen a piece that cuts into a word, when the quote itself begins or ends on a whole
    word: an edit that lengthens a word ("fox" to "foxes") still highlights all of it."""
    start, end = span.start, span.end
    if exact[0].isalnum():
        while start > max(0, span.start - CONTEXT) and text[start - 1].isalnum():
            start -= 1
    if exact[-1].isalnum():
        while end < min(len(text), span.end + CONTEXT) and text[end].isalnum():
            end += 1
    return Span(start, end)


def _score(
    text: str, span: Span, *, edits: int, exact: str, prefix: str, suffix: str, near: int | None
) -> float:
    """How likely `span` is the quoted phrase: mostly how alike the words are, then how far
    the words around it agree, a little how near the hint it stands."""
    prefix_agreed, suffix_agreed = _sides_agreeing(text, span, prefix, suffix)
    return (
        50 * (1 - edits / len(exact))
        + (20 * prefix_agreed / len(prefix) if prefix else 0)
        + (20 * suffix_agreed / len(suffix) if suffix else 0)
        + (2 * (1 - abs(span.start - near) / len(text)) if near is not None else 0)
    )


def quote_find_similar(
    text: str,
    exact: str,
    *,
    prefix: str = "",
    suffix: str = "",
    near: int | None = None,
    threshold: float = SIMILAR_ENOUGH,
) -> Span | None:
    """The piece of `text` most like `exact`, at least `threshold` alike (in character
    edits): the one with the fewest edits, unless one with a few more stands between words
    that agree with `prefix` and `suffix` (an edit may make a similar phrase elsewhere the
    closer one); between equals, the one nearest `near`. None when nothing is alike enough."""
    if not exact or not text:
        return None
    most_edits = int(len(exact) * (1 - threshold))
    distances = _edit_distances(exact, text, anchored=False)
    # Each place the quote could end: the fewest edits among its neighbours.
    ends = [
        index + 1
        for index, distance in enumerate(distances)
        if distance <= most_edits
        and (index == 0 or distances[index - 1] >= distance)
        and (index + 1 == len(distances) or distances[index + 1] >= distance)
    ]
    # The closest and nearest the hint first (the quote starts about len(exact) before it).
    hint = near + len(exact) if near is not None else 0
    ends = sorted(ends, key=lambda end: (distances[end - 1], abs(end - hint), end))
    best = None
    for end in ends[:CLOSE_LOOKS]:
        start, edits = _start_for(text, exact, end, most_edits)
        span = _whole_words(text, exact, Span(start, end))
        score = _score(
            text, span, edits=edits, exact=exact, prefix=prefix, suffix=suffix, near=near
        )
        rank = (-score, span.start, span.end)
        if best is None or rank < best[0]:
            best = (rank, span)
    return None if best is None else best[1]


def quote_find_again(
    text: str, exact: str, *, prefix: str = "", suffix: str = "", near: int | None = None
) -> Span | None:
    """Where a quote stands after an edit: the exact words when the words on one side of them
    are unchanged too; otherwise the piece the similar search judges best, words around and
    place included (the exact words may now be a different occurrence)."""
    span = quote_find(text, exact, prefix=prefix, suffix=suffix, near=near)
    if span is not None:
        prefix_agreed, suffix_agreed = _sides_agreeing(text, span, prefix, suffix)
        if prefix_agreed == len(prefix) or suffix_agreed == len(suffix):
            return span
    return quote_find_similar(text, exact, prefix=prefix, suffix=suffix, near=near)
