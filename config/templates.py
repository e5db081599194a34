"""The project's template backend: Django's, except that large pieces a template tag hands over
with `fragments.defer` are put in place once, after the whole template has rendered."""

from django.template import TemplateDoesNotExist
from django.template.backends.django import DjangoTemplates, Template, reraise
from django.template.context import make_context
from django.utils.safestring import mark_safe

from discussions.reading.fragments import put_in_place


class Templates(DjangoTemplates):
    def from_string(self, template_code):
        return AssembledTemplate(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        return AssembledTemplate(super().get_template(template_name).template, self)


class AssembledTemplate(Template):
    def render(self, context=None, request=None):
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        # Copies of the context made while rendering (includes, partials) share the list.
        context.deferred_html = []
        try:
            html = self.template.render(context)
        except TemplateDoesNotExist as exc:
            reraise(exc, self.backend)
        # Every piece and the rest of `html` are the template's own, autoescaped, output.
        return mark_safe(put_in_place(html, context.deferred_html))  # noqa: S308
