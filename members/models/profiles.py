"""National digital health profiles: one member state's answers for one reporting cycle."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes

from ..workflow import Reviewable, ReviewStatus
from .answers import IndicatorAnswer
from .cycles import ReportingCycle
from .geography import MemberState
from .profile_choices import Ministry, Standard, StrategyStatus
from .uploads import profile_document_path


class ProfileSubmissionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ReviewStatus.APPROVED)

    def handed_in(self):
        """Submitted or approved: nothing left for the focal points to do in that cycle."""
        return self.filter(status__in=[ReviewStatus.SUBMITTED, ReviewStatus.APPROVED])

    def published(self):
        """Each member state's published profile: its approved submission of the latest cycle."""
        later_approved = ProfileSubmission.objects.filter(
            member_state=models.OuterRef("member_state"),
            status=ReviewStatus.APPROVED,
            cycle__year__gt=models.OuterRef("cycle__year"),
        )
        return self.approved().filter(~models.Exists(later_approved))

    def visible_to(self, user):
        """The secretariat sees every submission; a focal point also their own country's
        drafts and history; everyone else only published profiles."""
        if user is not None and user.is_authenticated and user.is_active:
            if user.is_secretariat:
                return self
            if user.member_state_id:
                return self.filter(
                    Q(member_state_id=user.member_state_id)
                    | Q(pk__in=self.published().values("pk"))
                )
        return self.published()

    def for_list(self):
        return self.select_related("member_state__who_region", "cycle")

    def with_answers(self):
        return self.for_list().prefetch_related(
            models.Prefetch(
                "answers",
                queryset=IndicatorAnswer.objects.select_related("indicator"),
            )
        )

    def strategy_status_by_member_state(self):
        """`{iso3: strategy status}` of every member state's published profile (for maps)."""

        # Unordered: the default order joins the member states to sort by name, for nothing.
        rows = self.published().order_by().values_list("member_state_id", "strategy_status")
        return dict(rows)

    def with_adopted_strategy(self):
        return self.published().filter(strategy_status=StrategyStatus.ADOPTED)

    def awaiting_review(self):
        return self.filter(status=ReviewStatus.SUBMITTED)


def profile_sections(components):
    """The profile's sections as (slug, label): strategy, governance, one per GDHM component."""
    return [
        ("strategy", _("National strategy")),
        ("governance", _("Governance")),
        *((f"maturity-{c.number}", c.name) for c in components),
    ]


