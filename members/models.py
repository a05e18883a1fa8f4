"""Member states, WHO regions, partner organizations, users and their roles, API tokens."""

import datetime
import functools
import hashlib
import math
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_CACHE_PREFIX
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.core.cache import caches
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes, track_links

from . import documents, names
from .workflow import (
    Reviewable,
    ReviewEvent,  # noqa: F401  (registers the shared review-history model)
    ReviewStatus,
)

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


def _localized_columns(language, pk, name_en, name_fr, shipped_name):
    """`_localized` of a row's name columns, for a language key (rows of many member states)."""
    column = name_en if language == "en" else name_fr if language == "fr" else ""
    return column or shipped_name(pk, language) or name_en


class WhoRegion(models.Model):
    code = input_limits.CharField(_("code"), max_length=4, primary_key=True)
    name_en = input_limits.CharField(_("name (English)"), max_length=100)
    name_fr = input_limits.CharField(_("name (French)"), max_length=100)
    regional_office_city = input_limits.CharField(_("regional office"), max_length=100)

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
    iso3 = input_limits.CharField(_("ISO 3166 alpha-3"), max_length=3, primary_key=True)
    iso2 = input_limits.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    m49 = input_limits.CharField(_("UN M49 code"), max_length=3, unique=True)
    name_en = input_limits.CharField(_("name (English)"), max_length=100, db_index=True)
    name_fr = input_limits.CharField(_("name (French)"), max_length=100)
    who_region = models.ForeignKey(
        WhoRegion,
        on_delete=models.PROTECT,
        related_name="member_states",
        verbose_name=_("WHO region"),
    )
    income_group = input_limits.CharField(
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
        return reverse("country-detail", kwargs={"iso3": self.iso3})

    @property
    def name(self):
        return _localized(self, "name", names.member_state_name)


def member_state_row_name(row, language):
    """`MemberState.name` of a `.values()` row (`iso3`, `name_en`, `name_fr`), for the language
    key `names.language_key(get_language())`: the same choice as `_localized`."""
    return _localized_columns(
        language, row["iso3"], row["name_en"], row["name_fr"], names.member_state_name
    )


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

    name = input_limits.CharField(_("name"), max_length=200)
    acronym = input_limits.CharField(_("acronym"), max_length=30, blank=True)
    type = input_limits.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    headquarters = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="headquartered_organizations",
        null=True,
        blank=True,
        verbose_name=_("headquarters country"),
    )
    website = input_limits.URLField(_("website"), blank=True)
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


class UserQuerySet(models.QuerySet):
    def end_access(self):
        """End every session of these users and revoke their API tokens."""
        Session.objects.filter(user__in=self.values("pk")).end()
        ApiToken.objects.filter(user__in=self.values("pk")).revoke()

    def update(self, **kwargs):
        """A bulk deactivation (`.update(is_active=False)`, `bulk_update`) ends the access of the
        users it deactivates, as saving a deactivated user does (`services.end_access_of_…`)."""
        if "is_active" not in kwargs:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            active = list(self.filter(is_active=True).values_list("pk", flat=True))
            count = super().update(**kwargs)
            User.objects.filter(pk__in=active, is_active=False).end_access()
        return count


class EmailUserManager(UserManager):
    """Users log in with their email address; there is no separate username."""

    use_in_migrations = True

    def get_queryset(self):
        return UserQuerySet(self.model, using=self._db)

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


