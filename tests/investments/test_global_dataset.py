"""The global dataset (/data/): its files hold every published answer, score, plan cost and public
commitment and nothing else, typed as the data dictionary says; a real Celery worker generates
them; a cycle's frozen edition never changes; the page and the API list them in a few queries."""

import csv
import datetime
import io
import logging
import threading

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from investments.global_dataset import files as dataset_files
from investments.global_dataset import services
from investments.global_dataset.declarations import DECLARATIONS, columns, dictionary_rows
from investments.global_dataset.tables import published_answers
from investments.models import Commitment, DatasetFile
from investments.tasks import generate_dataset
from members.models import GdhmComponent, IndicatorAnswer, MemberState
from members.workflow import ReviewStatus
from tests import factories

TABLES = [dataset.value for dataset in DECLARATIONS]
PYTHON_TYPES = {
    "integer": (int,),
    "decimal": (int, float),
    "boolean": (bool,),
    "date": (datetime.datetime,),  # openpyxl reads a date cell as a datetime
    "date-time": (datetime.datetime,),
    "url": (str,),
    "text": (str,),
}


@pytest.fixture
def published_and_unpublished(kenya, france):
    """Published data of two countries (two cycles of Kenya), and unpublished data beside it:
    a draft and a submitted profile, a draft plan, an unverified commitment."""
    year = factories.this_year()
    factories.approved_profile(member_state=kenya, year=year - 2, phase=2)
    factories.approved_profile(member_state=kenya, year=year - 1, phase=3)
    factories.approved_profile(member_state=france, year=year - 1, phase=4)
    draft = factories.ProfileSubmissionFactory(member_state=kenya, complete=True, phase=1)
    submitted = factories.ProfileSubmissionFactory(
        member_state=france, complete=True, phase=5, status=ReviewStatus.SUBMITTED
    )
    plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved", title="Open")
    priority = factories.PriorityFactory(plan=plan, title="Published priority")
    for cost_year in (2024, 2025):
        factories.PriorityCostFactory(priority=priority, year=cost_year, amount="1500.50")
    draft_plan = factories.InvestmentPlanFactory(member_state=kenya, title="Secret draft plan")
    factories.PriorityCostFactory(
        priority=factories.PriorityFactory(plan=draft_plan, title="Secret draft priority")
    )
    verified = factories.CommitmentFactory(
        plan=plan,
        priority=priority,
        description='=HYPERLINK("http://x")',
        verified_at=timezone.now(),
        status="committed",
        committed_amount="800.00",
        committed_on=datetime.date(2024, 6, 1),
    )
    unverified = factories.CommitmentFactory(plan=plan, description="Secret unverified pledge")
    return {
        "draft": draft,
        "submitted": submitted,
        "verified": verified,
        "unverified": unverified,
    }


def _file(edition, dataset, file_format):
    return DatasetFile.objects.of_edition(edition).get(dataset=dataset, file_format=file_format)


def _csv_rows(edition, dataset):
    with default_storage.open(_file(edition, dataset, "csv").file.name, "rb") as handle:
        text = handle.read().decode()
    return list(csv.DictReader(io.StringIO(text)))


def _workbook(edition, dataset):
    with default_storage.open(_file(edition, dataset, "xlsx").file.name, "rb") as handle:
        return load_workbook(io.BytesIO(handle.read()), read_only=True)


def test_global_csv_has_one_row_per_published_answer(published_and_unpublished):
    services.generate_dataset(force=True)

    rows = _csv_rows("latest", "profile-answers")
    approved = IndicatorAnswer.objects.filter(submission__status=ReviewStatus.APPROVED)
    assert len(rows) == approved.count() == published_answers().count()
    assert _file("latest", "profile-answers", "csv").rows == len(rows)
    year = factories.this_year()
    assert {(row["member_state"], int(row["cycle"])) for row in rows} == {
        ("KEN", year - 2),
        ("KEN", year - 1),
        ("FRA", year - 1),
    }
    kenya_last = [r for r in rows if r["member_state"] == "KEN" and r["cycle"] == str(year - 1)]
    assert {row["phase"] for row in kenya_last} == {"3"}
    assert {row["verification_status"] for row in rows} == {"self_reported"}


def test_scores_are_the_gdhm_means_per_component_and_overall(published_and_unpublished):
    services.generate_dataset(force=True)

    rows = _csv_rows("latest", "scores")
    components = GdhmComponent.objects.count()
    assert len(rows) == 3 * (components + 1)  # three published profiles
    france = [row for row in rows if row["member_state"] == "FRA"]
    assert {row["score"] for row in france} == {"4.00"}
    assert {row["phase"] for row in france} == {"4"}
    overall = [row for row in france if row["component"] == ""]
    assert [row["component_name"] for row in overall] == ["Overall"]


