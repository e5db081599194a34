"""The demo's published password must never reach a production site by accident."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from classroom.models import Course, User


@pytest.mark.django_db
def test_seed_demo_refuses_with_production_settings(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production-demo"):
        call_command("seed_demo")
    assert not User.objects.filter(username="admin").exists()
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_seed_demo_runs_in_development(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_seed_demo_in_production_only_with_the_explicit_flag(settings):
    settings.DEBUG = False
    call_command("seed_demo", allow_production_demo=True, stdout=StringIO())
    assert Course.objects.filter(slug="civics-demo").exists()
