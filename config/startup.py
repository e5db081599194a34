"""What a server process does once, before its first request, so that request (the first
after a restart or a deploy) is not the one that waits for it."""

import gc
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template import engines
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import formats, translation
from django.utils.module_loading import import_string

from discussions.reading.fragments import code_version


def project_templates() -> list[str]:
    """The names of the project's own templates (each app's and the project's folder)."""
    names = []
    for folder in sorted(Path(settings.BASE_DIR).glob("*/templates")) + sorted(
        Path(settings.BASE_DIR).glob("templates")
    ):
        names += [str(path.relative_to(folder)) for path in sorted(folder.rglob("*.html"))]
    return names


def prepare_to_serve() -> None:
    """Warm up, then set aside from garbage collection all that the process now holds for its
    whole life (modules, URL patterns, compiled templates, translations: about 150,000
    objects). Python walks every object it tracks in each full collection, which comes every
    few hundred requests and holds up the request it falls in for tens of milliseconds; set
    aside (gc.freeze), they are never walked again, and a full collection walks only the few
    thousand that requests leave. What startup left as garbage is collected first, so nothing
    dead is kept for good."""
    warm_up()
    gc.collect()
    gc.freeze()


def warm_up() -> None:
    """Import every view (through the URL configuration) and what each request uses (the
    caches' clients, the templates' context processors, the message store and the session
    serializer), compile the templates, load each language's translations and formats, and
    digest the code that names shared fragments."""
    get_resolver().reverse_dict  # noqa: B018 (reading it imports and indexes every URL)
    for alias in settings.CACHES:
        # The first look-up imports the backend and its client.
        caches[alias]
    for engine in engines.all():
        engine.engine.template_context_processors  # noqa: B018 (imports them)
    import_string(settings.MESSAGE_STORAGE)
    import_string(settings.SESSION_SERIALIZER)
    for language, _name in settings.LANGUAGES:
        # Activating a language loads its catalogue; asking for a format loads its formats.
        with translation.override(language):
            formats.get_format("DATETIME_FORMAT")
    for name in project_templates():
        get_template(name)
    code_version()
