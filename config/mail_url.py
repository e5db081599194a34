"""Turn an EMAIL_URL such as ``smtp+tls://user:password@mail.example.org`` into a mailer."""

# Not dj-email-url or django-environ: both read smtps:// as STARTTLS with no port (the README
# and RFC 8314 mean TLS from the first byte, on 465), and dj-email-url accepts an unknown scheme
# such as smtp+tls:// (leaving no backend) or a URL without a host, where this refuses to start.
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# scheme -> (use_tls: STARTTLS after connecting, use_ssl: TLS from the first byte, default port)
SMTP_SCHEMES = {
    "smtp": (False, False, 25),
    "smtp+tls": (True, False, 587),
    "submission": (True, False, 587),
    "smtps": (False, True, 465),
    "smtp+ssl": (False, True, 465),
}
OTHER_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
TRUE = {"1", "true", "yes", "on"}


def mailer_from_url(url: str) -> dict:
    """A MAILERS entry for the URL; ``?tls=1`` or ``?ssl=1`` and ``?timeout=20`` may follow.

    User name and password are percent-decoded, so ``p%40ss`` is the password ``p@ss``.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in OTHER_BACKENDS:
        return {"BACKEND": OTHER_BACKENDS[scheme]}
    if scheme not in SMTP_SCHEMES:
        known = ", ".join([*SMTP_SCHEMES, *OTHER_BACKENDS])
        raise ImproperlyConfigured(f"EMAIL_URL must start with one of {known}:// (got {url!r}).")
    if not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL has no host: {url!r}.")
    use_tls, use_ssl, default_port = SMTP_SCHEMES[scheme]
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    use_tls = use_tls or query.get("tls", "").lower() in TRUE
    use_ssl = use_ssl or query.get("ssl", "").lower() in TRUE
    if use_tls and use_ssl:
        raise ImproperlyConfigured("EMAIL_URL asks for both STARTTLS (tls) and SSL; pick one.")
    try:
        port = parts.port
        timeout = int(query.get("timeout", "10"))
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL has a bad port or timeout: {error}.") from None
    if port is None:
        port = 465 if use_ssl else 587 if use_tls else default_port
    return {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {
            "host": parts.hostname,
            "port": port,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": use_tls,
            "use_ssl": use_ssl,
            "timeout": timeout,
        },
    }
