"""Offers: what a partner organization can give (cash or in kind), where, when and for what.

A partner publishes an offer; the portal matches open offers with the open priorities of
published plans (the asks), and a focal point may invite the offer's organization to a priority.
"""

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes
from members.models import GdhmComponent, MemberState, Organization, WhoRegion
from resources.models import DigitalHealthIntervention

from .money import (
    FIRST_YEAR,
    LAST_YEAR,
    MONEY,
    POSITIVE_AMOUNT,
    currency_validator,
    validate_currency_code,
)


class OfferQuerySet(models.QuerySet):
    def open(self):
        """Offers anyone may see and that may be matched."""
        return self.filter(status=Offer.Status.OPEN)

    def of_organization(self, organization):
        return self.filter(organization=organization)

    def visible_to(self, user):
        """Open offers for everyone; an organization's drafts and closed offers for its
        members; everything for the secretariat."""
        if user is not None and user.is_authenticated and user.is_secretariat:
            return self
        if user is not None and user.is_authenticated and user.organization_id is not None:
            return self.filter(Q(status=Offer.Status.OPEN) | Q(organization=user.organization_id))
        return self.open()

    def _links(self, name):
        """The rows of the many-to-many table `name` of the outer offer."""
        through = self.model._meta.get_field(name).remote_field.through
        return through.objects.filter(offer=OuterRef("pk"))

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def covering_year(self, year):
        return self.filter(first_year__lte=year, last_year__gte=year)

    def covering_component(self, component):
        return self.filter(Exists(self._links("components").filter(gdhmcomponent=component)))

    def covering_intervention(self, code):
        """Offers naming the CDHI intervention `code` (any version)."""
        links = self._links("interventions").filter(digitalhealthintervention__code=code)
        return self.filter(Exists(links))

    def _linked(self, name, **filters):
        """The ids of the offers with a row of the many-to-many table `name` matching `filters`:
        a sub-query of its own, which PostgreSQL reads once and hashes (an EXISTS under an OR
        runs again for every offer)."""
        through = self.model._meta.get_field(name).remote_field.through
        return through.objects.filter(**filters).values("offer_id")

    def _anywhere(self):
        return ~Q(pk__in=self._linked("who_regions")) & ~Q(pk__in=self._linked("member_states"))

    def working_in_region(self, region):
        """Offers for the WHO region: naming it, one of its member states, or no place at all
        (an offer without regions and member states is open to every country)."""
        return self.filter(
            Q(pk__in=self._linked("who_regions", whoregion=region))
            | Q(pk__in=self._linked("member_states", memberstate__who_region=region))
            | self._anywhere()
        )

    def working_in(self, member_state):
        """Offers for the member state: naming it, its WHO region, or no place at all."""
        region = MemberState.objects.filter(pk=member_state).values("who_region")
        return self.filter(
            Q(pk__in=self._linked("member_states", memberstate=member_state))
            | Q(pk__in=self._linked("who_regions", whoregion__in=region))
            | self._anywhere()
        )

    def matching(self, words):
        """Offers whose title or description holds every word (case and accents as typed)."""
        queryset = self
        for word in words.split()[:10]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset

    def with_relation_lists(self):
        """Each relation an item shows as an array selected with the row, one sub-query each:
        `intervention_list` (CDHI codes), `component_list` (numbers), `region_list` (codes),
        `member_state_list` (ISO3)."""
        return self.annotate(
            intervention_list=ArraySubquery(
                self._links("interventions")
                .order_by("digitalhealthintervention__sort_key")
                .values("digitalhealthintervention__code")
            ),
            component_list=ArraySubquery(
                self._links("components").order_by("gdhmcomponent").values("gdhmcomponent")
            ),
            region_list=ArraySubquery(
                self._links("who_regions").order_by("whoregion").values("whoregion")
            ),
            member_state_list=ArraySubquery(
                self._links("member_states").order_by("memberstate").values("memberstate")
            ),
        )

    def with_relations(self):
        """The organization and every relation an offer's page shows: one query each."""
        return self.select_related("organization").prefetch_related(
            "interventions", "components", "who_regions", "member_states"
        )


@track_changes()
class Offer(models.Model):
    """Support an organization can give: its kind, the CDHI interventions and GDHM components it
    covers, where (WHO regions or member states; neither: anywhere), which years, an indicative
    capacity, a contact, and whether it is open."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        PERSONNEL = "personnel", _("People (personnel)")
        SOFTWARE = "software", _("Software")
        TRAINING = "training", _("Training")
        EQUIPMENT = "equipment", _("Equipment")
        TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("organization"),
    )
    title = input_limits.CharField(_("title"), max_length=200)
    description = input_limits.TextField(
        _("description"), blank=True, max_length=input_limits.LONG_TEXT
    )
    kind = input_limits.CharField(_("kind"), max_length=24, choices=Kind.choices, db_index=True)
    interventions = models.ManyToManyField(
        DigitalHealthIntervention,
        blank=True,
        related_name="offers",
        verbose_name=_("CDHI intervention areas"),
    )
    components = models.ManyToManyField(
        GdhmComponent, blank=True, related_name="offers", verbose_name=_("GDHM components")
    )
    who_regions = models.ManyToManyField(
        WhoRegion,
        blank=True,
        related_name="offers",
        verbose_name=_("WHO regions"),
        help_text=_("Leave regions and member states empty for an offer open to every country."),
    )
    member_states = models.ManyToManyField(
        MemberState, blank=True, related_name="offers", verbose_name=_("member states")
    )
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=input_limits.year_range(FIRST_YEAR, LAST_YEAR)
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=input_limits.year_range(FIRST_YEAR, LAST_YEAR)
    )
    capacity_amount = models.DecimalField(
        _("indicative capacity"),
        **MONEY,
        null=True,
        blank=True,
        validators=POSITIVE_AMOUNT,
        help_text=_("Required for cash; optional for support in kind."),
    )
    currency = input_limits.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[currency_validator, validate_currency_code],
    )
    # The capacity in US dollars at the first year's rate (the money rule, docs/money.md),
    # stored by the services so that matching compares it with gaps without converting.
    capacity_usd = models.DecimalField(
        _("indicative capacity (USD)"), **MONEY, null=True, blank=True, editable=False
    )
    contact_name = input_limits.CharField(_("contact name"), max_length=200)
    contact_email = input_limits.EmailField(_("contact e-mail"))
    status = input_limits.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
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

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [
            models.Index(
                fields=["-updated_at", "-id"],
                condition=Q(status="open"),
                name="offer_open_newest_first",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="offer_years_in_order",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            models.CheckConstraint(
                condition=Q(capacity_amount__isnull=True) | ~Q(currency=""),
                name="offer_capacity_has_currency",
                violation_error_message=_("Give the currency of the indicative capacity."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="cash") | Q(capacity_amount__isnull=False),
                name="offer_cash_has_capacity",
                violation_error_message=_("A cash offer needs an indicative capacity."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("investments:offer-detail", args=[self.pk])
