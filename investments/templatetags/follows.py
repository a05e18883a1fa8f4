"""`{% load follows %}{% follow_button "plan" plan %}`: the follow (or unfollow) button of a
target, for signed-in users. Any app's template may load it by name (the resources app shows
it on a resource's page) without importing the investments app.

The user's follows are read once a request (one query), however many buttons a page shows."""

from django import template

from ..follows.targets import followed_ids
from ..models import DigestPreference

register = template.Library()


def _followed(request):
    cached = getattr(request, "_followed_ids", None)
    if cached is None:
        cached = followed_ids(request.user, visible_only=False)
        request._followed_ids = cached
    return cached


@register.inclusion_tag("investments/follows/_follow_button.html", takes_context=True)
def follow_button(context, kind, target, name=None):
    request = context.get("request")
    if request is None or not request.user.is_authenticated or target is None:
        return {"show": False}
    return {
        "show": True,
        "kind": kind,
        "pk": target.pk,
        "name": name or str(target),
        "following": target.pk in _followed(request)[kind],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("investments/follows/_digest_section.html", takes_context=True)
def digest_preference_section(context):
    """The account page's section: how often the digest comes, and a link to the follows."""
    request = context["request"]
    preference = DigestPreference.objects.filter(user=request.user).first()
    return {"preference": preference, "csrf_token": context.get("csrf_token")}