def test_nothing_unpublished_appears_in_any_file(published_and_unpublished):
    services.generate_dataset(force=True)

    secrets = ["Secret draft plan", "Secret draft priority", "Secret unverified pledge"]
    for file in DatasetFile.objects.all():
        with default_storage.open(file.file.name, "rb") as handle:
            content = handle.read()
        if file.file_format == "xlsx":
            workbook = load_workbook(io.BytesIO(content), read_only=True)
            content = "\n".join(
                str(cell) for sheet in workbook for row in sheet.values for cell in row
            ).encode()
        for secret in secrets:
            assert secret.encode() not in content, (file, secret)
    commitments = _csv_rows("latest", "commitments")
    unverified = published_and_unpublished["unverified"]
    assert [int(row["id"]) for row in commitments] == [published_and_unpublished["verified"].pk]
    assert Commitment.objects.public().count() == 1 and unverified.verified_at is None
    # The draft answered phase 1 everywhere, the submitted profile phase 5; published: 2, 3, 4.
    phases = {row["phase"] for row in _csv_rows("latest", "profile-answers")}
    assert phases == {"2", "3", "4"}
    assert "1" not in {row["phase"] for row in _csv_rows("latest", "scores")}
    plan_rows = _csv_rows("latest", "plan-costs")
    assert [(row["priority_title"], row["year"]) for row in plan_rows] == [
        ("Published priority", "2024"),
        ("Published priority", "2025"),
    ]


def test_csv_text_that_looks_like_a_formula_is_neutralised(published_and_unpublished):
    services.generate_dataset(force=True)

    (row,) = _csv_rows("latest", "commitments")
    assert row["description"] == '\'=HYPERLINK("http://x")'
    description = _commitment_description_cell()
    assert (description.value, description.data_type) == ('=HYPERLINK("http://x")', "s")


def test_xlsx_text_that_reads_as_an_error_stays_text(published_and_unpublished):
    commitment = published_and_unpublished["verified"]
    Commitment.objects.filter(pk=commitment.pk).update(description="#N/A")
    services.generate_dataset(force=True)

    description = _commitment_description_cell()
    assert (description.value, description.data_type) == ("#N/A", "s")  # not an error cell


def _commitment_description_cell():
    sheet = _workbook("latest", "commitments")["commitments"]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    cells = next(sheet.iter_rows(min_row=2, max_row=2))
    return dict(zip(header, cells, strict=True))["description"]


@pytest.mark.parametrize("dataset", TABLES)
def test_xlsx_opens_with_the_dictionarys_types(published_and_unpublished, dataset):
    services.generate_dataset(force=True)

    workbook = _workbook("latest", dataset)
    sheet = workbook[workbook.sheetnames[0]]
    rows = list(sheet.iter_rows(values_only=True))
    types = {
        entry["column"]: entry["type"] for entry in dictionary_rows() if entry["dataset"] == dataset
    }
    assert list(rows[0]) == [field.field_name for field in columns(dataset)] == list(types)
    assert len(rows) - 1 == _file("latest", dataset, "xlsx").rows > 0
    seen = set()
    for row in rows[1:]:
        for name, value in zip(rows[0], row, strict=True):
            if value is None:
                continue
            assert isinstance(value, PYTHON_TYPES[types[name]]), (name, value)
            if types[name] in ("integer", "decimal"):
                assert not isinstance(value, bool), name
            seen.add(types[name])
    if dataset == "commitments":
        assert {"integer", "decimal", "date", "date-time", "boolean", "text"} <= seen
    if dataset != "dictionary":
        assert workbook.sheetnames[1] == "dictionary"


def test_dictionary_file_is_the_declared_dictionary(published_and_unpublished):
    services.generate_dataset(force=True)

    rows = _csv_rows("latest", "dictionary")
    assert rows == [
        {key: str(value) for key, value in entry.items()} for entry in dictionary_rows()
    ]
    phase = next(r for r in rows if r["dataset"] == "profile-answers" and r["column"] == "phase")
    assert (phase["type"], phase["allowed_values"]) == ("integer", "0–5")
    status = next(r for r in rows if r["column"] == "verification_status")
    assert "verified" in status["allowed_values"]


def test_frozen_cycle_copy_does_not_change_when_later_data_change(published_and_unpublished):
    year = factories.this_year()
    services.generate_dataset(force=True)
    frozen = {
        (file.dataset, file.file_format): (file.file.name, file.sha256)
        for file in DatasetFile.objects.filter(cycle_year=year - 1)
    }
    assert len(frozen) == 10
    contents = {key: default_storage.open(name).read() for key, (name, _sha) in frozen.items()}
    latest_before = _file("latest", "profile-answers", "csv").sha256

    # Later: another profile of the closed cycle is approved, a commitment is verified.
    factories.approved_profile(member_state=MemberState.objects.get(iso3="BRA"), year=year - 1)
    unverified = published_and_unpublished["unverified"]
    Commitment.objects.filter(pk=unverified.pk).update(verified_at=timezone.now())
    result = services.generate_dataset(force=True)

    assert result.frozen == [] and result.latest
    after = {
        (file.dataset, file.file_format): (file.file.name, file.sha256)
        for file in DatasetFile.objects.filter(cycle_year=year - 1)
    }
    assert after == frozen
    for key, (name, _sha) in frozen.items():
        assert default_storage.open(name).read() == contents[key]
    assert _file("latest", "profile-answers", "csv").sha256 != latest_before
    assert "BRA" in {row["member_state"] for row in _csv_rows("latest", "profile-answers")}
    assert "BRA" not in {row["member_state"] for row in _csv_rows(str(year - 1), "scores")}


