"""Every model is in the admin, and each admin list page opens for a site admin."""

import pytest
from django.apps import apps
from django.contrib import admin

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPS = ("classroom", "articles", "discussions")


# Private to their authors, so deliberately absent from the admin: no site admin reads them.
# A posting key may point at a note, so it stays out too (and is a week-old receipt at most).
PRIVATE_MODELS = {"discussions.Note", "discussions.PostingKey"}


def project_models():
    return [
        model
        for name in APPS
        for model in apps.get_app_config(name).get_models()
        if model._meta.label not in PRIVATE_MODELS
    ]


def test_private_notes_are_not_in_the_admin():
    assert not [label for label in PRIVATE_MODELS if apps.get_model(label) in admin.site._registry]


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.label)
def test_model_is_registered_with_list_columns_and_search(model):
    model_admin = admin.site._registry.get(model)
    assert model_admin is not None, f"{model._meta.label} is not in the admin"
    assert len(model_admin.list_display) > 1
    assert model_admin.search_fields


def test_every_admin_list_and_add_page_opens(client, classroom):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for model in project_models():
        meta = model._meta
        response = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert response.status_code == 200, meta.label
