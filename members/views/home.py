"""The home page: key figures, national strategies by WHO region and the world map."""

from collections import Counter

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..models import MemberState, Organization, ProfileSubmission, StrategyStatus, WhoRegion
from ..names import name_sort_key
from ..progress import moved_up_by_region
from ..world_map import build_world_map


@require_safe
def home(request):
    member_states = list(MemberState.objects.all())
    statuses = ProfileSubmission.objects.strategy_status_by_member_state()
    # Counted from the rows the map needs anyway (194 member states, six regions).
    in_region = Counter(state.who_region_id for state in member_states)
    adopted_in_region = Counter(
        state.who_region_id
        for state in member_states
        if statuses.get(state.iso3) == StrategyStatus.ADOPTED
    )
    regions = list(WhoRegion.objects.all())
    for region in regions:
        region.member_state_count = in_region[region.code]
        region.adopted_strategy_count = adopted_in_region[region.code]
        region.adopted_strategy_share = _share(
            region.adopted_strategy_count, region.member_state_count
        )
    by_iso3 = {state.iso3: state for state in member_states}
    moved_up = moved_up_by_region()
    for region in regions:
        region.moved_up = sorted(
            (by_iso3[iso3] for iso3 in moved_up.get(region.code, [])),
            key=lambda state: name_sort_key(state.name),
        )
    member_state_count = len(member_states)
    adopted_count = sum(region.adopted_strategy_count for region in regions)
    context = {
        "member_state_count": member_state_count,
        "organization_count": Organization.objects.count(),
        "regions": regions,
        "adopted_strategy_count": adopted_count,
        "adopted_strategy_share": _share(adopted_count, member_state_count),
        "world_map": _strategy_map(member_states, statuses),
        "moved_up_count": sum(len(region.moved_up) for region in regions),
    }
    return render(request, "home.html", context)


def _strategy_map(member_states, statuses):
    """The member states coloured by the national strategy status of their published profile."""
    world_map = build_world_map(
        member_states=member_states,
        categories=statuses,
        legend=list(StrategyStatus.choices),
        title=_("World map of national digital health strategies"),
        category_heading=_("National digital health strategy"),
    )
    # In the order of their names in the active language.
    world_map.countries.sort(key=lambda country: name_sort_key(country.name))
    return world_map


def _share(part, whole):
    return round(100 * part / whole) if whole else 0
