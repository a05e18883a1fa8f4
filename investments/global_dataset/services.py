"""Generating the global dataset: the latest edition when the data changed, and a frozen edition
of each published reporting cycle (closed, with approved profiles) once.

Concurrency: one generation at a time holds a lock in the shared cache (Redis); whatever
happens to the lock, each generation writes files under names of its own and then swaps the
database rows that point at them in one transaction (`select_for_update` on the latest
edition's rows; a frozen edition's rows are unique, so a second freezer loses and removes its
files), deleting the replaced files after the commit. A reader holding an old row may find its
file gone and asks again (views.py).
"""

import logging
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from gidh_portal.response_cache import data_version
from members.models import ReportingCycle
from members.workflow import ReviewStatus

from ..models import DatasetFile
from .files import write_table
from .tables import table_rows

logger = logging.getLogger(__name__)

LOCK_KEY = "global-dataset:generating"
LOCK_SECONDS = 30 * 60
STORAGE_FOLDER = "datasets"
# The apps whose data the dataset holds: a change of either's data version regenerates it.
SOURCE_APPS = ("members", "investments")


@dataclass
class Generation:
    status: str  # "generated", "unchanged" or "busy"
    latest: bool = False
    frozen: list = field(default_factory=list)
    rows: dict = field(default_factory=dict)


def current_versions():
    """The data versions of the apps the dataset reads (None for one never bumped)."""
    return {app: data_version(app) for app in SOURCE_APPS}


def cycles_to_freeze(today=None):
    """Years of the published cycles without a frozen edition: closed before `today`, with at
    least one approved profile submission."""
    today = today or timezone.localdate()
    frozen = DatasetFile.objects.frozen().values("cycle_year")
    published = ReportingCycle.objects.filter(
        closes_on__lt=today, submissions__status=ReviewStatus.APPROVED
    )
    cycles = (
        published.exclude(year__in=frozen)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )
    return list(cycles)


def latest_is_current(versions):
    """Whether the latest edition holds every table and was generated at `versions`."""
    stored = list(DatasetFile.objects.latest_edition().values_list("data_versions", flat=True))
    expected = len(DatasetFile.Dataset) * len(DatasetFile.Format)
    return len(stored) == expected and all(entry == versions for entry in stored)


def generate_dataset(*, force=False, today=None, on_progress=None) -> Generation:
    """Regenerate the latest edition if the data changed (or `force`), and freeze each published
    cycle not frozen yet; does nothing while another generation runs ("busy")."""
    token = uuid.uuid4().hex
    if not cache.add(LOCK_KEY, token, timeout=LOCK_SECONDS):
        logger.info("Global dataset: another generation is running")
        return Generation(status="busy")
    try:
        # Read before the data: a change committed while the files are written bumps a
        # version after this, and the next run regenerates.
        versions = current_versions()
        regenerate = force or not latest_is_current(versions)
        freeze = cycles_to_freeze(today)
        result = Generation(status="unchanged")
        if regenerate:
            result.rows = _generate_edition(None, versions, on_progress)
            result.latest = True
        for year in freeze:
            _generate_edition(year, versions, on_progress)
            result.frozen.append(year)
        if regenerate or freeze:
            result.status = "generated"
        return result
    finally:
        if cache.get(LOCK_KEY) == token:
            cache.delete(LOCK_KEY)


def _generate_edition(cycle_year, versions, on_progress):
    edition = "latest" if cycle_year is None else str(cycle_year)
    folder = f"{STORAGE_FOLDER}/{edition}/{timezone.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    generated_at = timezone.now()
    written = []
    with translation.override("en"), _snapshot():
        for dataset in DatasetFile.Dataset:
            rows = table_rows(dataset, up_to=cycle_year)
            names = {
                file_format: f"{folder}/{dataset}.{file_format}"
                for file_format in DatasetFile.Format
            }
            files = write_table(dataset, rows, names=names, on_progress=on_progress)
            for file_format in DatasetFile.Format:
                file = files[file_format]
                written.append(
                    DatasetFile(
                        cycle_year=cycle_year,
                        dataset=dataset,
                        file_format=file_format,
                        file=file.name,
                        size=file.size,
                        rows=file.rows,
                        sha256=file.sha256,
                        generated_at=generated_at,
                        data_versions=versions,
                    )
                )
    try:
        install_edition(files=written, cycle_year=cycle_year)
    except IntegrityError:
        # Another worker installed this edition first: it stands, ours goes.
        logger.info("Global dataset %s: installed by another worker meanwhile", edition)
        _delete_files([file.file.name for file in written])
    logger.info("Global dataset %s generated: %s", edition, _counts(written))
    return {f"{file.dataset}.{file.file_format}": file.rows for file in written}


class _snapshot:
    """One consistent view of the data for all the tables (REPEATABLE READ, read only), unless
    already inside a transaction (the tests' own)."""

    def __enter__(self):
        self.atomic = None
        if not connection.in_atomic_block:
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def __exit__(self, *exc):
        if self.atomic is not None:
            return self.atomic.__exit__(*exc)
        return False


@transaction.atomic
def install_edition(*, files, cycle_year) -> list:
    """Point the edition's rows at `files`: the latest edition's replace the previous ones
    (whose files are deleted after the commit) unless a newer generation is installed; a
    frozen edition's are created once (IntegrityError if it exists)."""
    if cycle_year is not None:
        with transaction.atomic():
            DatasetFile.objects.bulk_create(files)
        return files
    previous = list(DatasetFile.objects.latest_edition().select_for_update())
    generated_at = files[0].generated_at
    if any(row.generated_at > generated_at for row in previous):
        transaction.on_commit(lambda: _delete_files([file.file.name for file in files]))
        return previous
    DatasetFile.objects.filter(pk__in=[row.pk for row in previous]).delete()
    DatasetFile.objects.bulk_create(files)
    replaced = [row.file.name for row in previous]
    transaction.on_commit(lambda: _delete_files(replaced))
    return files


def _delete_files(names):
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Dataset file %s could not be deleted", name, exc_info=True)


def _counts(files):
    return ", ".join(f"{file.dataset}.{file.file_format} {file.rows} rows" for file in files)
