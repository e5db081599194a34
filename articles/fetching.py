"""Fetch a reading's web page without letting a URL reach into our own network.

Every hop (the first request and each redirect) is checked the same way: http or https only,
the host resolved once, every address it resolves to public, and the connection made to that
very address so a second DNS answer cannot swap in a private one.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 20.0
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
USER_AGENT = "Colloquy reading importer"
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8,*/*;q=0.1"

ACCEPTED_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Cloud instance-metadata endpoints. Refused even when private addresses are allowed for
# development, since they hand out credentials.
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack, DigitalOcean
    ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
    ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
    ipaddress.ip_address("168.63.129.16"),  # Azure wire server (a public address)
}
METADATA_HOSTS = {"metadata", "metadata.google.internal", "metadata.azure.com"}
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class FetchedPage:
    url: str
    content_type: str
    data: bytes


def resolve_host(host: str, port: int) -> list[str]:
    """Every address the host resolves to (tests replace this to stay off the network)."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise ValidationError(
            _("The address %(host)s could not be found.") % {"host": host}
        ) from error
    return list(dict.fromkeys(answer[4][0] for answer in answers))


def address_refusal(address: str, *, private_allowed: bool) -> str:
    """Why this IP address may not be fetched, or "" if it may. Cloud metadata addresses are
    refused even when private addresses are allowed (development, tests)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return _("a cloud metadata address")
    if private_allowed:
        return ""
    checks = [
        (ip.is_loopback, _("a loopback address")),
        (ip.is_link_local, _("a link-local address")),
        (ip.is_multicast, _("a multicast address")),
        (ip.is_unspecified, _("an unspecified address")),
        (ip.is_reserved, _("a reserved address")),
        (ip.is_private, _("a private network address")),
        (not ip.is_global, _("an address that is not on the public internet")),
    ]
    return next((reason for refused, reason in checks if refused), "")


def public_addresses(host: str, port: int, *, private_allowed: bool) -> list[str]:
    """Every address `host` resolves to, once each is known to be one Colloquy may reach: never a
    cloud metadata service, and only on the public internet unless `private_allowed`. Raises
    ValidationError saying why not. Whatever else fetches on a user's or a platform's word (an
    LMS's configuration URL) checks its host here."""
    if host in METADATA_HOSTS:
        raise ValidationError(
            _("Colloquy will not fetch %(host)s: it is a cloud metadata address.") % {"host": host}
        )
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = resolve_host(host, port)
    if not addresses:
        raise ValidationError(_("The address %(host)s could not be found.") % {"host": host})
    for address in addresses:
        reason = address_refusal(address, private_allowed=private_allowed)
        if reason:
            raise ValidationError(
                _("Colloquy will not fetch %(host)s: it points to %(reason)s.")
                % {"host": host, "reason": reason}
            )
    return addresses


def _checked_target(url: str, *, private_allowed: bool) -> tuple[str, str, int, str, str]:
    """Scheme, host, port, the address to connect to, and the path, after every check."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValidationError(_("Only http:// and https:// web addresses can be imported."))
    if parts.username or parts.password:
        raise ValidationError(_("Web addresses with a user name or password cannot be imported."))
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise ValidationError(_("This web address has no host name."))
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise ValidationError(_("This web address has an invalid host name.")) from error
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise ValidationError(_("This web address has an invalid port.")) from error
    addresses = public_addresses(host, port, private_allowed=private_allowed)
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, host, port, addresses[0], path


def _pool(scheme: str, host: str, port: int, address: str, timeout: urllib3.Timeout):
    """A connection to the checked address that still presents the host name (TLS and Host)."""
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            server_hostname=host,
            assert_hostname=host,
        )
    return urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)


def pinned_request(
    method: str,
    url: str,
    *,
    headers: dict,
    timeout: float,
    private_allowed: bool,
    body: bytes | None = None,
) -> urllib3.BaseHTTPResponse:
    """One request, no redirects, on a user's or a platform's word (an LMS's configuration and
    registration addresses): the host checked as a reading's is and the connection made to
    the checked address, so a second DNS answer cannot swap in a private one. The caller reads
    the streamed answer and closes it; urllib3's errors reach the caller."""
    scheme, host, port, address, path = _checked_target(url, private_allowed=private_allowed)
    default_port = 443 if scheme == "https" else 80
    headers = {"Host": host if port == default_port else f"{host}:{port}"} | headers
    pool = _pool(
        scheme, host, port, address, urllib3.Timeout(connect=CONNECT_TIMEOUT, read=timeout)
    )
    return pool.urlopen(
        method,
        path,
        body=body,
        headers=headers,
        redirect=False,
        preload_content=False,
        retries=False,
    )


def _media_type(response) -> str:
    return (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()


def _too_large() -> ValidationError:
    return ValidationError(
        _("This page is larger than %(size)d MB, too large to import.")
        % {"size": MAX_BYTES // 1024 // 1024}
    )


def _status_error(status: int) -> ValidationError:
    if status in (404, 410):
        return ValidationError(
            _("The page was not found (HTTP %(status)d). Check the address.") % {"status": status}
        )
    if status in (401, 403):
        return ValidationError(
            _(
                "The site refused access to this page (HTTP %(status)d); it may need a login. "
                "Paste the text or upload a file instead."
            )
            % {"status": status}
        )
    return ValidationError(
        _("The site answered with an error (HTTP %(status)d). Try again later.")
        % {"status": status}
    )


def _read_body(response, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise _too_large()
    received = bytearray()
    for chunk in response.stream(CHUNK_BYTES, decode_content=True):
        received.extend(chunk)
        if len(received) > MAX_BYTES:
            raise _too_large()
        if time.monotonic() > deadline:
            raise _timed_out()
    return bytes(received)


def _timed_out() -> ValidationError:
    return ValidationError(
        _("The site took longer than %(seconds)s seconds to answer. Try again later.")
        % {"seconds": f"{TOTAL_TIMEOUT:g}"}
    )


def fetch_url(url: str) -> FetchedPage:
    """GET a page or document, following up to ``MAX_REDIRECTS`` redirects, each re-checked."""
    deadline = time.monotonic() + TOTAL_TIMEOUT
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, address, path = _checked_target(
            url, private_allowed=getattr(settings, "READING_FETCH_ALLOW_PRIVATE", False)
        )
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timed_out()
        timeout = urllib3.Timeout(connect=min(CONNECT_TIMEOUT, remaining), read=remaining)
        default_port = 443 if scheme == "https" else 80
        headers = {
            "Host": host if port == default_port else f"{host}:{port}",
            "User-Agent": USER_AGENT,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip, deflate",
        }
        pool = _pool(scheme, host, port, address, timeout)
        try:
            response = pool.urlopen(
                "GET", path, headers=headers, redirect=False, preload_content=False, retries=False
            )
            try:
                if response.status in _REDIRECT_STATUSES and response.headers.get("Location"):
                    url = urljoin(url, response.headers["Location"])
                    continue
                if response.status >= 400:
                    raise _status_error(response.status)
                media_type = _media_type(response)
                if media_type not in ACCEPTED_TYPES:
                    raise ValidationError(
                        _(
                            "This address serves %(type)s, not a web page or a document "
                            "Colloquy can import (HTML, text, PDF or Word)."
                        )
                        % {"type": media_type or _("an unknown type of file")}
                    )
                data = _read_body(response, deadline)
            finally:
                response.release_conn()
        except (urllib3.exceptions.ConnectTimeoutError, urllib3.exceptions.ReadTimeoutError):
            raise _timed_out() from None
        except urllib3.exceptions.SSLError as error:
            raise ValidationError(
                _("The secure connection to %(host)s failed; its certificate may be invalid.")
                % {"host": host}
            ) from error
        except urllib3.exceptions.HTTPError as error:
            raise ValidationError(
                _("Could not load the page from %(host)s.") % {"host": host}
            ) from error
        finally:
            pool.close()
        return FetchedPage(url=url, content_type=media_type, data=data)
    raise ValidationError(
        _("The page redirected more than %(count)d times.") % {"count": MAX_REDIRECTS}
    )