# The role-bearing fields only: never the password hash, nor last_login on every sign-in.
@track_changes(
    fields=["email", "member_state", "organization", "is_staff", "is_superuser", "is_active"],
    model_name="UserRoleEvent",
)
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
    email = input_limits.EmailField(_("email address"), unique=True)
    full_name = input_limits.CharField(_("full name"), max_length=150, blank=True)
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
    # Optimistic locking of role edits in the admin (members.admin.VersionCheckedAdmin).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

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
    name_en = input_limits.CharField(_("name (English)"), max_length=100)
    name_fr = input_limits.CharField(_("name (French)"), max_length=100, blank=True)

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

    code = input_limits.CharField(_("code"), max_length=4, primary_key=True)
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
    name = input_limits.CharField(_("indicator"), max_length=300)
    definition = input_limits.TextField(
        _("definition"), blank=True, max_length=input_limits.LONG_TEXT
    )
    phase_1 = input_limits.TextField(_("phase 1"), max_length=input_limits.LONG_TEXT)
    phase_2 = input_limits.TextField(_("phase 2"), max_length=input_limits.LONG_TEXT)
    phase_3 = input_limits.TextField(_("phase 3"), max_length=input_limits.LONG_TEXT)
    phase_4 = input_limits.TextField(_("phase 4"), max_length=input_limits.LONG_TEXT)
    phase_5 = input_limits.TextField(_("phase 5"), max_length=input_limits.LONG_TEXT)

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

    def revoke(self):
        """Revoke these tokens (those already revoked keep their date)."""
        return self.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    PREFIX = "gidh_"

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = input_limits.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    digest = input_limits.CharField(max_length=64, unique=True, editable=False)
    hint = input_limits.CharField(
        _("first characters"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the token, to recognise it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # The authenticator that had verified the session the token was created in: the token acts
    # with that second factor (members.permissions.needs_second_factor). Removing the device (a
    # lost phone) takes the second factor away from its tokens too.
    verified_with = models.ForeignKey(
        "otp_totp.TOTPDevice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="api_tokens",
        verbose_name=_("second factor"),
        help_text=_(
            "The authenticator app that verified the session this token was created in. Only "
            "such a token may approve, return, verify or publish for a staff account."
        ),
    )

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

    @property
    def has_second_factor(self):
        return self.verified_with_id is not None

    def mark_used(self):
        now = timezone.now()
        # Written at most once a minute per token, so reads through the API stay read-only.
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


class IdempotencyKeyQuerySet(models.QuerySet):
    def expired(self, *, now=None):
        """Keys older than `IdempotencyKey.LIFETIME`: no longer replayed, and deleted hourly."""
        return self.filter(created_at__lte=(now or timezone.now()) - IdempotencyKey.LIFETIME)


class IdempotencyKey(models.Model):
    """A caller's `Idempotency-Key` on a create, with the request's fingerprint and the first
    response, which repeats of the request get instead of a second creation
    (members/idempotency.py). Here because a key belongs to a user."""

    LIFETIME = datetime.timedelta(hours=24)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="idempotency_keys")
    key = input_limits.CharField(max_length=255)
    fingerprint = input_limits.CharField(
        max_length=64, help_text="SHA-256 of method, path and body."
    )
    operation = input_limits.CharField(max_length=300, help_text="Method and path, for messages.")
    # Empty only inside the transaction that claims the key: a request that ends without a
    # successful response rolls its claim back.
    response_status = models.PositiveSmallIntegerField(null=True)
    # The response's JSON text as first sent (a replay is the same bytes, keys in order); a
    # create's response is a record, far below the bound.
    response_body = input_limits.TextField(max_length=1_000_000, blank=True)
    response_headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = IdempotencyKeyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user"),
            models.CheckConstraint(
                condition=Q(response_status__isnull=True)
                | Q(response_status__gte=200, response_status__lt=300),
                name="idempotency_key_keeps_successes_only",
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created")]

    def __str__(self):
        return f"{self.key} ({self.operation})"


class SessionQuerySet(models.QuerySet):
    def end(self):
        """Delete these sessions from the database and from the cache, which keeps a copy of
        each (members/sessions.py): the browsers holding them are logged out."""
        keys = list(self.values_list("session_key", flat=True))
        if not keys:
            return 0
        cache_keys = [SESSION_CACHE_PREFIX + key for key in keys]
        cache = caches[settings.SESSION_CACHE_ALIAS]
        cache.delete_many(cache_keys)
        # Again once committed: a request may have re-cached one from the database meanwhile.
        transaction.on_commit(lambda: cache.delete_many(cache_keys))
        deleted, _by_model = Session.objects.filter(session_key__in=keys).delete()
        return deleted


class Session(AbstractBaseSession):
    """A browser session (SESSION_ENGINE = "members.sessions"), with the user it is logged in
    as, so that all of a user's sessions can be ended at once."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("user"),
    )

    objects = BaseSessionManager.from_queryset(SessionQuerySet)()

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore  # the store imports this model, as Django's own does

        return SessionStore


# ---------------------------------------------------------------------------------------------
# National digital health profiles
# ---------------------------------------------------------------------------------------------


def profile_document_path(instance, filename):
    return documents.random_pdf_name("profiles")


class ReportingCycleQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def current(self):
        """The cycle open today, else the latest one that has opened (None before any)."""
        today = timezone.localdate()
        return (
            self.open_on(today).order_by("-year").first()
            or self.filter(opens_on__lte=today).order_by("-year").first()
        )


class ReportingCycle(models.Model):
    """The year for which member states submit a profile, open between two dates."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    objects = ReportingCycleQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="cycle_closes_after_it_opens",
                violation_error_message=_("A cycle cannot close before it opens."),
            ),
        ]

    def __str__(self):
        return str(self.year)

    @property
    def is_open(self):
        return self.opens_on <= timezone.localdate() <= self.closes_on


