"""Averages of the published profiles' GDHM scores: the world, a WHO region, an income group.

The database keeps them (`ScoreBenchmark`, migration 0015): triggers recompute the table in the
same transaction as any statement that can change a published score (a profile approved or
superseded, a published answer written, a member state moved to another region or income
group, an indicator reassigned), so a page reads a few stored rows instead of averaging every
published answer."""

from django.db import models
from django.db.models import Q

from gidh_portal import input_limits


class BenchmarkScope(models.TextChoices):
    WORLD = "world"
    REGION = "region"
    INCOME_GROUP = "income_group"


class ScoreBenchmark(models.Model):
    """The average score of one GDHM component (0: the overall score) over the published
    profiles of one scope: the world (`key` ""), a WHO region (its code) or an income group."""

    scope = input_limits.CharField(max_length=12, choices=BenchmarkScope.choices)
    key = input_limits.CharField(max_length=20, blank=True)
    component = models.PositiveSmallIntegerField()
    average = models.FloatField()
    profiles = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "component"], name="members_scorebenchmark_unique"
            )
        ]

    def __str__(self):
        return f"{self.scope} {self.key} {self.component}: {self.average}"


def component_benchmarks(*, member_state):
    """Per GDHM component, the average score of the published profiles of the world, of
    `member_state`'s WHO region and of its income group (one query of stored rows).

    Returns `{component number: {"world": x, "region": y, "income_group": z}}` and, under the key
    `"overall"`, the same averages of the overall scores; a scope without published profiles
    gives None."""
    scopes = Q(scope=BenchmarkScope.WORLD)
    if member_state.who_region_id:
        scopes |= Q(scope=BenchmarkScope.REGION, key=member_state.who_region_id)
    if member_state.income_group:
        scopes |= Q(scope=BenchmarkScope.INCOME_GROUP, key=member_state.income_group)
    rows = ScoreBenchmark.objects.filter(scopes).values_list("scope", "component", "average")
    result = {}
    for scope, component, average in rows:
        key = "overall" if component == 0 else component
        averages = result.setdefault(key, {"world": None, "region": None, "income_group": None})
        averages[scope] = average
    return result


class CycleScoreAverage(models.Model):
    """The average score of one GDHM component (0: the overall score) over the approved
    submissions of one reporting cycle in one scope: the world (`key` ""), a WHO region or an
    income group. Kept by the database like `ScoreBenchmark` (triggers, migration members 0016)
    for the year-on-year pages (`members.progress.averages`)."""

    year = models.PositiveSmallIntegerField()
    scope = input_limits.CharField(max_length=12, choices=BenchmarkScope.choices)
    key = input_limits.CharField(max_length=20, blank=True)
    component = models.PositiveSmallIntegerField()
    average = models.FloatField()
    profiles = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "scope", "key", "component"],
                name="members_cyclescoreaverage_unique",
            )
        ]

    def __str__(self):
        return f"{self.year} {self.scope} {self.key} {self.component}: {self.average}"


class CycleScore(models.Model):
    """The overall score of each approved submission (a member state's published profile of one
    reporting cycle), kept by the database beside `CycleScoreAverage`: a trigger on that table
    recomputes these rows whenever the averages are recomputed (migration members 0020), so
    "moved up a phase since the previous cycle" (the home page, the transparency reports) reads
    one row per member state and cycle instead of every approved answer."""

    submission = models.OneToOneField(
        "members.ProfileSubmission", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    member_state = models.ForeignKey(
        "members.MemberState", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    who_region = models.ForeignKey(
        "members.WhoRegion", on_delete=models.CASCADE, null=True, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    overall = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["member_state", "-year"], name="members_cyclescore_state_year")
        ]

    def __str__(self):
        return f"{self.member_state_id} {self.year}: {self.overall}"
