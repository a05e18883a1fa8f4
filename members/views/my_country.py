"""A focal point's own member state: its profiles, the current cycle's draft and its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from .. import permissions, services
from ..models import GdhmComponent, GdhmIndicator, ProfileSubmission, ReportingCycle
from ..peers import country_peers_section
from ..progress import progress_section
from ..workflow import ConflictError, ReviewEvent
from .profile_sections import progress


@login_required
@require_safe
def my_country(request):
    country = request.user.member_state
    if country is None:
        return render(request, "members/profiles/not_focal_point.html", status=403)
    cycle = ReportingCycle.objects.current()
    submissions = list(
        ProfileSubmission.objects.filter(member_state=country)
        .with_answers()
        .order_by("-cycle__year")
    )
    current = next((s for s in submissions if cycle and s.cycle_id == cycle.pk), None)
    indicators = list(GdhmIndicator.objects.all())
    components = list(GdhmComponent.objects.all())
    context = {
        "country": country,
        "cycle": cycle,
        "current": current,
        "progress": progress(current, indicators, components) if current else None,
        "submissions": submissions,
        "events": ReviewEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(ProfileSubmission),
            object_id__in=[s.pk for s in submissions],
        )
        .select_related("by")
        .order_by("-at", "-pk")[:50],
        **country_peers_section(country, request.user, include_declined=True),
        **progress_section(country),
    }
    return render(request, "members/profiles/my_country.html", context)


@login_required
@require_POST
def profile_start(request):
    country = request.user.member_state
    cycle = ReportingCycle.objects.current()
    if not permissions.can_create_profile(request.user, country) or cycle is None:
        raise PermissionDenied
    try:
        submission = services.start_profile(member_state=country, cycle=cycle, by=request.user)
    except ConflictError as error:
        messages.error(request, str(error))
        return redirect("members:my-country")
    return redirect("members:profile-edit", pk=submission.pk, section="strategy")
