"""Writes of the resource catalogue: proposals, publication, return for changes.

The catalogue's words map onto the shared review workflow: a proposal is `submitted`
("proposed"), publishing is `approve` ("published"), returning is `return` (with a comment).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data
from members.workflow import ReviewAction, apply_transition, lock_for_edit, save_edit

from .models import Resource, ResourceLanguage
from .permissions import can_propose_resource, can_publish_resource_directly, can_review_resource

# Path segments of the catalogue's own pages, never given to a resource.
RESERVED_SLUGS = {"propose", "curation"}
RELATIONS = ("interventions", "gdhm_components", "challenges", "member_states", "who_regions")


def unique_slug(title):
    """A slug from the title, suffixed -2, -3… when taken; it never changes afterwards."""
    base = (slugify(title, allow_unicode=False) or "resource")[:100].strip("-") or "resource"
    taken = set(Resource.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@changes_data("resources")
@transaction.atomic
def propose_resource(*, by, data, languages, publish=False):
    """Create a resource as a proposal (workflow `submitted`), recording who proposed it.

    `data` holds the model fields and the many-to-many relations by name. With `publish=True`
    (secretariat only) it is published at once, both transitions recorded.
    """
    if not can_propose_resource(by):
        raise ValidationError(_("You may not propose resources."))
    if publish and not can_publish_resource_directly(by):
        raise PermissionDenied(_("Only the secretariat may publish a resource directly."))
    if not data.get("link") and not data.get("file"):
        raise ValidationError(
            {"link": _("Give a link to the resource or upload it as a PDF file.")}
        )
    if not languages:
        raise ValidationError({"languages": _("Choose at least one language.")})
    fields = {key: value for key, value in data.items() if key not in RELATIONS}
    resource = Resource(**fields, proposed_by=by, slug=unique_slug(fields["title"]))
    resource.full_clean(exclude=["search_vector"])
    resource.save()
    for name in RELATIONS:
        if data.get(name):
            getattr(resource, name).set(data[name])
    ResourceLanguage.objects.bulk_create(
        ResourceLanguage(resource=resource, code=code) for code in dict.fromkeys(languages)
    )
    resource = apply_transition(resource, action=ReviewAction.SUBMIT, by=by)
    if publish:
        resource = apply_transition(resource, action=ReviewAction.APPROVE, by=by)
    return resource


@changes_data("resources")
def publish_resource(*, resource, by, comment=""):
    """Publish a proposed resource (workflow `approve`); refuses anyone but the secretariat."""
    if not can_review_resource(by):
        raise ValidationError(_("Only the secretariat may publish resources."))
    return apply_transition(resource, action=ReviewAction.APPROVE, by=by, comment=comment)


@changes_data("resources")
def return_resource(*, resource, by, comment):
    """Return a proposal to its proposer with a comment saying what must change."""
    if not can_review_resource(by):
        raise ValidationError(_("Only the secretariat may return proposals."))
    return apply_transition(resource, action=ReviewAction.RETURN, by=by, comment=comment)


@changes_data("resources")
@transaction.atomic
def revise_resource(*, resource, by, data, languages, expected_version):
    """Change a returned (or draft) proposal and send it back to the secretariat.

    Only its proposer may; an edit based on a stale copy is refused (`StaleVersion`).
    """
    if resource.proposed_by_id != getattr(by, "pk", None):
        raise ValidationError(_("Only the proposer may change this proposal."))
    if not languages:
        raise ValidationError({"languages": _("Choose at least one language.")})
    current = lock_for_edit(resource, expected_version=expected_version)
    fields = {key: value for key, value in data.items() if key not in RELATIONS}
    for name, value in fields.items():
        setattr(current, name, "" if value is False else value)  # False: "clear the file"
    if not current.link and not current.file:
        raise ValidationError(
            {"link": _("Give a link to the resource or upload it as a PDF file.")}
        )
    current.full_clean(exclude=["search_vector"])
    save_edit(current, by=by)
    for name in RELATIONS:
        if name in data:
            getattr(current, name).set(data[name] or [])
    current.language_entries.exclude(code__in=languages).delete()
    ResourceLanguage.objects.bulk_create(
        [ResourceLanguage(resource=current, code=code) for code in dict.fromkeys(languages)],
        ignore_conflicts=True,
    )
    return apply_transition(current, action=ReviewAction.SUBMIT, by=by)
