"""The elements an IATI activity repeats: narratives, and a transaction per commitment stage."""

from xml.etree import ElementTree as ET


def narrative(parent, tag, text, **attributes):
    element = ET.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    ET.SubElement(element, "narrative").text = str(text)
    return element


def add_transactions(activity, commitment):
    """A transaction under `activity` for each stage `commitment` reached: pledge (12),
    commitment (2), disbursement (3)."""
    country = commitment.plan.member_state
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
            narrative(transaction, "description", f"In kind: {commitment.description}")
        narrative(transaction, "provider-org", commitment.source_name)
        narrative(transaction, "receiver-org", f"Government of {country.name_en}")
