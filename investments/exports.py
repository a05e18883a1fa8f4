"""Exports of public investment data: streamed CSV and IATI 2.03 activity XML.

CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are
prefixed with a quote. IATI: one activity per verified commitment, transaction types
12 (pledge), 2 (commitment), 3 (disbursement), finance type 110, in-kind support as aid type
D01 (personnel) or D02 (other technical assistance) with its narrative, DAC sectors by GDHM
component and the priority's CDHI codes under sector vocabulary 99.
"""

from xml.etree import ElementTree as ET

from django.http import StreamingHttpResponse
from django.utils import timezone

IATI_REPORTING_ORG = ("XM-DAC-928", "40", "World Health Organization (GIDH secretariat)")
CDHI_VOCABULARY_URI = "https://www.who.int/publications/i/item/9789240081949"
# DAC 5-digit sectors per GDHM component: governance, strategy, law and workforce are health
# policy and administrative management; standards are health statistics and data; the rest ICT.
DAC_SECTOR_BY_COMPONENT = {
    1: "12110",
    2: "12110",
    3: "12110",
    4: "12110",
    5: "12196",
    6: "22040",
    7: "22040",
}
DAC_SECTOR_DEFAULT = "12110"
ORGANIZATION_TYPE_CODES = {
    "multilateral": "40",
    "bilateral_donor": "10",
    "government_agency": "10",
    "foundation": "60",
    "ngo": "21",
    "academic": "80",
    "private_sector": "70",
    "other": "90",
}


def _narrative(parent, tag, text, **attributes):
    element = ET.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    ET.SubElement(element, "narrative").text = str(text)
    return element


def iati_activity(commitment, interventions=()):
    """One IATI 2.03 `iati-activity` element for a verified commitment."""
    plan = commitment.plan
    country = plan.member_state
    priority = commitment.priority
    updated = commitment.updated_at.replace(microsecond=0).isoformat()
    activity = ET.Element(
        "iati-activity",
        {
            "last-updated-datetime": updated,
            "default-currency": commitment.currency,
            "hierarchy": "1",
        },
    )
    ET.SubElement(
        activity, "iati-identifier"
    ).text = f"{IATI_REPORTING_ORG[0]}-GIDH-COMMITMENT-{commitment.pk}"
    _narrative(
        activity,
        "reporting-org",
        IATI_REPORTING_ORG[2],
        ref=IATI_REPORTING_ORG[0],
        type=IATI_REPORTING_ORG[1],
    )
    subject = priority.title if priority else plan.title
    _narrative(activity, "title", f"{country.name_en}: {subject}")
    description = commitment.description or (
        f"{commitment.get_kind_display()} support to {plan.title} ({plan.start_year}–"
        f"{plan.end_year}), recorded on the GIDH Portal."
    )
    _narrative(activity, "description", description, type="1")
    funder = commitment.organization
    if funder is None:
        _narrative(activity, "participating-org", commitment.source_name, role="1", type="10")
    else:
        _narrative(
            activity,
            "participating-org",
            funder.name,
            role="1",
            type=ORGANIZATION_TYPE_CODES.get(funder.type, "90"),
        )
    implementer = (priority.implementing_agency if priority else "") or (
        f"Ministry of Health, {country.name_en}"
    )
    _narrative(activity, "participating-org", implementer, role="4", type="10")
    status = "2" if commitment.status != "disbursed" else "3"
    ET.SubElement(activity, "activity-status", code=status)
    ET.SubElement(
        activity, "activity-date", {"iso-date": commitment.pledged_on.isoformat(), "type": "1"}
    )
    if commitment.committed_on:
        ET.SubElement(
            activity,
            "activity-date",
            {"iso-date": commitment.committed_on.isoformat(), "type": "2"},
        )
    ET.SubElement(activity, "recipient-country", code=country.iso2, percentage="100")
    dac = (
        DAC_SECTOR_BY_COMPONENT.get(priority.component_id, DAC_SECTOR_DEFAULT)
        if priority
        else (DAC_SECTOR_DEFAULT)
    )
    ET.SubElement(activity, "sector", vocabulary="1", code=dac, percentage="100")
    if priority is not None:
        for code, label in interventions:
            _narrative(
                activity,
                "sector",
                label,
                vocabulary="99",
                code=code,
                vocabulary_uri=CDHI_VOCABULARY_URI,
            )
    ET.SubElement(activity, "default-finance-type", code="110")
    if commitment.kind == "in_kind":
        aid_type = "D01" if commitment.in_kind_type == "personnel" else "D02"
    else:
        aid_type = "C01"
    ET.SubElement(activity, "default-aid-type", code=aid_type, vocabulary="1")
    stages = [("12", commitment.pledged_amount, commitment.pledged_on)]
    if commitment.committed_amount is not None:
        stages.append(("2", commitment.committed_amount, commitment.committed_on))
    if commitment.disbursed_amount is not None:
        stages.append(("3", commitment.disbursed_amount, commitment.disbursed_on))
    for code, amount, on in stages:
        transaction = ET.SubElement(activity, "transaction")
        ET.SubElement(transaction, "transaction-type", code=code)
        ET.SubElement(transaction, "transaction-date", {"iso-date": on.isoformat()})
        value = ET.SubElement(
            transaction, "value", {"currency": commitment.currency, "value-date": on.isoformat()}
        )
        value.text = f"{amount:.2f}"
        if commitment.kind == "in_kind":
            _narrative(transaction, "description", f"In kind: {commitment.description}")
        _narrative(transaction, "provider-org", commitment.source_name)
        _narrative(transaction, "receiver-org", f"Government of {country.name_en}")
    return activity


def stream_iati(commitments, *, interventions, filename="gidh-commitments-iati.xml"):
    """A streamed `iati-activities` document (version 2.03) for `commitments`.

    `interventions` are the priority–intervention links of those commitments, read in one query
    before streaming (a prefetch per chunk would make the query count grow with the data).
    """
    generated = timezone.now().replace(microsecond=0).isoformat()

    def generate():
        by_priority = {}
        for priority_id, code, label in interventions.values_list(
            "priority_id", "digitalhealthintervention__code", "digitalhealthintervention__label"
        ).order_by("priority_id", "digitalhealthintervention__sort_key"):
            by_priority.setdefault(priority_id, []).append((code, label))
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield f'<iati-activities version="2.03" generated-datetime="{generated}">\n'
        for commitment in commitments:
            activity = iati_activity(commitment, by_priority.get(commitment.priority_id, ()))
            yield ET.tostring(activity, encoding="unicode") + "\n"
        yield "</iati-activities>\n"

    response = StreamingHttpResponse(generate(), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
