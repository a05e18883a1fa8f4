"""One verified commitment as an IATI 2.03 activity."""

from xml.etree import ElementTree as ET

from .codes import (
    CDHI_VOCABULARY_URI,
    DAC_SECTOR_BY_COMPONENT,
    DAC_SECTOR_DEFAULT,
    IATI_REPORTING_ORG,
    ORGANIZATION_TYPE_CODES,
)
from .elements import add_transactions, narrative


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
    narrative(
        activity,
        "reporting-org",
        IATI_REPORTING_ORG[2],
        ref=IATI_REPORTING_ORG[0],
        type=IATI_REPORTING_ORG[1],
    )
    subject = priority.title if priority else plan.title
    narrative(activity, "title", f"{country.name_en}: {subject}")
    description = commitment.description or (
        f"{commitment.get_kind_display()} support to {plan.title} ({plan.start_year}–"
        f"{plan.end_year}), recorded on the GIDH Portal."
    )
    narrative(activity, "description", description, type="1")
    funder = commitment.organization
    if funder is None:
        narrative(activity, "participating-org", commitment.source_name, role="1", type="10")
    else:
        narrative(
            activity,
            "participating-org",
            funder.name,
            role="1",
            type=ORGANIZATION_TYPE_CODES.get(funder.type, "90"),
        )
    implementer = (priority.implementing_agency if priority else "") or (
        f"Ministry of Health, {country.name_en}"
    )
    narrative(activity, "participating-org", implementer, role="4", type="10")
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
            narrative(
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
    add_transactions(activity, commitment)
    return activity
