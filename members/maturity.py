"""A profile's maturity by GDHM component, as rows for its chart and tables
(templates/members/profiles/_maturity.html, _evidence.html)."""

from .models import GdhmComponent, IndicatorAnswer, score_as_phase

# Chart geometry (see _maturity.html): 60 px per phase from x = 270, one 32 px band per component.
CHART_LEFT = 270
CHART_UNIT = 60
BAND = 32


def maturity_rows(submission, benchmarks=None):
    """Every component with its score, phase, benchmarks (`{component: {kind: value}}`) and
    answers (in the indicators' order, with `phase_label` and `verification_label`), each
    answer's indicator being prefetched."""
    scores = submission.component_scores()
    answers = sorted(
        submission.answers.all(), key=lambda a: (a.indicator.sort_order, a.indicator_id)
    )
    rows = {c.number: {"component": c, "answers": []} for c in GdhmComponent.objects.all()}
    # Labels looked up once: get_FOO_display() translates every choice's label on each call.
    phases = dict(IndicatorAnswer.PHASE_CHOICES)
    statuses = dict(IndicatorAnswer.Verification.choices)
    for answer in answers:
        answer.phase_label = phases.get(answer.phase, answer.phase)
        answer.verification_label = statuses.get(
            answer.verification_status, answer.verification_status
        )
        rows[answer.indicator.component_id]["answers"].append(answer)
    for index, (number, row) in enumerate(rows.items()):
        score = scores.get(number)
        row["score"] = score
        row["phase"] = score_as_phase(score)
        row["y"] = index * BAND
        row["bar"] = round((score or 0) * CHART_UNIT, 1)
        row["benchmarks"] = (benchmarks or {}).get(number, {})
        row["marks"] = [
            {"kind": kind, "x": round(CHART_LEFT + value * CHART_UNIT, 1)}
            for kind, value in row["benchmarks"].items()
            if value is not None
        ]
    return list(rows.values())


def maturity_context(submission, benchmarks=None):
    """What _maturity.html and _evidence.html show of a submission."""
    rows = maturity_rows(submission, benchmarks)
    overall_score = submission.overall_score()
    return {
        "maturity": rows,
        "chart_height": len(rows) * BAND + 30,
        "overall_score": overall_score,
        "overall_phase": score_as_phase(overall_score),
        "overall_benchmarks": (benchmarks or {}).get("overall", {}),
    }
