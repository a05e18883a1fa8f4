"""The formats of the investments API's lists beside JSON: `?format=csv` (every list) and
`?format=iati` (commitments), streamed by the views themselves."""

from rest_framework import renderers

from gidh_portal.renderers import ORJSONRenderer


class CSVRenderer(renderers.BaseRenderer):
    """Declares `?format=csv`; the views stream the CSV themselves."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes | str) else b""


class IATIRenderer(CSVRenderer):
    """Declares `?format=iati` (IATI 2.03 activity XML, streamed by the view)."""

    media_type = "application/xml"
    format = "iati"


LIST_RENDERERS = [ORJSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer]


class ExportRenderersMixin:
    """The CSV (and IATI) renderers serve the list only: one record or a write is JSON, and
    `?format=csv` elsewhere is a 404 like any unknown format."""

    def get_renderers(self):
        renderers_ = super().get_renderers()
        if self.action == "list":
            return renderers_
        return [r for r in renderers_ if not isinstance(r, CSVRenderer)]
