"""{% school_sign_in_button %}: "Sign in with <name>" on the log-in page, while it is on."""

from django import template

from classroom.sso.issuer import school_sign_in_enabled, school_sign_in_name

register = template.Library()


@register.inclusion_tag("classroom/sso/sign_in_button.html", takes_context=True)
def school_sign_in_button(context) -> dict:
    if not school_sign_in_enabled():
        return {}
    return {"name": school_sign_in_name(), "next": context["request"].GET.get("next", "")}
