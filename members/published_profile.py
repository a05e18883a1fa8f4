"""A member state's published profile as its country page shows it."""

from .maturity import maturity_context
from .models import ProfileSubmission, component_benchmarks


def published_profile_section(member_state):
    """The country page's profile section: the published profile (its cycle, answers and their
    indicators), its maturity beside the benchmarks of its region, income group and the world;
    `{"profile": None}` when the member state has none."""
    # The member state is known: only the cycle is joined.
    profile = (
        ProfileSubmission.objects.published()
        .with_answers()
        .select_related(None)
        .select_related("cycle")
        .filter(member_state=member_state)
        .order_by("-cycle__year")
        .first()
    )
    if profile is None:
        return {"profile": None}
    profile.member_state = member_state
    benchmarks = component_benchmarks(member_state=member_state)
    return {"profile": profile, **maturity_context(profile, benchmarks)}
