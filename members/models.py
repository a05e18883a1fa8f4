"""Member states, WHO regions, partner organizations, users and their roles, API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import names
from .workflow import ReviewEvent  # noqa: F401  (registers the shared review-history model)

SECRETARIAT_GROUP = "Secretariat"


def _localized(obj, field_prefix, shipped_name=None):
    """The `<prefix>_<language>` value for the active language, else the name shipped in
    `members/names.py` for it, English when neither exists."""
    language = names.language_key(get_language())
    return (
        getattr(obj, f"{field_prefix}_{language}", "")
        or (shipped_name(obj.pk, language) if shipped_name else "")
        or getattr(obj, f"{field_prefix}_en")
    )


class WhoRegion(models.Model):
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    regional_office_city = models.CharField(_("regional office"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("WHO region")
        verbose_name_plural = _("WHO regions")

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def name(self):
        return _localized(self, "name", names.region_name)


class IncomeGroup(models.TextChoices):
    LOW = "L", _("Low income")
    LOWER_MIDDLE = "LM", _("Lower-middle income")
    UPPER_MIDDLE = "UM", _("Upper-middle income")
    HIGH = "H", _("High income")


class MemberStateQuerySet(models.QuerySet):
    def in_region(self, region_code):
        return self.filter(who_region_id=region_code) if region_code else self

    def matching(self, text):
        """Member states whose name (in any of the six languages) or ISO code contains `text`."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name_en__icontains=text)
            | Q(name_fr__icontains=text)
            | Q(iso3__iexact=text)
            | Q(iso2__iexact=text)
            | Q(iso3__in=names.iso3_matching(text))
        )


class MemberState(models.Model):
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, primary_key=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    m49 = models.CharField(_("UN M49 code"), max_length=3, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, db_index=True)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    who_region = models.ForeignKey(
        WhoRegion,
        on_delete=models.PROTECT,
        related_name="member_states",
        verbose_name=_("WHO region"),
    )
    income_group = models.CharField(
        _("World Bank income group"),
        max_length=2,
        choices=IncomeGroup.choices,
        blank=True,
        help_text=_("Empty where the World Bank does not classify the country."),
    )

    objects = MemberStateQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        constraints = [
            models.CheckConstraint(condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="iso3_upper"),
            models.CheckConstraint(condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="iso2_upper"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:country-detail", kwargs={"iso3": self.iso3})

    @property
    def name(self):
        return _localized(self, "name", names.member_state_name)


class Organization(models.Model):
    class Type(models.TextChoices):
        MULTILATERAL = "multilateral", _("Multilateral organization")
        BILATERAL_DONOR = "bilateral_donor", _("Bilateral donor")
        FOUNDATION = "foundation", _("Foundation")
        NGO = "ngo", _("Non-governmental organization")
        ACADEMIC = "academic", _("Academic or research institution")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        GOVERNMENT_AGENCY = "government_agency", _("Government agency")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    headquarters = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="headquartered_organizations",
        null=True,
        blank=True,
        verbose_name=_("headquarters country"),
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organization_name_unique_ci"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class EmailUserManager(UserManager):
    """Users log in with their email address; there is no separate username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A portal account. Its role follows from what it is attached to.

    - focal point: `member_state` is set (exactly one member state);
    - partner member: `organization` is set (exactly one organization);
    - secretariat: staff in the Secretariat group.
    A user is never both a focal point and a partner member.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    member_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_points",
        verbose_name=_("focal point of"),
        help_text=_("Set to make this user a focal point of the member state."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("member of organization"),
        help_text=_("Set to make this user a partner member of the organization."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(member_state__isnull=True) | Q(organization__isnull=True),
                name="user_single_role",
                violation_error_message=_(
                    "A user is either a focal point of a member state or a member of an "
                    "organization, not both."
                ),
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_focal_point(self):
        return self.member_state_id is not None

    @property
    def is_partner_member(self):
        return self.organization_id is not None

    @cached_property
    def is_secretariat(self):
        if not (self.is_active and self.is_staff):
            return False
        return self.is_superuser or self.groups.filter(name=SECRETARIAT_GROUP).exists()

    @property
    def role_label(self):
        if self.is_secretariat:
            return _("Secretariat")
        if self.is_focal_point:
            return _("Focal point of %(country)s") % {"country": self.member_state.name}
        if self.is_partner_member:
            return _("Member of %(organization)s") % {"organization": self.organization}
        return _("Registered user")


class GdhmComponent(models.Model):
    """One of the seven components of the Global Digital Health Monitor."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("GDHM component")
        verbose_name_plural = _("GDHM components")

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def name(self):
        return _localized(self, "name")


class GdhmIndicator(models.Model):
    """A GDHM maturity indicator (2023+ set), answered as a phase 1–5.

    Sub-indicators (codes with a letter: 2a, 21b…) belong to their parent's number and are
    left out of component scores, as the GDHM does.
    """

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    component = models.ForeignKey(
        GdhmComponent,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("component"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_indicators",
        verbose_name=_("parent indicator"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("indicator"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    phase_1 = models.TextField(_("phase 1"))
    phase_2 = models.TextField(_("phase 2"))
    phase_3 = models.TextField(_("phase 3"))
    phase_4 = models.TextField(_("phase 4"))
    phase_5 = models.TextField(_("phase 5"))

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("GDHM indicator")
        verbose_name_plural = _("GDHM indicators")

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def is_sub_indicator(self):
        return self.parent_id is not None

    @property
    def phase_descriptions(self):
        return [self.phase_1, self.phase_2, self.phase_3, self.phase_4, self.phase_5]


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    PREFIX = "gidh_"

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(
        _("first characters"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the token, to recognise it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def digest_of(raw_token):
        return hashlib.sha256(raw_token.encode()).hexdigest()

    @classmethod
    def generate(cls):
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self):
        return self.revoked_at is None

    def mark_used(self):
        now = timezone.now()
        # Written at most once a minute per token, so reads through the API stay read-only.
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
