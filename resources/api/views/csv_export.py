"""The resource list's CSV export: its columns, its renderer, and a row per resource."""

from rest_framework import renderers

CSV_COLUMNS = [
    "slug", "title", "kind", "publisher", "publication_year", "languages", "licence", "link",
    "quality_assured", "topics", "member_states", "summary", "url",
]  # fmt: skip


class CsvRenderer(renderers.BaseRenderer):
    """Lets `?format=csv` through content negotiation; the view streams the rows itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b"" if data is None else str(data).encode()


def csv_rows(queryset, request):
    for resource in queryset.iterator(chunk_size=500):
        row = [
            resource.slug,
            resource.title,
            resource.kind,
            resource.publisher.name,
            resource.publication_year,
            " ".join(resource.language_codes),
            resource.licence,
            resource.link,
            "yes" if resource.quality_assured else "no",
            " ".join(f"{e.version}:{e.code}" for e in resource.interventions.all()),
            " ".join(state.pk for state in resource.member_states.all()),
            resource.summary,
            request.build_absolute_uri(resource.get_absolute_url()),
        ]
        yield row
