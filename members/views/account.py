"""The account page: the language of the user's e-mails, their API tokens, created (shown
once) and revoked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_otp import user_has_device

from .. import permissions, services
from ..forms import ApiTokenCreateForm, EmailLanguageForm


@login_required
@require_safe
def account(request):
    return _account_page(request, form=ApiTokenCreateForm())


@login_required
@require_POST
@permissions.second_factor_required
def api_token_create(request):
    form = ApiTokenCreateForm(request.POST)
    if not form.is_valid():
        return _account_page(request, form=form, status=400)
    token, raw = services.create_api_token(
        user=request.user, name=form.cleaned_data["name"], verified_with=request.user.otp_device
    )
    # Rendered in this response only: the raw token is never stored, not even in the session.
    return _account_page(request, form=ApiTokenCreateForm(), new_token=(token, raw), status=201)


def _account_page(request, *, form, new_token=None, language_form=None, status=200):
    context = {
        "language_form": language_form
        or EmailLanguageForm(initial={"language": request.user.language}),
        "tokens": request.user.api_tokens.all(),
        "form": form,
        "new_token": new_token,
        "has_two_factor": user_has_device(request.user),
        "tokens_need_second_factor": permissions.is_held_to_second_factor(request.user),
    }
    return render(request, "members/account.html", context, status=status)


@login_required
@require_POST
def email_language_update(request):
    form = EmailLanguageForm(request.POST)
    if not form.is_valid():
        return _account_page(request, form=ApiTokenCreateForm(), language_form=form, status=400)
    services.set_email_language(user=request.user, language=form.cleaned_data["language"])
    messages.success(request, _("Saved: your e-mails will come in the language chosen."))
    return redirect("members:account")


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(request.user.api_tokens.all(), pk=pk)
    services.revoke_api_token(token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("members:account")
