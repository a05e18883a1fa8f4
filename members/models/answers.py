"""A profile's answer to one GDHM indicator: its phase and evidence."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes

from .gdhm import GdhmIndicator
from .uploads import profile_document_path


class IndicatorAnswerQuerySet(models.QuerySet):
    def scored(self):
        """Answers that count for scores: top-level indicators with a phase 1–5."""
        return self.filter(indicator__parent__isnull=True, phase__gte=1)


@track_changes()
class IndicatorAnswer(models.Model):
    """A member state's phase for one GDHM indicator, with its evidence."""

    NOT_AVAILABLE = 0
    PHASE_CHOICES = [
        (1, _("Phase 1")),
        (2, _("Phase 2")),
        (3, _("Phase 3")),
        (4, _("Phase 4")),
        (5, _("Phase 5")),
        (NOT_AVAILABLE, _("Not available")),
    ]

    class Verification(models.TextChoices):
        SELF_REPORTED = "self_reported", _("Self-reported")
        VERIFIED = "verified", _("Verified")
        DISPUTED = "disputed", _("Disputed")

    submission = models.ForeignKey(
        "members.ProfileSubmission",
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("profile submission"),
    )
    indicator = models.ForeignKey(
        GdhmIndicator, on_delete=models.PROTECT, related_name="answers", verbose_name=_("indicator")
    )
    phase = models.PositiveSmallIntegerField(
        _("phase"), choices=PHASE_CHOICES, null=True, blank=True
    )
    evidence_note = input_limits.TextField(
        _("evidence"), blank=True, max_length=input_limits.LONG_TEXT
    )
    source_url = input_limits.URLField(_("source link"), max_length=500, blank=True)
    evidence_document = models.FileField(
        _("evidence document (PDF)"), upload_to=profile_document_path, blank=True, max_length=200
    )
    verification_status = input_limits.CharField(
        _("verification"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.SELF_REPORTED,
    )

    objects = IndicatorAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__sort_order"]
        verbose_name = _("indicator answer")
        verbose_name_plural = _("indicator answers")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="one_answer_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(phase__isnull=True) | Q(phase__lte=5), name="phase_0_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id}: {self.get_phase_display() or '—'}"

    @property
    def counts_for_score(self):
        return self.indicator.parent_id is None and bool(self.phase)

    @property
    def phase_description(self):
        return self.indicator.phase_descriptions[self.phase - 1] if self.phase else ""
