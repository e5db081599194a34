"""A person's browser between the LMS and Colloquy: it follows redirects and submits the
auto-posting forms the way Chromium would, keeping its own cookies."""

from dataclasses import dataclass

import requests
from lxml import html

from tests.loopback import loopback_session


@dataclass
class LaunchPage:
    """The form the platform's authorization endpoint auto-submits to the tool."""

    action: str
    fields: dict


class Browser:
    def __init__(self):
        self.session = loopback_session()

    def start_launch(self, login_url: str, params: dict, *, method: str = "POST") -> LaunchPage:
        """Third-party login initiation at the tool, then the platform's authorization answer:
        the form that would post the id_token to the tool, not yet submitted."""
        if method == "POST":
            answer = self.session.post(login_url, data=params, timeout=10)
        else:
            answer = self.session.get(login_url, params=params, timeout=10)
        answer.raise_for_status()
        return self.form_on(answer.text)

    def submit(self, page: LaunchPage, **changes) -> requests.Response:
        return self.session.post(page.action, data=page.fields | changes, timeout=10)

    def launch(self, login_url: str, params: dict, **kwargs) -> requests.Response:
        return self.submit(self.start_launch(login_url, params, **kwargs))

    def open_form(self, url: str) -> LaunchPage:
        """Open a page and return its first form, its action resolved against the page's
        address as a browser resolves it."""
        answer = self.session.get(url, timeout=10)
        answer.raise_for_status()
        return self.form_on(answer.text, base_url=answer.url)

    @staticmethod
    def form_on(
        text: str, form_id: str | None = None, *, base_url: str | None = None
    ) -> LaunchPage:
        document = html.fromstring(text, base_url=base_url)
        forms = document.forms if form_id is None else [document.get_element_by_id(form_id)]
        if not forms:
            raise AssertionError(f"no form on the page: {text[:500]}")
        form = forms[0]
        fields = {
            field.name: field.value or ""
            for field in form.inputs
            if field.name and getattr(field, "type", "") != "submit"
        }
        return LaunchPage(action=form.action, fields=fields)