@track_changes()
class ProfileSubmission(Reviewable):
    """One member state's answers for one reporting cycle: strategy, governance, maturity."""

    member_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="profile_submissions",
        verbose_name=_("member state"),
    )
    cycle = models.ForeignKey(
        ReportingCycle,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("reporting cycle"),
    )
    # National strategy
    strategy_status = input_limits.CharField(
        _("national strategy"), max_length=20, choices=StrategyStatus.choices, blank=True
    )
    strategy_title = input_limits.CharField(_("title of the strategy"), max_length=300, blank=True)
    strategy_start_year = models.PositiveSmallIntegerField(
        _("first year"), null=True, blank=True, validators=input_limits.year_range(1990)
    )
    strategy_end_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, validators=input_limits.year_range(1990)
    )
    strategy_adopted_on = models.DateField(
        _("adoption date"), null=True, blank=True, validators=input_limits.date_range(1990)
    )
    strategy_responsible_body = input_limits.CharField(
        _("responsible ministry or agency"), max_length=200, blank=True
    )
    strategy_url = input_limits.URLField(_("link to the strategy"), max_length=500, blank=True)
    strategy_document = models.FileField(
        _("strategy document (PDF)"), upload_to=profile_document_path, blank=True, max_length=200
    )
    strategy_is_costed = models.BooleanField(_("the strategy is costed"), null=True, blank=True)
    strategy_aligned_with_global_strategy = models.BooleanField(
        _("aligned with the WHO Global Strategy on Digital Health"), null=True, blank=True
    )
    # Governance (whole of government)
    coordination_body_exists = models.BooleanField(
        _("a national digital health coordination body exists"), null=True, blank=True
    )
    coordination_body_name = input_limits.CharField(
        _("name of the coordination body"), max_length=200, blank=True
    )
    coordination_ministries = models.JSONField(
        _("ministries represented"), default=list, blank=True
    )
    coordination_ministries_other = input_limits.CharField(
        _("other ministries represented"), max_length=200, blank=True
    )
    digital_health_unit_exists = models.BooleanField(
        _("a digital health unit exists in the ministry of health"), null=True, blank=True
    )
    data_protection_law_in_force = models.BooleanField(
        _("a data-protection law is in force"), null=True, blank=True
    )
    data_protection_law_name = input_limits.CharField(
        _("name of the data-protection law"), max_length=200, blank=True
    )
    data_protection_law_year = models.PositiveSmallIntegerField(
        _("year of the data-protection law"),
        null=True,
        blank=True,
        validators=input_limits.year_range(1950),
    )
    interoperability_framework_exists = models.BooleanField(
        _("a national interoperability framework exists"), null=True, blank=True
    )
    standards_adopted = models.JSONField(_("standards adopted"), default=list, blank=True)
    standards_other = input_limits.CharField(_("other standards"), max_length=300, blank=True)

    created_by = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProfileSubmissionQuerySet.as_manager()

    STRATEGY_FIELDS = (
        "strategy_status",
        "strategy_title",
        "strategy_start_year",
        "strategy_end_year",
        "strategy_adopted_on",
        "strategy_responsible_body",
        "strategy_url",
        "strategy_is_costed",
        "strategy_aligned_with_global_strategy",
    )
    GOVERNANCE_FIELDS = (
        "coordination_body_exists",
        "coordination_body_name",
        "coordination_ministries",
        "coordination_ministries_other",
        "digital_health_unit_exists",
        "data_protection_law_in_force",
        "data_protection_law_name",
        "data_protection_law_year",
        "interoperability_framework_exists",
        "standards_adopted",
        "standards_other",
    )

    class Meta:
        ordering = ["-cycle__year", "member_state__name_en"]
        verbose_name = _("profile submission")
        verbose_name_plural = _("profile submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["member_state", "cycle"],
                name="one_profile_per_member_state_and_cycle",
                violation_error_message=_(
                    "This member state already has a profile for this reporting cycle."
                ),
            ),
            models.CheckConstraint(
                condition=Q(strategy_end_year__isnull=True)
                | Q(strategy_start_year__isnull=True)
                | Q(strategy_end_year__gte=models.F("strategy_start_year")),
                name="strategy_period_in_order",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
        ]

    def __str__(self):
        return f"{self.member_state} — {self.cycle}"

    def get_absolute_url(self):
        return reverse("members:profile-detail", kwargs={"pk": self.pk})

    @property
    def has_strategy(self):
        return self.strategy_status in (StrategyStatus.ADOPTED, StrategyStatus.EXPIRED)

    @property
    def ministry_labels(self):
        labels = dict(Ministry.choices)
        return [labels[value] for value in self.coordination_ministries if value in labels]

    @property
    def standard_labels(self):
        labels = dict(Standard.choices)
        return [labels[value] for value in self.standards_adopted if value in labels]

    def answers_by_code(self):
        """Answers keyed by indicator code (uses the prefetched answers when there are)."""
        return {answer.indicator_id: answer for answer in self.answers.all()}

    def component_scores(self):
        """`{component number: score}`: the mean phase of its answered top-level indicators."""
        phases = {}
        for answer in self.answers.all():
            if answer.counts_for_score:
                phases.setdefault(answer.indicator.component_id, []).append(answer.phase)
        return {number: sum(values) / len(values) for number, values in sorted(phases.items())}

    def overall_score(self):
        scores = list(self.component_scores().values())
        return sum(scores) / len(scores) if scores else None

    def missing_by_section(self, indicators):
        """`{section slug: [labels of missing answers]}` for every section, empty lists when
        complete. `indicators`: every GDHM indicator (sub-indicators are optional)."""
        missing = {"strategy": [], "governance": []}
        for indicator in indicators:
            missing.setdefault(f"maturity-{indicator.component_id}", [])
        for section, _field, label in self.missing_answers(indicators):
            missing[section].append(label)
        return missing

    def missing_answers(self, indicators):
        """Every missing answer as `(section slug, form field name, label)`, in the order of the
        sections (the error summary links each one to its field)."""
        label = self._meta.get_field
        missing = []
        if not self.strategy_status:
            missing.append(("strategy", "strategy_status", label("strategy_status").verbose_name))
        if self.strategy_status and self.strategy_status != StrategyStatus.NONE:
            for name in ("strategy_title", "strategy_responsible_body"):
                if not getattr(self, name):
                    missing.append(("strategy", name, label(name).verbose_name))
        if self.has_strategy:
            for name in (
                "strategy_start_year",
                "strategy_end_year",
                "strategy_adopted_on",
                "strategy_is_costed",
                "strategy_aligned_with_global_strategy",
            ):
                if getattr(self, name) in (None, ""):
                    missing.append(("strategy", name, label(name).verbose_name))
            if not self.strategy_url and not self.strategy_document:
                missing.append(("strategy", "strategy_url", _("a link to the strategy or its PDF")))
        for name in (
            "coordination_body_exists",
            "digital_health_unit_exists",
            "data_protection_law_in_force",
            "interoperability_framework_exists",
        ):
            if getattr(self, name) is None:
                missing.append(("governance", name, label(name).verbose_name))
        if self.coordination_body_exists:
            for name in ("coordination_body_name", "coordination_ministries"):
                if not getattr(self, name):
                    missing.append(("governance", name, label(name).verbose_name))
        if self.data_protection_law_in_force:
            for name in ("data_protection_law_name", "data_protection_law_year"):
                if not getattr(self, name):
                    missing.append(("governance", name, label(name).verbose_name))
        answers = self.answers_by_code()
        for indicator in indicators:
            answer = answers.get(indicator.code)
            if indicator.parent_id is None and (answer is None or answer.phase is None):
                slug = f"maturity-{indicator.component_id}"
                missing.append((slug, f"{indicator.code}-phase", str(indicator)))
        return missing
