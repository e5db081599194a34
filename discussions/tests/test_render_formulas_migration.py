"""Upgrading renders the formulas of comments and prompts written before math did."""

import importlib

import pytest
from django.apps import apps

from discussions.models import Comment

render_formulas = importlib.import_module("discussions.migrations.0019_render_formulas")

pytestmark = pytest.mark.django_db


def test_old_comments_with_dollars_show_their_formulas_after_the_upgrade(classroom):
    old = classroom.comment
    Comment.objects.filter(pk=old.pk).update(body="Area is $\\pi r^2$.", body_html="<p>old</p>")

    render_formulas.render_again(apps, None)

    old.refresh_from_db()
    assert "<math" in old.body_html and "<mi>π</mi>" in old.body_html
