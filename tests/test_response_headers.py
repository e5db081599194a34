"""What each kind of response tells browsers and caches: a full page, an htmx fragment, a
redirect, a static file, an error page, public pages, LTI pages an LMS frames, and logging out."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def vary(response) -> set[str]:
    return {value.strip().lower() for value in response.get("Vary", "").split(",") if value}


def cache_control(response) -> set[str]:
    return {value.strip() for value in response.get("Cache-Control", "").split(",") if value}


def assert_policies(response, resource_policy="same-origin"):
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert response["Cross-Origin-Resource-Policy"] == resource_policy
    assert response["Referrer-Policy"] == "same-origin"


def assert_kept_from_caches(response):
    assert {"private", "no-store"} <= cache_control(response)


def reading_url(classroom) -> str:
    return reverse("discussions:reading", args=[classroom.course.slug, classroom.assignment.pk])


def discussion_url(classroom) -> str:
    return reverse(
        "discussions:paragraph_discussion",
        args=[classroom.course.slug, classroom.assignment.pk, classroom.paragraphs[0].pk],
    )


def test_a_full_page_and_its_htmx_fragment_vary_on_htmx(classroom, client_for):
    """The reply form: a page of its own without JavaScript, a form in the thread with it."""
    client = client_for(classroom.student)
    url = reverse("discussions:comment_reply", args=[classroom.comment.pk])
    page = client.get(url)
    fragment = client.get(url, headers=HTMX)

    assert page.status_code == fragment.status_code == 200
    assert page.content.startswith(b"<!doctype html>")
    assert not fragment.content.startswith(b"<!doctype html>")
    for response in (page, fragment):
        assert_kept_from_caches(response)
        assert "hx-request" in vary(response)
        assert_policies(response)


def test_a_signed_in_page_that_never_asks_about_htmx_is_kept_from_caches(classroom, client_for):
    response = client_for(classroom.student).get(reading_url(classroom))

    assert response.status_code == 200
    assert_kept_from_caches(response)
    assert "hx-request" not in vary(response)
    assert_policies(response)


def test_a_redirect_and_the_fragment_at_one_address_vary_on_htmx(classroom, client_for):
    client = client_for(classroom.student)
    without_htmx = client.get(discussion_url(classroom))
    fragment = client.get(discussion_url(classroom), headers=HTMX)

    assert without_htmx.status_code == 302
    assert "hx-request" in vary(without_htmx)
    assert fragment.status_code == 200
    assert_kept_from_caches(fragment)
    assert "hx-request" in vary(fragment)
    assert_policies(fragment)


def test_a_redirect_after_posting_without_htmx_varies_on_htmx(classroom, client_for):
    url = reverse(
        "discussions:thread_create",
        args=[classroom.course.slug, classroom.assignment.pk, classroom.paragraphs[0].pk],
    )
    response = client_for(classroom.student).post(url, {"body": "A new thread."})

    assert response.status_code == 302
    assert_kept_from_caches(response)
    assert "hx-request" in vary(response)
    assert_policies(response)


@pytest.mark.parametrize("role", ["anonymous", "student"])
def test_static_files_keep_their_caching_and_carry_the_policies(role, classroom, client_for):
    response = client_for(classroom.user(role)).get("/static/css/colloquy.css")

    assert response.status_code == 200
    assert "public" in cache_control(response)
    assert "no-store" not in cache_control(response)
    assert_policies(response)


def test_an_error_page_for_a_signed_in_person_is_kept_from_caches(classroom, client_for):
    response = client_for(classroom.outsider).get(reading_url(classroom))

    assert response.status_code == 404
    assert_kept_from_caches(response)
    assert_policies(response)


def test_a_public_page_keeps_the_caching_it_had(client):
    response = client.get(reverse("password_reset_done"))

    assert response.status_code == 200
    assert "no-store" not in cache_control(response)
    assert_policies(response)


def test_the_lti_key_set_stays_readable_by_lms_servers(client):
    response = client.get(reverse("lti:jwks"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "keys" in response.json()
    assert "no-store" not in cache_control(response)
    assert_policies(response)


def test_a_page_an_lms_may_frame_lets_it_load_the_page(client):
    response = client.get(reverse("lti:register"))

    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert_policies(response, resource_policy="cross-origin")


def test_logging_out_clears_what_the_browser_kept(classroom, client_for):
    response = client_for(classroom.student).post(reverse("logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_deleting_an_account_clears_what_the_browser_kept(classroom, client_for):
    classroom.outsider.set_password("a long enough passphrase")
    classroom.outsider.save()
    response = client_for(classroom.outsider).post(
        reverse("account_delete"), {"password": "a long enough passphrase"}
    )

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_a_site_without_a_content_security_policy_still_answers_with_the_others(client, settings):
    settings.SECURE_CSP = {}
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
