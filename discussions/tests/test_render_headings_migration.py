"""Upgrading renders again the headings of comments, prompts and notes written before they were
kept to h2 and h3."""

import importlib

import pytest
from django.apps import apps

from discussions.models import Comment

render_headings = importlib.import_module("discussions.migrations.0020_render_headings")

pytestmark = pytest.mark.django_db


def test_old_headings_fit_the_page_after_the_upgrade(classroom):
    old = classroom.comment
    Comment.objects.filter(pk=old.pk).update(
        body="# Claim\n\n#### Evidence", body_html="<h1>Claim</h1>\n<h4>Evidence</h4>\n"
    )
    untouched = list(Comment.objects.exclude(pk=old.pk).values_list("pk", "body_html"))

    render_headings.render_again(apps, None)

    old.refresh_from_db()
    assert old.body_html == "<h2>Claim</h2>\n<h3>Evidence</h3>\n"
    assert list(Comment.objects.exclude(pk=old.pk).values_list("pk", "body_html")) == untouched
