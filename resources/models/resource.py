"""A resource of the catalogue and its languages."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes, track_links
from members import documents
from members.workflow import Reviewable, ReviewStatus

from .. import search
from ..ordering import publication_year_key
from ..rendering import render_markdown
from .choices import LANGUAGE_NAMES, LANGUAGES, Kind, Licence
from .classifications import DigitalHealthIntervention, HealthSystemChallenge
from .queries import ResourceQuerySet


def resource_file_name(instance, filename):
    return documents.random_pdf_name("resources")


@track_changes(exclude=["search_vector"])
class Resource(Reviewable):
    """A normative resource of the catalogue: standard, guideline, toolkit, software…

    Proposed (workflow state `submitted`) by partner members and focal points, published
    (`approved`) or returned by the secretariat.
    """

    Kind = Kind
    Licence = Licence

    slug = models.SlugField(_("slug"), max_length=120, unique=True, editable=False)
    kind = input_limits.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    title = input_limits.CharField(_("title"), max_length=300)
    summary = input_limits.TextField(
        _("summary"), max_length=2000, help_text=_("One paragraph, shown in search results.")
    )
    body = input_limits.TextField(
        _("description"),
        blank=True,
        max_length=input_limits.MARKDOWN_TEXT,
        help_text=_("Markdown: headings, lists, links, emphasis."),
    )
    description_language = input_limits.CharField(
        _("language of this description"),
        max_length=2,
        choices=LANGUAGES,
        default="en",
        help_text=_("The language the title, summary and description are written in."),
    )
    publisher = models.ForeignKey(
        "members.Organization",
        on_delete=models.PROTECT,
        related_name="published_resources",
        verbose_name=_("publisher"),
    )
    publication_year = models.PositiveSmallIntegerField(
        _("publication year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        db_index=True,
    )
    link = input_limits.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("PDF file"), upload_to=resource_file_name, max_length=200, blank=True)
    licence = input_limits.CharField(
        _("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY_NC_SA_3_IGO
    )
    interventions = models.ManyToManyField(
        DigitalHealthIntervention,
        related_name="resources",
        blank=True,
        verbose_name=_("digital health interventions (CDHI)"),
    )
    gdhm_components = models.ManyToManyField(
        "members.GdhmComponent",
        related_name="resources",
        blank=True,
        verbose_name=_("GDHM components"),
    )
    challenges = models.ManyToManyField(
        HealthSystemChallenge,
        related_name="resources",
        blank=True,
        verbose_name=_("health system challenges"),
    )
    member_states = models.ManyToManyField(
        "members.MemberState",
        related_name="resources",
        blank=True,
        verbose_name=_("country experiences"),
        help_text=_("Member states where the resource applies or was used."),
    )
    who_regions = models.ManyToManyField(
        "members.WhoRegion",
        related_name="resources",
        blank=True,
        verbose_name=_("WHO regions"),
    )
    quality_assured = models.BooleanField(_("WHO quality-assured"), default=False, db_index=True)
    quality_assured_on = models.DateField(_("quality-assured on"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_resources",
        verbose_name=_("proposed by"),
    )
    # Maintained by a database trigger (migration 0004).
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-publication_year", "title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=Q(quality_assured=False) | Q(quality_assured_on__isnull=False),
                name="resource_quality_assured_has_date",
                violation_error_message=_("Give the date of the WHO quality assurance."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-publication_year"]),
            # The API's list, newest first and by title: a keyset page is an index scan.
            models.Index(
                publication_year_key().desc(),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="resource_newest_first",
            ),
            models.Index(fields=["title", "id"], name="resource_by_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:resource-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == ReviewStatus.APPROVED

    @property
    def catalogue_status_label(self):
        """The workflow state in the catalogue's words: proposed, published, returned."""
        return {
            ReviewStatus.DRAFT: _("Draft"),
            ReviewStatus.SUBMITTED: _("Proposed"),
            ReviewStatus.RETURNED: _("Returned"),
            ReviewStatus.APPROVED: _("Published"),
        }[self.status]

    @property
    def highlight(self):
        """The summary with the search matches marked, when given a headline."""
        return search.marked(getattr(self, "headline", None))

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def language_codes(self):
        return [entry.code for entry in self.language_entries.all()]

    @property
    def language_names(self):
        return [str(LANGUAGE_NAMES.get(code, code)) for code in self.language_codes]


@track_changes()
class ResourceLanguage(models.Model):
    """A language (ISO 639-1) a resource is available in."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="language_entries"
    )
    code = input_limits.CharField(_("language"), max_length=2, choices=LANGUAGES, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("resource language")
        verbose_name_plural = _("resource languages")
        constraints = [
            models.UniqueConstraint(fields=["resource", "code"], name="resource_language_unique"),
        ]

    def __str__(self):
        return self.code


@track_links()
class ResourceInterventionLink(Resource.interventions.through):
    """A CDHI topic of a resource, tracked by the audit trail."""

    class Meta:
        proxy = True
