"""A member state's profile of one published cycle, as its scorecard shows it
(the page is composed in investments/scorecard.py)."""

from .maturity import maturity_rows
from .models import ProfileSubmission, score_as_phase
from .progress import OVERALL, averages, progress


def scorecard_profile_section(member_state, *, year=None):
    """The approved profile of `member_state` for the cycle `year` (default: its latest
    approved one) with its maturity by component, the averages of that cycle's approved
    profiles (world, WHO region, income group) and each component's change since the member
    state's previous published cycle, and the years of all its published cycles (newest
    first). None when the member state has no approved profile, or none for `year`: drafts,
    submitted and returned profiles never show."""
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
    benchmarks = averages(member_state).get(year, {})
    changes = {row.component: row for row in progress(member_state) if row.year == year}
    rows = maturity_rows(profile, benchmarks)
    for row in rows:
        row["change"] = changes.get(row["component"].number)
    overall_score = profile.overall_score()
    return {
        "profile": profile,
        "cycle_years": years,
        "previous_year": next((y for y in years if y < year), None),
        "maturity": rows,
        "overall_score": overall_score,
        "overall_phase": score_as_phase(overall_score),
        "overall_benchmarks": benchmarks.get(OVERALL, {}),
        "overall_change": changes.get(OVERALL),
    }