def test_frozen_edition_holds_cycles_up_to_its_own(published_and_unpublished):
    year = factories.this_year()
    services.generate_dataset(force=True)

    assert set(DatasetFile.objects.frozen().values_list("cycle_year", flat=True)) == {
        year - 2,
        year - 1,
    }
    older = {int(row["cycle"]) for row in _csv_rows(str(year - 2), "profile-answers")}
    assert older == {year - 2}


@pytest.mark.any_day
def test_a_cycle_is_frozen_only_once_it_has_closed(kenya, today):
    open_cycle = factories.ReportingCycleFactory(
        year=today.year, opens_on=today - datetime.timedelta(days=30), closes_on=today
    )
    factories.approved_profile(member_state=kenya, year=open_cycle.year)

    assert services.cycles_to_freeze(today) == []
    assert services.cycles_to_freeze(today + datetime.timedelta(days=1)) == [today.year]
    services.generate_dataset(force=True, today=today + datetime.timedelta(days=1))
    assert services.cycles_to_freeze(today + datetime.timedelta(days=400)) == []


def test_generation_does_nothing_while_the_data_are_unchanged(published_and_unpublished):
    first = services.generate_dataset()
    assert first.status == "generated" and first.latest
    names = set(DatasetFile.objects.values_list("file", flat=True))

    assert services.generate_dataset().status == "unchanged"
    assert set(DatasetFile.objects.values_list("file", flat=True)) == names


def test_a_data_change_regenerates_and_removes_the_replaced_files(
    published_and_unpublished, django_capture_on_commit_callbacks
):
    services.generate_dataset()
    old = _file("latest", "commitments", "csv").file.name

    with django_capture_on_commit_callbacks(execute=True):
        cache.set("data-version:investments", 42, timeout=None)
        result = services.generate_dataset()

    assert result.latest
    assert _file("latest", "commitments", "csv").file.name != old
    assert not default_storage.exists(old)
    assert DatasetFile.objects.latest_edition().count() == 10


def test_a_second_generation_at_the_same_time_is_refused(published_and_unpublished):
    cache.add(services.LOCK_KEY, "another worker", timeout=60)
    try:
        assert services.generate_dataset(force=True).status == "busy"
        assert not DatasetFile.objects.exists()
    finally:
        cache.delete(services.LOCK_KEY)


def test_a_frozen_edition_installed_twice_keeps_the_first(published_and_unpublished):
    year = factories.this_year()
    services.generate_dataset(force=True)
    first = set(DatasetFile.objects.filter(cycle_year=year - 1).values_list("file", flat=True))

    # A second worker that missed the first's rows writes the same edition again.
    services._generate_edition(year - 1, services.current_versions(), None)

    kept = set(DatasetFile.objects.filter(cycle_year=year - 1).values_list("file", flat=True))
    assert kept == first
    assert _stored_files(f"datasets/{year - 1}") == first  # the loser's files are deleted


def _stored_files(folder):
    folders, files = default_storage.listdir(folder)
    found = {f"{folder}/{name}" for name in files}
    for inner in folders:
        found |= _stored_files(f"{folder}/{inner}")
    return found


def test_generation_logs_the_rows_written(published_and_unpublished, caplog, monkeypatch):
    monkeypatch.setattr(dataset_files, "PROGRESS_EVERY", 10)
    progress = []
    with caplog.at_level(logging.INFO, logger="investments.global_dataset"):
        services.generate_dataset(force=True, on_progress=lambda name, rows: progress.append(rows))

    messages = [record.getMessage() for record in caplog.records]
    assert any("profile-answers.csv: 10 rows written" in message for message in messages)
    assert any("rows written (" in message for message in messages)
    assert 10 in progress and 20 in progress


def test_concurrent_generations_leave_one_consistent_edition(migrated_rows, kenya, france):
    """Two workers' generations at once (threads, each its own connection): whichever wins,
    the latest edition is one whole generation and every file it names exists."""
    factories.approved_profile(member_state=kenya)
    factories.approved_profile(member_state=france)
    errors = []

    def generate():
        try:
            services._generate_edition(None, services.current_versions(), None)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=generate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    latest = list(DatasetFile.objects.latest_edition())
    assert len(latest) == 10
    assert len({file.generated_at for file in latest}) == 1
    assert all(default_storage.exists(file.file.name) for file in latest)


def test_a_celery_worker_generates_the_files(celery_worker, kenya):
    factories.approved_profile(member_state=kenya)

    result = generate_dataset.delay(force=True).get(timeout=60)

    assert result["status"] == "generated" and result["latest"]
    assert result["rows"]["profile-answers.csv"] == IndicatorAnswer.objects.count()
    assert DatasetFile.objects.latest_edition().count() == 10
    assert result["frozen"] == [factories.this_year() - 1]
    for file in DatasetFile.objects.all():
        assert default_storage.size(file.file.name) == file.size
