"""A requests session that keeps cookies as Chromium does on loopback addresses."""

import requests
from requests.cookies import RequestsCookieJar

# Chromium treats http://127.0.0.1 and http://localhost as secure origins: it keeps and sends
# `Secure` cookies there. The standard library's cookie jar sends them over https only, so this
# jar forgets the flag of loopback cookies as it stores them (the tests talk to loopback only).
LOOPBACK_COOKIE_DOMAINS = frozenset({"127.0.0.1", "localhost.local", "localhost", "[::1]"})


class LoopbackIsSecureJar(RequestsCookieJar):
    def set_cookie(self, cookie, *args, **kwargs):
        if cookie.domain in LOOPBACK_COOKIE_DOMAINS:
            cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def loopback_session() -> requests.Session:
    session = requests.Session()
    session.cookies = LoopbackIsSecureJar()
    return session
