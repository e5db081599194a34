"""{% page_parts "place" argument %}: the pieces apps above have added at this place."""

from django import template

from articles.page_parts import render_parts

register = template.Library()


@register.simple_tag(takes_context=True, name="page_parts")
def page_parts_tag(context, place: str, *args) -> str:
    return render_parts(place, context, *args)
