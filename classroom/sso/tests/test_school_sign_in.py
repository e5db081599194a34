"""Signing in with a school account, over real HTTP: the live server, a real OpenID provider
(tests/oidc_provider) and a requests session acting as the person's browser."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import lxml.html
import pytest
import requests
from django.conf import settings

from classroom.lti.models import Identity
from classroom.models import User
from tests.factories import UserFactory
from tests.live import free_port
from tests.loopback import loopback_session

PASSWORD = "correct horse battery staple"


class Browser:
    """A person's browser: keeps cookies, follows redirects and fills in the forms it is
    shown (the issuer's sign-in page takes the account's `sub` as the login)."""

    def __init__(self, live_server, issuer: str):
        self.base_url = live_server.url
        self.callback_url = live_server.url + "/accounts/sso/callback/"
        self.issuer = issuer
        self.session = loopback_session()

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.base_url + path)

    def through_the_issuer(self, login: str, next_url: str = "") -> str:
        """Click "Sign in with …" and sign in at the issuer; the callback address the issuer
        sends the browser back to, not yet opened."""
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        response = self.session.get(
            self.base_url + "/accounts/sso/start/" + query, allow_redirects=False
        )
        for _ in range(5):
            response = self.redirects_until_callback(response)
            if isinstance(response, str):
                return response
            assert response.url.startswith(self.issuer), (response.status_code, response.text)
            form = lxml.html.fromstring(response.text, base_url=response.url).forms[0]
            values = dict(form.form_values())
            if "login" in form.inputs:
                values |= {"login": login, "password": "the issuer checks no password"}
            response = self.session.post(form.action, data=values, allow_redirects=False)
        raise AssertionError("The issuer never sent the browser back.")

    def redirects_until_callback(self, response: requests.Response) -> requests.Response | str:
        while response.is_redirect:
            location = requests.compat.urljoin(response.url, response.headers["Location"])
            if location.startswith(self.callback_url):
                return location
            response = self.session.get(location, allow_redirects=False)
        return response

    def sign_in_with_school(self, login: str, next_url: str = "") -> requests.Response:
        return self.session.get(self.through_the_issuer(login, next_url))

    def submit(self, page: requests.Response, **fields) -> requests.Response:
        """Fill in and submit the page's form that has these fields (CSRF token included)."""
        forms = lxml.html.fromstring(page.text, base_url=page.url).forms
        form = next(form for form in forms if set(fields) <= set(form.inputs.keys()))
        return self.session.post(form.action or page.url, data=dict(form.form_values()) | fields)

    def is_signed_in(self) -> bool:
        settings_page = self.session.get(self.base_url + "/accounts/settings/")
        return urlsplit(settings_page.url).path == "/accounts/settings/"


@pytest.fixture
def browser(live_server, school_sign_in):
    return Browser(live_server, school_sign_in.issuer)


def with_state(callback: str, state: str) -> str:
    parts = urlsplit(callback)
    query = dict(parse_qsl(parts.query)) | {"state": state}
    return urlunsplit(parts._replace(query=urlencode(query)))


def accounts_and_identities() -> tuple[int, int]:
    return User.objects.count(), Identity.objects.count()


def test_a_new_person_gets_an_account_and_lands_signed_in(browser, school_sign_in, live_server):
    landing = browser.sign_in_with_school("amara-okafor")

    assert landing.status_code == 200
    assert landing.url == live_server.url + "/"
    assert "Amara Okafor" in landing.text
    assert browser.is_signed_in()
    identity = Identity.objects.select_related("user").get()
    assert (identity.issuer, identity.subject) == (school_sign_in.issuer, "amara-okafor")
    person = identity.user
    assert (person.username, person.display_name) == ("amara", "Amara Okafor")
    assert person.email == "amara@school.example"
    assert not person.has_usable_password()


def test_the_same_sub_finds_the_same_account_whatever_its_email_now(
    browser, school_sign_in, live_server
):
    browser.sign_in_with_school("amara-okafor")
    person = User.objects.get()
    # Found by issuer and `sub`: the addresses Colloquy has on file play no part.
    User.objects.filter(pk=person.pk).update(email="amara.okafor@home.example")
    UserFactory(username="someone-else", email="amara@school.example")

    again = Browser(live_server, school_sign_in.issuer)
    landing = again.sign_in_with_school("amara-okafor")

    assert landing.url == live_server.url + "/"
    assert again.is_signed_in()
    assert "amara.okafor@home.example" in again.get("/accounts/settings/").text
    assert accounts_and_identities() == (2, 1)
    assert Identity.objects.get().user_id == person.pk


def test_next_is_kept_when_it_stays_on_this_site(browser, school_sign_in, live_server):
    landing = browser.sign_in_with_school("amara-okafor", next_url="/accounts/settings/")
    assert landing.url == live_server.url + "/accounts/settings/"

    elsewhere = Browser(live_server, school_sign_in.issuer)
    landing = elsewhere.sign_in_with_school("amara-okafor", next_url="https://evil.example/")
    assert landing.url == live_server.url + "/"


