"""Site admins confirm platforms in the admin (the list shows unconfirmed ones first) and see
the signing keys without their private part."""

import pytest
from django.urls import reverse

from classroom.lti.keys import signing_key
from classroom.lti.models import Platform, ToolKey
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return admin


def make_platform(name: str, **fields) -> Platform:
    host = name.lower().replace(" ", "-")
    return Platform.objects.create(
        name=name,
        issuer=f"https://{host}.example",
        client_id=f"{host}-client",
        authorization_url=f"https://{host}.example/auth",
        token_url=f"https://{host}.example/token",
        jwks_url=f"https://{host}.example/jwks",
        **fields,
    )


def test_the_list_shows_unconfirmed_platforms_first(client, site_admin):
    make_platform("Alpha LMS", confirmed_at="2026-01-05T10:00Z")
    make_platform("Zeta LMS", source=Platform.Source.DYNAMIC, product="moodle")
    response = client.get(reverse("admin:classroom_platform_changelist"))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("Zeta LMS") < text.index("Alpha LMS")
    assert "Dynamic Registration" in text
    assert "moodle" in text


def test_a_site_admin_confirms_platforms_with_the_action(client, site_admin):
    waiting = make_platform("Moodle at school", source=Platform.Source.DYNAMIC)
    other = make_platform("Other LMS")
    response = client.post(
        reverse("admin:classroom_platform_changelist"),
        {"action": "confirm", "_selected_action": [waiting.pk]},
        follow=True,
    )
    assert "Confirmed 1 platform" in response.content.decode()
    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.is_confirmed
    assert waiting.confirmed_by == site_admin
    assert not other.is_confirmed


def test_a_site_admin_confirms_a_platform_with_its_button(client, site_admin):
    platform = make_platform("Canvas at school", source=Platform.Source.DYNAMIC)
    change = reverse("admin:classroom_platform_change", args=[platform.pk])
    confirm = reverse("admin:classroom_platform_confirm", args=[platform.pk])
    page = client.get(change).content.decode()
    assert f'action="{confirm}"' in page
    assert "Confirm platform" in page

    assert client.get(confirm).status_code == 405
    response = client.post(confirm)

    assert response.status_code == 302
    assert response["Location"] == change
    platform.refresh_from_db()
    assert platform.confirmed_by == site_admin
    assert "Confirm platform" not in client.get(change).content.decode()


def test_staff_without_permission_cannot_confirm(client):
    client.force_login(UserFactory(username="helper", is_staff=True))
    platform = make_platform("Canvas at school")
    response = client.post(reverse("admin:classroom_platform_confirm", args=[platform.pk]))
    assert response.status_code == 403
    platform.refresh_from_db()
    assert not platform.is_confirmed


def test_signing_keys_show_no_private_part_and_rotate_from_the_list(client, site_admin):
    key = signing_key()
    listing = client.get(reverse("admin:classroom_toolkey_changelist")).content.decode()
    detail = client.get(reverse("admin:classroom_toolkey_change", args=[key.pk])).content.decode()
    for page in (listing, detail):
        assert key.kid in page
        assert "PRIVATE KEY" not in page
        assert key.private_key_pem.splitlines()[1] not in page

    response = client.post(
        reverse("admin:classroom_toolkey_changelist"),
        {"action": "rotate", "_selected_action": [key.pk]},
        follow=True,
    )

    assert "it signs from now on" in response.content.decode()
    assert ToolKey.objects.count() == 2
    assert signing_key() != key
