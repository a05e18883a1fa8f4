"""Country experiences: which published resources were used in which member state on which
GDHM component, kept by the database as resources change (migration 0012).

The peers of a country (members/peers.py) each show the newest resources they used on the
indicator's component. Ranking every resource of thirty peer countries per request cost 70–240
ms on the large catalogue; with one row per published resource, member state and component,
ordered by an index, each (member state, component) pair reads its first rows and stops.
Statement-level triggers on the resource table and its member state and component relations
recompute the rows of the resources a statement touched; nothing else writes them.
"""

from django.db import models

from gidh_portal import input_limits


class CountryExperience(models.Model):
    # The unique constraint (resource first) is its index.
    resource = models.ForeignKey(
        "resources.Resource", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    member_state = models.ForeignKey(
        "members.MemberState", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    component = models.ForeignKey(
        "members.GdhmComponent", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Copied from the resource for the index's order (newest first, then by title).
    publication_year = models.PositiveSmallIntegerField(null=True)
    title = input_limits.CharField(max_length=300)
    slug = models.SlugField(max_length=120, db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "member_state", "component"],
                name="resources_countryexperience_unique",
            )
        ]
        indexes = [
            models.Index(
                models.F("member_state"),
                models.F("component"),
                models.F("publication_year").desc(nulls_last=True),
                models.F("title"),
                models.F("resource"),
                name="resources_experience_newest",
            )
        ]

    def __str__(self):
        return f"{self.member_state_id} {self.component_id}: {self.title}"
