"""The global dataset's page, downloads and API: what they show before and after generation,
streamed files, stable frozen URLs, the schema, and bounded queries."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from openpyxl import load_workbook

from investments.global_dataset import services
from investments.global_dataset.declarations import dictionary_rows
from investments.models import DatasetFile

from .. import factories


@pytest.fixture
def generated(kenya):
    factories.approved_profile(member_state=kenya)
    services.generate_dataset(force=True)
    return DatasetFile.objects.all()


def _editions(count):
    """`count` editions of rows (no files): the latest and count - 1 frozen cycles."""
    now = timezone.now()
    rows = []
    for index in range(count):
        for dataset in DatasetFile.Dataset:
            for file_format in DatasetFile.Format:
                rows.append(
                    DatasetFile(
                        cycle_year=None if index == 0 else 2000 + index,
                        dataset=dataset,
                        file_format=file_format,
                        file=f"datasets/x/{index}/{dataset}.{file_format}",
                        size=1000,
                        rows=10,
                        sha256="0" * 64,
                        generated_at=now,
                    )
                )
    DatasetFile.objects.bulk_create(rows)


def test_page_says_when_the_files_are_not_generated_yet(db, client_for, anonymous):
    response = client_for(anonymous).get("/data/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "have not been generated yet" in page
    assert "CC BY 4.0" in page
    # The dictionary comes from the declarations, files or not.
    assert page.count("<code>") == len(dictionary_rows())


def test_page_lists_the_editions_with_their_date_and_dictionary(generated, client_for, anonymous):
    page = client_for(anonymous).get("/data/").content.decode()

    year = factories.this_year() - 1
    assert "/data/latest/profile-answers.csv" in page
    assert "/data/latest/dictionary.xlsx" in page
    assert f"/data/{year}/scores.xlsx" in page
    latest = DatasetFile.objects.latest_edition().first()
    assert f'datetime="{timezone.localtime(latest.generated_at).isoformat()}"' in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    assert "verification_status" in page


def test_download_streams_the_stored_file(generated, client_for, anonymous):
    file = DatasetFile.objects.latest_edition().get(dataset="profile-answers", file_format="csv")

    response = client_for(anonymous).get("/data/latest/profile-answers.csv")

    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content)
    assert body == default_storage.open(file.file.name).read()
    assert hashlib.sha256(body).hexdigest() == file.sha256
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="gidh-latest-profile-answers.csv"' in response["Content-Disposition"]
    assert response["ETag"] == f'"{file.sha256}"'


def test_frozen_download_is_immutable_and_opens_in_a_spreadsheet_library(
    generated, client_for, anonymous, tmp_path
):
    year = factories.this_year() - 1
    response = client_for(anonymous).get(f"/data/{year}/scores.xlsx")

    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    path = tmp_path / "scores.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    sheet = load_workbook(path, read_only=True)["scores"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("member_state", "member_state_name")
    assert isinstance(rows[1][-3], float | int) and isinstance(rows[1][-2], int)


def test_unknown_edition_or_missing_file_is_404(generated, client_for, anonymous):
    client = client_for(anonymous)
    assert client.get("/data/1999/scores.csv").status_code == 404
    assert client.get("/data/latest/secrets.csv").status_code == 404
    file = DatasetFile.objects.latest_edition().get(dataset="scores", file_format="csv")
    default_storage.delete(file.file.name)
    assert client.get("/data/latest/scores.csv").status_code == 404


def test_api_lists_the_files_with_urls_sizes_dates_and_cycles(generated, client_for, anonymous):
    response = client_for(anonymous).get("/api/v1/datasets/?edition=latest")

    assert response.status_code == 200
    items = response.json()["results"]
    assert len(items) == 10
    item = next(i for i in items if (i["dataset"], i["file_format"]) == ("commitments", "xlsx"))
    file = DatasetFile.objects.latest_edition().get(dataset="commitments", file_format="xlsx")
    assert item["download_url"] == "http://testserver/data/latest/commitments.xlsx"
    assert (item["size"], item["rows"], item["sha256"]) == (file.size, file.rows, file.sha256)
    assert item["edition"] == "latest" and item["cycle_year"] is None
    assert item["media_type"].endswith("spreadsheetml.sheet")
    frozen = client_for(anonymous).get(f"/api/v1/datasets/?edition={factories.this_year() - 1}")
    assert {i["cycle_year"] for i in frozen.json()["results"]} == {factories.this_year() - 1}
    assert client_for(anonymous).get("/api/v1/datasets/?edition=abc").json()["results"] == []


def test_api_dictionary_is_the_declared_dictionary(db, client_for, anonymous):
    response = client_for(anonymous).get("/api/v1/datasets/dictionary/")

    assert response.status_code == 200
    assert response.json() == dictionary_rows()


def test_schema_documents_the_dataset_endpoints(db, client_for, anonymous):
    schema = client_for(anonymous).get("/api/v1/schema/?format=json").json()

    assert "/api/v1/datasets/" in schema["paths"]
    assert "/api/v1/datasets/dictionary/" in schema["paths"]


@pytest.mark.parametrize("editions", [1, 8])
def test_page_and_api_run_bounded_queries(
    db, editions, client_for, anonymous, django_assert_max_num_queries
):
    _editions(editions)
    client = client_for(anonymous)
    with django_assert_max_num_queries(3):
        assert client.get("/data/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/datasets/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/data/latest/scores.csv").status_code == 404  # no file stored