class StrategyStatus(models.TextChoices):
    NONE = "none", _("No national strategy")
    IN_DEVELOPMENT = "in_development", _("In development")
    ADOPTED = "adopted", _("Adopted")
    EXPIRED = "expired", _("Expired")


class Ministry(models.TextChoices):
    HEALTH = "health", _("Health")
    ICT = "ict", _("ICT / digital")
    FINANCE = "finance", _("Finance")
    PLANNING = "planning", _("Planning")
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other")


class Standard(models.TextChoices):
    HL7_FHIR = "hl7_fhir", "HL7 FHIR"
    HL7_V2 = "hl7_v2", "HL7 v2"
    ICD_11 = "icd_11", "ICD-11"
    ICD_10 = "icd_10", "ICD-10"
    SNOMED_CT = "snomed_ct", "SNOMED CT"
    LOINC = "loinc", "LOINC"
    DICOM = "dicom", "DICOM"
    DHIS2 = "dhis2", "DHIS2"
    OPENHIE = "openhie", "OpenHIE"
    IHE = "ihe", "IHE profiles"
    SDMX = "sdmx", "SDMX"


class ProfileSubmissionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ReviewStatus.APPROVED)

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
        label = self._meta.get_field
        missing = {"strategy": [], "governance": []}
        strategy = missing["strategy"]
        if not self.strategy_status:
            strategy.append(label("strategy_status").verbose_name)
        if self.strategy_status and self.strategy_status != StrategyStatus.NONE:
            for name in ("strategy_title", "strategy_responsible_body"):
                if not getattr(self, name):
                    strategy.append(label(name).verbose_name)
        if self.has_strategy:
            for name in (
                "strategy_start_year",
                "strategy_end_year",
                "strategy_adopted_on",
                "strategy_is_costed",
                "strategy_aligned_with_global_strategy",
            ):
                if getattr(self, name) in (None, ""):
                    strategy.append(label(name).verbose_name)
            if not self.strategy_url and not self.strategy_document:
                strategy.append(_("a link to the strategy or its PDF"))
        governance = missing["governance"]
        for name in (
            "coordination_body_exists",
            "digital_health_unit_exists",
            "data_protection_law_in_force",
            "interoperability_framework_exists",
        ):
            if getattr(self, name) is None:
                governance.append(label(name).verbose_name)
        if self.coordination_body_exists:
            if not self.coordination_body_name:
                governance.append(label("coordination_body_name").verbose_name)
            if not self.coordination_ministries:
                governance.append(label("coordination_ministries").verbose_name)
        if self.data_protection_law_in_force:
            for name in ("data_protection_law_name", "data_protection_law_year"):
                if not getattr(self, name):
                    governance.append(label(name).verbose_name)
        answers = self.answers_by_code()
        for indicator in indicators:
            slug = f"maturity-{indicator.component_id}"
            missing.setdefault(slug, [])
            answer = answers.get(indicator.code)
            if indicator.parent_id is None and (answer is None or answer.phase is None):
                missing[slug].append(str(indicator))
        return missing


def score_as_phase(score):
    """A score shown as a phase, as the GDHM does: round to one decimal, then the ceiling."""
    if score is None:
        return None
    # Half up on the decimal written value (2.05 → 2.1 → phase 3), not float banker's rounding.
    rounded = Decimal(str(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return math.ceil(rounded)


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
        ProfileSubmission,
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

    # Django's get_FOO_display makes every choice hashable (translating each lazy label) on
    # each call; a published profile's evidence table shows two labels per answer.
    def get_phase_display(self):
        return _choice_display(self, "phase")

    def get_verification_status_display(self):
        return _choice_display(self, "verification_status")

    @property
    def counts_for_score(self):
        return self.indicator.parent_id is None and bool(self.phase)

    @property
    def phase_description(self):
        return self.indicator.phase_descriptions[self.phase - 1] if self.phase else ""


class ProfileVersion(models.Model):
    """A frozen copy of a submission taken at every submit, so earlier versions stay readable."""

    submission = models.ForeignKey(
        ProfileSubmission,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("profile submission"),
    )
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"))
    created_by = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("profile version")
        verbose_name_plural = _("profile versions")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "version"], name="one_snapshot_per_version"
            )
        ]

    def __str__(self):
        return f"{self.submission} v{self.version}"


