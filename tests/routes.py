"""Every route of the site, for the tests that walk them all."""

from django.urls import URLPattern, URLResolver, get_resolver


def every_route(resolver: URLResolver | None = None, route: str = "", namespace: str = ""):
    """(full name, full route, pattern) of every URL pattern, recursing into includes, except
    Django's admin, which guards itself (staff login on every page). An unnamed pattern is
    named by its route, so that it cannot slip past a table of names."""
    for pattern in (resolver or get_resolver()).url_patterns:
        pattern_route = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern_route.startswith("admin/"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from every_route(pattern, pattern_route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else f"/{pattern_route}"
            yield name, pattern_route, pattern
