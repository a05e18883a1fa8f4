"""The streamed `iati-activities` document of the public commitments."""

from xml.etree import ElementTree as ET

from django.http import StreamingHttpResponse
from django.utils import timezone

from .activity import iati_activity


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