def test_a_local_account_with_the_same_email_proves_its_password_once(
    browser, school_sign_in, live_server
):
    maria = UserFactory(username="maria", email="maria@school.example", password=PASSWORD)

    asked = browser.sign_in_with_school("maria-lopez")

    assert asked.url == live_server.url + "/accounts/sso/link/"
    assert "An account with this e-mail already exists" in asked.text
    assert "enter its password to link your school sign-in" in asked.text
    assert not browser.is_signed_in()
    assert accounts_and_identities() == (1, 0)

    wrong = browser.submit(asked, password="not her password")
    assert wrong.status_code == 422
    assert "That password is not right. Nothing was linked." in wrong.text
    assert not browser.is_signed_in()
    assert accounts_and_identities() == (1, 0)

    linked = browser.submit(wrong, password=PASSWORD)
    assert linked.url == live_server.url + "/"
    assert "Your sign-in with Harbour School is linked to this account." in linked.text
    assert browser.is_signed_in()
    identity = Identity.objects.get()
    assert (identity.user_id, identity.subject) == (maria.pk, "maria-lopez")

    next_time = Browser(live_server, school_sign_in.issuer)
    landing = next_time.sign_in_with_school("maria-lopez")
    assert landing.url == live_server.url + "/"
    assert next_time.is_signed_in()
    assert accounts_and_identities() == (1, 1)


def test_wrong_link_passwords_lock_out_like_the_login_page(browser, school_sign_in):
    UserFactory(username="maria", email="maria@school.example", password=PASSWORD)
    page = browser.sign_in_with_school("maria-lopez")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        page = browser.submit(page, password="a guess")
        assert page.status_code == 422

    locked = browser.submit(page, password="a guess")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.text
    # Even the right password waits out the lock-out, here and on the log-in page.
    assert browser.submit(page, password=PASSWORD).status_code == 429
    login_page = browser.get("/accounts/login/")
    assert browser.submit(login_page, username="maria", password=PASSWORD).status_code == 429
    assert Identity.objects.count() == 0
    assert not browser.is_signed_in()


def test_only_verified_addresses_of_the_allowed_domain_sign_in(
    browser, school_sign_in, settings, live_server
):
    settings.SSO_ALLOWED_DOMAIN = "school.example"

    for outsider in ("eve-marsh", "lee-park"):  # another domain; an unverified address
        refused = Browser(live_server, school_sign_in.issuer).sign_in_with_school(outsider)
        assert refused.status_code == 403
        assert (
            "Only verified @school.example addresses can sign in with Harbour School here."
            in refused.text
        )
    assert accounts_and_identities() == (0, 0)

    assert browser.sign_in_with_school("amara-okafor").status_code == 200
    assert browser.is_signed_in()


def test_an_altered_or_replayed_callback_is_refused_and_creates_nothing(
    browser, school_sign_in, live_server
):
    callback = browser.through_the_issuer("amara-okafor")

    altered = browser.session.get(with_state(callback, "a-state-this-browser-never-sent"))
    assert altered.status_code == 400
    assert "Sign-in not finished" in altered.text
    assert accounts_and_identities() == (0, 0)

    # Another browser cannot finish this person's sign-in.
    stranger = Browser(live_server, school_sign_in.issuer)
    assert stranger.session.get(callback).status_code == 400
    assert accounts_and_identities() == (0, 0)

    assert browser.session.get(callback).status_code == 200
    assert accounts_and_identities() == (1, 1)
    browser.session.post(live_server.url + "/accounts/logout/")
    # Its state is used up: the same address twice is refused.
    assert browser.session.get(callback).status_code == 400
    assert accounts_and_identities() == (1, 1)


def test_cancelling_at_the_issuer_comes_back_to_a_clear_page(browser, live_server):
    sign_in_page = browser.session.get(live_server.url + "/accounts/sso/start/")
    # The issuer's own "cancel" (its development pages have it at …/abort).
    cancelled = browser.session.get(sign_in_page.url + "/abort")

    assert cancelled.url.startswith(browser.callback_url + "?error=access_denied")
    assert cancelled.status_code == 400
    assert "Signing in with Harbour School did not finish: it was cancelled" in cancelled.text
    assert accounts_and_identities() == (0, 0)


def test_a_switched_off_account_cannot_sign_in_this_way(browser, school_sign_in, live_server):
    browser.sign_in_with_school("amara-okafor")
    User.objects.update(is_active=False)

    again = Browser(live_server, school_sign_in.issuer)
    refused = again.sign_in_with_school("amara-okafor")

    assert refused.status_code == 403
    assert "This Colloquy account is switched off." in refused.text
    assert not again.is_signed_in()
    assert not browser.is_signed_in()


def test_an_unreachable_issuer_leaves_the_login_page_and_passwords_working(
    live_server, school_sign_in, settings
):
    # Nothing listens there; the login page must not need the issuer to render.
    settings.SSO_ISSUER = f"http://127.0.0.1:{free_port()}"
    browser = Browser(live_server, settings.SSO_ISSUER)
    UserFactory(username="maria", password=PASSWORD)

    login_page = browser.get("/accounts/login/")
    assert "Sign in with Harbour School" in login_page.text
    unavailable = browser.get("/accounts/sso/start/")
    assert unavailable.status_code == 503
    assert "Harbour School can&#x27;t be reached just now." in unavailable.text

    signed_in = browser.submit(login_page, username="maria", password=PASSWORD)
    assert signed_in.url == live_server.url + "/"
    assert browser.is_signed_in()


@pytest.mark.django_db
def test_the_login_page_offers_school_sign_in_only_while_it_is_on(client, settings):
    assert "Sign in with" not in client.get("/accounts/login/").text

    settings.SSO_ISSUER = "https://accounts.example"
    settings.SSO_CLIENT_ID = "colloquy"
    settings.SSO_CLIENT_SECRET = "secret"
    settings.SSO_NAME = ""
    page = client.get("/accounts/login/?next=/accounts/settings/")
    assert "Sign in with your school account" in page.text
    assert 'href="/accounts/sso/start/?next=/accounts/settings/"' in page.text
