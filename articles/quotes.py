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
    # Only as much of the text as the prefix and suffix cover: this runs once per candidate.
    before = text[max(0, at - len(prefix)) : at]
    after = text[at + len(exact) : at + len(exact) + len(suffix)]
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


def quote_find_similar(
    text: str,
    exact: str,
    *,
    prefix: str = "",
    suffix: str = "",
    near: int | None = None,
    threshold: float = SIMILAR_ENOUGH,
) -> Span | None:
    """The piece of `text` most like `exact` (the fewest character edits), when at least
    `threshold` alike; of equally alike pieces, the one whose surroundings agree with `prefix`
    and `suffix`, then the one nearest `near`. None when nothing is alike enough."""
    if not exact or not text:
        return None
    most_edits = int(len(exact) * (1 - threshold))
    distances = _edit_distances(exact, text, anchored=False)
    fewest = min(distances)
    if fewest > most_edits:
        return None
    ends = [index + 1 for index, distance in enumerate(distances) if distance == fewest]
    # Where the quote ends, nearest the hint first (its start is about len(exact) before).
    hint = near + len(exact) if near is not None else 0
    ends = sorted(ends, key=lambda end: (abs(end - hint), end))[:CLOSE_LOOKS]
    candidates = []
    for end in ends:
        start, edits = _start_for(text, exact, end, most_edits)
        span = _whole_words(text, exact, Span(start, end))
        agreement = _agreement(text, span.start, text[span.start : span.end], prefix, suffix)
        nearness = abs(span.start - near) if near is not None else 0
        candidates.append(((edits, -agreement, nearness, span.start), span))
    return min(candidates, key=lambda candidate: candidate[0])[1]
