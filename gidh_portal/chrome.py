"""The pages' header and footer (`{% load chrome %}` in templates/base.html), rendered once per
language and what they show of the request (signed in or not, which menu entries, the current
section): their URL reversals and translations (about twenty) were a good part of a small page's
template time.

The header's per-request values, the CSRF field and the path the language switcher returns to,
are put in afterwards in the place of markers, each by what Django's template would write.
"""

from django import template
from django.template import Context
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .fragments import render_once

register = template.Library()

CSRF_TOKEN = "gidh-chrome-csrf-token"
NEXT_PATH = "gidh-chrome-next-path"
_MARKED_CSRF_FIELD = CsrfTokenNode().render(Context({"csrf_token": CSRF_TOKEN}))


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context["request"]
    user = context["user"]
    match = request.resolver_match
    authenticated = user.is_authenticated
    shown = {
        "authenticated": authenticated,
        "has_member_state": authenticated and bool(user.member_state_id),
        "is_secretariat": authenticated and user.is_secretariat,
        "app_name": match.app_name if match else None,
        "url_name": match.url_name if match else None,
    }
    html = render_once(
        "includes/site_header.html",
        tuple(shown.values()),
        {**shown, "csrf_token": CSRF_TOKEN, "next_path": NEXT_PATH},
    )
    # {% csrf_token %} with the request's own token (asking for it sets the CSRF cookie).
    html = html.replace(_MARKED_CSRF_FIELD, CsrfTokenNode().render(context))
    return mark_safe(html.replace(NEXT_PATH, escape(request.get_full_path())))


@register.simple_tag
def site_footer():
    return render_once("includes/site_footer.html", (), {})
