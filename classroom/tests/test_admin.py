"""Every model is in the admin, and each admin list page opens for a site admin."""

import pytest
from django.apps import apps
from django.contrib import admin

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPS = ("classroom", "articles", "discussions")


def project_models():
    return [model for name in APPS for model in apps.get_app_config(name).get_models()]


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
