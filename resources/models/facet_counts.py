"""The whole catalogue's facet counts, kept by the database as resources change (migration 0011).

The catalogue page without a search or filter, its busiest page, shows how many published
resources have each facet value. Counting 100,000 rows takes 100–300 ms, so the database keeps
the counts: statement-level triggers on `resources_resource` add the facet values of the rows a
statement publishes and subtract those of the rows it withdraws, changes or deletes, in one
grouped upsert per statement. A request reads them in one small query, whatever the catalogue's
size, and nothing is recounted after a write.
"""

from django.db import models

# The facet holding the number of published resources (value "").
TOTAL = "total"


class FacetCount(models.Model):
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=120, blank=True)
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facet", "value"], name="resources_facetcount_unique")
        ]

    def __str__(self):
        return f"{self.facet}={self.value}: {self.count}"


def whole_catalogue_counts(names):
    """{facet: [(value as text, count)]} of every published resource, for the facets `names`;
    and the number of published resources."""
    found = {name: [] for name in names}
    total = 0
    for facet, value, count in FacetCount.objects.filter(count__gt=0).values_list(
        "facet", "value", "count"
    ):
        if facet == TOTAL:
            total = count
        elif facet in found:
            found[facet].append((value, count))
    return found, total
