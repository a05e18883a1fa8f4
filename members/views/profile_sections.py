"""What the profile pages share: the sections of a profile, a draft's progress through them and
the submission a user may see."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from ..forms import GovernanceForm, MaturityForm, StrategyForm
from ..models import GdhmIndicator, ProfileSubmission, profile_sections


def sections(components):
    """The profile's sections as (slug, label): strategy, governance, one per GDHM component."""
    return profile_sections(components)


def progress(submission, indicators, components):
    """Each section with the answers it still misses, and how many sections are complete."""
    missing = submission.missing_by_section(indicators)
    rows = [
        {"slug": slug, "label": label, "missing": missing.get(slug, [])}
        for slug, label in sections(components)
    ]
    complete = sum(1 for row in rows if not row["missing"])
    return {"sections": rows, "complete": complete, "total": len(rows)}


def section_form(submission, section, data=None, files=None):
    """The form of one section of the draft, bound to `data` when given."""
    initial = {"version": submission.version}
    if section == "strategy":
        return StrategyForm(data, files, instance=submission, initial=initial)
    if section == "governance":
        return GovernanceForm(data, instance=submission, initial=initial)
    number = int(section.split("-")[1])
    return MaturityForm(
        data,
        files,
        indicators=GdhmIndicator.objects.filter(component_id=number),
        answers=submission.answers_by_code(),
        initial=initial,
    )


def field_anchor(bound_field):
    """The id an error summary links to: the input itself, or the first option of a group of
    radio buttons or checkboxes (as includes/field.html renders them)."""
    return bound_field.id_for_label or f"{bound_field.auto_id}_0"


def missing_answer_links(submission, indicators, components):
    """Each missing answer as `{"label", "section", "href"}`, the link going to its field on its
    section's page."""
    labels = dict(sections(components))
    forms = {}
    links = []
    for section, field, label in submission.missing_answers(indicators):
        if section not in forms:
            forms[section] = section_form(submission, section)
        url = reverse("members:profile-edit", kwargs={"pk": submission.pk, "section": section})
        anchor = field_anchor(forms[section][field])
        links.append({"label": label, "section": labels[section], "href": f"{url}#{anchor}"})
    return links


def visible_submission(request, pk):
    """The submission with its answers, if the user may see it (else 404)."""
    return get_object_or_404(
        ProfileSubmission.objects.visible_to(request.user).with_answers(), pk=pk
    )
