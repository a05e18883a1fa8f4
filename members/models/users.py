"""Portal accounts and their roles (focal point, partner member, secretariat)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models, transaction
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes, track_links

from .api_tokens import ApiToken
from .browser_sessions import Session
from .geography import MemberState
from .organizations import Organization

SECRETARIAT_GROUP = "Secretariat"


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

    def secretariat(self):
        """The active secretariat: staff in the Secretariat group, or superusers (as
        `User.is_secretariat`)."""
        in_group = User.groups.through.objects.filter(
            user=models.OuterRef("pk"), group__name=SECRETARIAT_GROUP
        )
        return self.filter(is_active=True, is_staff=True).filter(
            Q(is_superuser=True) | models.Exists(in_group)
        )


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

    def secretariat(self):
        return self.get_queryset().secretariat()

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
    # The language of the mail the portal sends this user (reminders); blank: the portal's default.
    language = input_limits.CharField(
        _("language of e-mails"), max_length=10, choices=settings.LANGUAGES, blank=True
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


@track_links()
class UserGroupLink(User.groups.through):
    """A user's membership of a group (e.g. Secretariat), tracked by the audit trail."""

    class Meta:
        proxy = True
