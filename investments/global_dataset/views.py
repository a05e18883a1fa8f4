"""The global dataset's page and downloads: files read from the media storage and streamed,
never built per request."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..models import LATEST, DatasetFile
from .declarations import DECLARATIONS, dictionary_rows
from .files import CONTENT_TYPES

LICENCE = {
    "name": "CC BY 4.0",
    "spdx": "CC-BY-4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


def editions(files):
    """`files` grouped by edition, in their order: [{edition, cycle_year, generated_at,
    tables: [{dataset, label, csv, xlsx}]}]."""
    grouped = {}
    for file in files:
        edition = grouped.setdefault(
            file.edition,
            {
                "edition": file.edition,
                "cycle_year": file.cycle_year,
                "generated_at": file.generated_at,
                "tables": {},
            },
        )
        table = edition["tables"].setdefault(
            file.dataset, {"dataset": file.dataset, "label": file.get_dataset_display()}
        )
        table[file.file_format] = file
    order = list(DECLARATIONS)
    for edition in grouped.values():
        tables = edition["tables"].values()
        edition["tables"] = sorted(tables, key=lambda table: order.index(table["dataset"]))
    return list(grouped.values())


@require_safe
@never_cache  # the files change without a data version bump: never from the response cache
def dataset_page(request):
    found = editions(DatasetFile.objects.in_listing_order())
    latest = found[0] if found and found[0]["edition"] == LATEST else None
    context = {
        "latest": latest,
        "frozen": [edition for edition in found if edition["edition"] != LATEST],
        "dictionary": dictionary_rows(),
        "licence": LICENCE,
    }
    return render(request, "investments/dataset.html", context)


@require_safe
def dataset_file(request, edition, dataset, file_format):
    # Twice: a regeneration may replace the latest file between the lookup and the opening.
    for _attempt in range(2):
        file = (
            DatasetFile.objects.of_edition(edition)
            .filter(dataset=dataset, file_format=file_format)
            .first()
        )
        if file is None:
            raise Http404
        try:
            handle = default_storage.open(file.file.name, "rb")
        except FileNotFoundError:
            continue
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=file.download_name,
            content_type=CONTENT_TYPES[file_format],
        )
        response["Content-Length"] = str(file.size)
        response["ETag"] = f'"{file.sha256}"'
        response["Last-Modified"] = http_date(file.generated_at.timestamp())
        if file.cycle_year is not None:
            response["Cache-Control"] = "public, max-age=31536000, immutable"
        else:
            response["Cache-Control"] = "public, max-age=300"
        return response
    raise Http404
