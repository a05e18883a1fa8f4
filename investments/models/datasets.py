"""The files of the global dataset: the latest edition, regenerated when the data change, and
one frozen edition per published reporting cycle, which never changes once written."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits

LATEST = "latest"


class DatasetFileQuerySet(models.QuerySet):
    def latest_edition(self):
        return self.filter(cycle_year__isnull=True)

    def frozen(self):
        return self.filter(cycle_year__isnull=False)

    def of_edition(self, edition):
        """The files of `edition`: "latest" or a cycle's year (a string from a URL)."""
        if edition == LATEST:
            return self.latest_edition()
        return self.filter(cycle_year=int(edition))

    def in_listing_order(self):
        """The latest edition first, then the frozen ones, newest cycle first."""
        return self.order_by(
            models.F("cycle_year").desc(nulls_first=True), "dataset", "file_format"
        )


class DatasetFile(models.Model):
    """One file of the global dataset (a table in one format) as it sits in the media storage.

    The latest edition's rows point at the files of its newest generation; a frozen edition's
    rows (`cycle_year`) are written once, and nothing replaces them afterwards."""

    class Dataset(models.TextChoices):
        PROFILE_ANSWERS = "profile-answers", _("Profile answers")
        SCORES = "scores", _("Scores")
        PLAN_COSTS = "plan-costs", _("Plan priorities and costs")
        COMMITMENTS = "commitments", _("Commitments")
        DICTIONARY = "dictionary", _("Data dictionary")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    cycle_year = models.PositiveSmallIntegerField(
        _("reporting cycle"),
        null=True,
        blank=True,
        help_text=_("The cycle of a frozen edition; empty for the latest edition."),
    )
    dataset = input_limits.CharField(_("dataset"), max_length=20, choices=Dataset.choices)
    file_format = input_limits.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(_("file"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    rows = models.PositiveIntegerField(_("rows"))
    sha256 = input_limits.CharField(_("SHA-256"), max_length=64)
    generated_at = models.DateTimeField(_("date of the data"))
    data_versions = models.JSONField(_("data versions"), default=dict)

    objects = DatasetFileQuerySet.as_manager()

    class Meta:
        ordering = ["cycle_year", "dataset", "file_format"]
        verbose_name = _("dataset file")
        verbose_name_plural = _("dataset files")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle_year", "dataset", "file_format"],
                nulls_distinct=False,
                name="dataset_file_unique",
            ),
            models.CheckConstraint(
                condition=Q(cycle_year__isnull=True) | Q(cycle_year__gte=2000),
                name="dataset_file_cycle_year",
            ),
        ]

    def __str__(self):
        return f"{self.edition}/{self.filename}"

    def get_absolute_url(self):
        return reverse(
            "dataset:dataset-file",
            kwargs={
                "edition": self.edition,
                "dataset": self.dataset,
                "file_format": self.file_format,
            },
        )

    @property
    def edition(self):
        return LATEST if self.cycle_year is None else str(self.cycle_year)

    @property
    def filename(self):
        return f"{self.dataset}.{self.file_format}"

    @property
    def download_name(self):
        return f"gidh-{self.edition}-{self.filename}"
