"""A member state's profile of one published cycle, as its scorecard shows it
(the page is composed in investments/scorecard.py)."""

from .maturity import maturity_rows
from .models import ProfileSubmission, component_benchmarks, score_as_phase


def scorecard_profile_section(member_state, *, year=None):
    """The approved profile of `member_state` for the cycle `year` (default: its latest
    approved one) with its maturity by component beside the stored benchmarks, and the years of
    every published cycle of the member state (newest first). None when the member state has no
    approved profile, or none for `year`: drafts, submitted and returned profiles never show."""
    approved = ProfileSubmission.objects.approved().filter(member_state=member_state)
    years = list(approved.order_by("-cycle__year").values_list("cycle__year", flat=True))
    if not years or (year is not None and year not in years):
        return None
    year = years[0] if year is None else year
    # The member state is known: only the cycle is joined.
    profile = (
        approved.with_answers().select_related(None).select_related("cycle").get(cycle__year=year)
    )
    profile.member_state = member_state
    benchmarks = component_benchmarks(member_state=member_state)
    overall_score = profile.overall_score()
    return {
        "profile": profile,
        "cycle_years": years,
        "maturity": maturity_rows(profile, benchmarks),
        "overall_score": overall_score,
        "overall_phase": score_as_phase(overall_score),
        "overall_benchmarks": benchmarks.get("overall", {}),
    }
