"""Places on a lower layer's page where an app above adds its own piece, so the lower
template never loads the higher app's tags. Apps register their parts in AppConfig.ready()."""

from collections import defaultdict
from collections.abc import Callable

from django.template import Context
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

# A part takes the page's template context and the place's arguments and returns HTML.
Part = Callable[..., str]

_parts: dict[str, list[Part]] = defaultdict(list)


def register_part(place: str, part: Part) -> None:
    if part not in _parts[place]:
        _parts[place].append(part)


def render_parts(place: str, context: Context, *args) -> SafeString:
    # Parts return SafeString (format_html, a rendered template); anything else is escaped.
    return format_html_join("", "{}", ((part(context, *args),) for part in _parts[place]))
