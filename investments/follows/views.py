"""The follow and unfollow buttons, the "Following" page with the digest preference, and the
digest's unsubscribe page (no login: the signed token names the user)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.models import User

from ..models import FOLLOW_KINDS, DigestPreference
from . import services
from .forms import DigestPreferenceForm
from .targets import visible_follows, visible_targets
from .tokens import user_id_of


def _back(request, fallback):
    """Back to the page the button was on (`next`, same site only), else `fallback`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _target_id(kind, pk):
    """The target's primary key from the URL: ISO3 for member states, a number otherwise."""
    if kind not in FOLLOW_KINDS:
        raise Http404
    if kind == "member_state":
        return pk.upper()
    if not pk.isdigit() or len(pk) > 18:
        raise Http404
    return int(pk)


@login_required
@require_POST
def follow_create(request, kind, pk):
    target_id = _target_id(kind, pk)
    target = get_object_or_404(visible_targets(kind, request.user), pk=target_id)
    services.follow(user=request.user, kind=kind, target=target, language=get_language())
    messages.success(request, _("You follow “%(name)s”.") % {"name": target})
    return _back(request, "follows:following")


@login_required
@require_POST
def follow_delete(request, kind, pk):
    services.unfollow(user=request.user, kind=kind, target_id=_target_id(kind, pk))
    messages.success(request, _("You no longer follow it."))
    return _back(request, "follows:following")


@login_required
@require_safe
def following(request):
    preference = DigestPreference.objects.filter(user=request.user).first()
    form = DigestPreferenceForm(instance=preference or DigestPreference(user=request.user))
    return _following_page(request, form)


def _following_page(request, form, status=200):
    follows = visible_follows(request.user).for_listing()
    return render(
        request,
        "investments/follows/following.html",
        {"follows": follows, "form": form},
        status=status,
    )


@login_required
@require_POST
def digest_preference(request):
    form = DigestPreferenceForm(request.POST)
    if not form.is_valid():
        return _following_page(request, form, status=400)
    services.set_digest_preference(user=request.user, **form.cleaned_data)
    messages.success(request, _("Your digest preference is saved."))
    return _back(request, "follows:following")


# No CSRF token: mail clients send the one-click POST of RFC 8058 (List-Unsubscribe-Post)
# without a session; the signed token in the URL is the authorization.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def digest_unsubscribe(request, token):
    try:
        user = User.objects.filter(pk=user_id_of(token)).first()
    except signing.BadSignature:
        user = None
    if user is None:
        return render(request, "investments/follows/unsubscribe_invalid.html", status=400)
    done = request.method == "POST"
    if done:
        services.unsubscribe_from_digests(user=user)
    context = {"done": done, "token": token, "email": user.email}
    return render(request, "investments/follows/unsubscribe.html", context)
