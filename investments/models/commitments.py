"""Commitments: support of an organization (or of the government) to a plan, pledged,
committed and disbursed."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes
from members.models import Organization

from .commitment_queries import CommitmentQuerySet
from .money import (
    FIRST_YEAR,
    LAST_YEAR,
    MONEY,
    POSITIVE_AMOUNT,
    currency_validator,
    validate_currency_code,
)


@track_changes()
class Commitment(models.Model):
    """Support of an organization (or of the government itself) to a plan or one of its
    priorities, in cash or in kind, moving pledged → committed → disbursed."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In kind")

    class InKindType(models.TextChoices):
        PERSONNEL = "personnel", _("People (personnel)")
        TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
        EQUIPMENT = "equipment", _("Equipment")
        SOFTWARE = "software", _("Software")

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        COMMITTED = "committed", _("Committed")
        DISBURSED = "disbursed", _("Disbursed")

    NEXT_STATUS = {Status.PLEDGED: Status.COMMITTED, Status.COMMITTED: Status.DISBURSED}

    plan = models.ForeignKey(
        "InvestmentPlan",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("plan"),
    )
    priority = models.ForeignKey(
        "Priority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("priority"),
        help_text=_("Leave empty for support to the plan as a whole."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("organization"),
        help_text=_("Empty for domestic funding by the national government."),
    )
    kind = input_limits.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    in_kind_type = input_limits.CharField(
        _("type of in-kind support"), max_length=24, choices=InKindType.choices, blank=True
    )
    description = input_limits.TextField(
        _("description"),
        blank=True,
        max_length=input_limits.LONG_TEXT,
        help_text=_("Required for in-kind support: what is provided (people, assistance…)."),
    )
    currency = input_limits.CharField(
        _("currency"), max_length=3, validators=[currency_validator, validate_currency_code]
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=input_limits.year_range(FIRST_YEAR, LAST_YEAR),
        help_text=_("The amounts convert to US dollars with this year's average exchange rate."),
    )
    status = input_limits.CharField(
        _("stage"), max_length=10, choices=Status.choices, default=Status.PLEDGED, db_index=True
    )
    pledged_amount = models.DecimalField(_("amount pledged"), **MONEY, validators=POSITIVE_AMOUNT)
    pledged_on = models.DateField(_("pledged on"))
    committed_amount = models.DecimalField(
        _("amount committed"), **MONEY, null=True, blank=True, validators=POSITIVE_AMOUNT
    )
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    disbursed_amount = models.DecimalField(
        _("amount disbursed"), **MONEY, null=True, blank=True, validators=POSITIVE_AMOUNT
    )
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_(
            "Goes up by one at every change; an edit must name the version it is based on."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["-pledged_on", "-pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [
            models.Index(fields=["currency", "year"]),
            # The API's and the pages' default order: a page of the newest without a sort.
            models.Index(fields=["-pledged_on", "-id"], name="commitment_newest_first"),
            models.Index(fields=["year", "id"], name="commitment_by_year"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(pledged_amount__gt=0), name="commitment_pledged"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="commitment_currency"
            ),
            models.CheckConstraint(
                condition=Q(status="pledged")
                | Q(committed_amount__gt=0, committed_on__isnull=False),
                name="commitment_committed_stage",
            ),
            models.CheckConstraint(
                condition=~Q(status="disbursed")
                | Q(disbursed_amount__gt=0, disbursed_on__isnull=False),
                name="commitment_disbursed_stage",
            ),
            models.CheckConstraint(
                condition=Q(disbursed_amount__isnull=True)
                | Q(disbursed_amount__lte=F("committed_amount")),
                name="commitment_disbursed_within_committed",
            ),
            models.CheckConstraint(
                condition=Q(kind="cash", in_kind_type="") | Q(kind="in_kind") & ~Q(description=""),
                name="commitment_in_kind_described",
            ),
        ]

    def __str__(self):
        return f"{self.source_name}: {self.pledged_amount} {self.currency} ({self.year})"

    def get_absolute_url(self):
        return reverse("investments:commitment-detail", kwargs={"pk": self.pk})

    @property
    def is_domestic(self):
        return self.organization_id is None

    @property
    def is_verified(self):
        return self.verified_at is not None

    @property
    def source_name(self):
        if self.organization_id is None:
            return _("Government of %(country)s (domestic funding)") % {
                "country": self.plan.member_state.name
            }
        return str(self.organization)

    @property
    def next_status(self):
        return self.NEXT_STATUS.get(self.status)

    @property
    def current_amount(self):
        return {
            self.Status.PLEDGED: self.pledged_amount,
            self.Status.COMMITTED: self.committed_amount,
            self.Status.DISBURSED: self.disbursed_amount,
        }[self.status]
