"""Editing a draft profile, one section at a time (strategy, governance, each GDHM component)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import permissions, services
from ..models import GdhmComponent, GdhmIndicator
from ..workflow import IllegalTransition, StaleVersion
from .profile_sections import progress, section_form, sections, visible_submission


@login_required
def profile_edit(request, pk, section):
    submission = visible_submission(request, pk)
    if not permissions.is_focal_point_of(request.user, submission.member_state_id):
        raise PermissionDenied
    if not submission.is_editable:
        messages.error(
            request,
            _("This profile is %(status)s and can no longer be edited.")
            % {"status": submission.get_status_display().lower()},
        )
        return redirect(submission)
    components = list(GdhmComponent.objects.all())
    labels = dict(sections(components))
    if section not in labels:
        raise Http404
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = section_form(submission, section, data, files)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _save_section(request, submission, section, form)
        except (StaleVersion, IllegalTransition) as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except ValidationError as error:
            _add_errors(form, error)
            status = 400
        else:
            messages.success(
                request, _("Saved. Nothing is published until the secretariat approves it.")
            )
            return redirect(_next_section(submission, section, components, request))
    elif request.method == "POST":
        status = 400
    context = {
        "submission": submission,
        "section": section,
        "section_label": labels[section],
        "form": form,
        "progress": progress(submission, GdhmIndicator.objects.all(), components),
    }
    return render(request, "members/profiles/profile_form.html", context, status=status)


def _save_section(request, submission, section, form):
    data = dict(form.cleaned_data)
    version = data.pop("version")
    edit = {"submission": submission, "by": request.user, "version": version}
    if section == "strategy":
        document = data.pop("strategy_document", None)
        services.update_profile(**edit, fields=data, strategy_document=document)
    elif section == "governance":
        services.update_profile(**edit, fields=data)
    else:
        services.update_profile(**edit, answers=form.answers())


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _next_section(submission, section, components, request):
    """ "Save and continue" goes to the next section (the profile after the last one); "Save"
    stays on this one."""
    slugs = [slug for slug, _label in sections(components)]
    if "save_next" in request.POST and slugs.index(section) + 1 < len(slugs):
        return reverse(
            "members:profile-edit",
            kwargs={"pk": submission.pk, "section": slugs[slugs.index(section) + 1]},
        )
    if "save_next" in request.POST:
        return submission.get_absolute_url()
    return reverse("members:profile-edit", kwargs={"pk": submission.pk, "section": section})