@functools.cache
def _choice_labels(model, name):
    """A field's choices as {value: label}, built once per process (the labels stay lazy, so
    they are translated in the active language when shown)."""
    return dict(model._meta.get_field(name).flatchoices)


def _choice_display(instance, name):
    """What Django's `get_FOO_display()` returns, without rebuilding the choices each call."""
    value = getattr(instance, name)
    return force_str(_choice_labels(type(instance), name).get(value, value), strings_only=True)


def component_benchmarks(*, member_state):
    """Per GDHM component, the average score of the published profiles of the world, of
    `member_state`'s WHO region and of its income group, computed in the database.

    Returns `{component number: {"world": x, "region": y, "income_group": z}}` and, under the key
    `"overall"`, the same averages of the overall scores.
    """
    published_sql, published_params = (
        ProfileSubmission.objects.published().order_by().values("pk").query.sql_with_params()
    )
    answer = IndicatorAnswer._meta.db_table
    indicator = GdhmIndicator._meta.db_table
    submission = ProfileSubmission._meta.db_table
    state = MemberState._meta.db_table
    # The published submissions' component scores once (a materialized CTE, reached through
    # the answers' submission index), then the averages of the components and of the overall
    # scores.
    averages = f"""
        SELECT c.component_id,
               AVG(c.score),
               AVG(CASE WHEN ms.who_region_id = %s THEN c.score END),
               AVG(CASE WHEN ms.income_group = %s AND ms.income_group <> '' THEN c.score END)
        FROM {{source}} c
        JOIN {submission} s ON s.id = c.submission_id
        JOIN {state} ms ON ms.iso3 = s.member_state_id
        GROUP BY c.component_id
    """
    sql = f"""
        WITH published (id) AS MATERIALIZED ({published_sql}),
        per_component AS MATERIALIZED (
            SELECT a.submission_id, i.component_id, AVG(a.phase * 1.0) AS score
            FROM published p
            JOIN {answer} a ON a.submission_id = p.id
            JOIN {indicator} i ON i.code = a.indicator_id
            WHERE i.parent_id IS NULL AND a.phase >= 1
            GROUP BY a.submission_id, i.component_id
        ),
        per_submission AS (
            SELECT c.submission_id, 0 AS component_id, AVG(c.score) AS score
            FROM per_component c GROUP BY c.submission_id
        )
        {averages.format(source="per_component")}
        UNION ALL
        {averages.format(source="per_submission")}
    """
    params = [*published_params, *[member_state.who_region_id, member_state.income_group] * 2]
    result = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for component, world, region, income in cursor.fetchall():
            key = "overall" if component == 0 else component
            result[key] = {
                "world": _float(world),
                "region": _float(region),
                "income_group": _float(income),
            }
    return result


def cached_component_benchmarks(*, member_state):
    """`component_benchmarks(member_state=...)` kept in the shared cache (Redis) under the
    members data version, the WHO region and the income group (the only inputs that differ
    between member states): the services bump the version after every write of profiles, so
    the next request recomputes. `BENCHMARK_CACHE=0` computes on every call."""
    if not settings.BENCHMARK_CACHE:
        return component_benchmarks(member_state=member_state)
    from gidh_portal.response_cache import cached_under_versions

    return cached_under_versions(
        f"benchmarks:{member_state.who_region_id}:{member_state.income_group}",
        ("members",),
        lambda: component_benchmarks(member_state=member_state),
        BENCHMARK_CACHE_SECONDS,
    )


# An entry of a region and income group nobody reads expires after a day.
BENCHMARK_CACHE_SECONDS = 24 * 3600


def _float(value):
    return None if value is None else float(value)


@track_links()
class UserGroupLink(User.groups.through):
    """A user's membership of a group (e.g. Secretariat), tracked by the audit trail."""

    class Meta:
        proxy = True
