import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from members.models import (
    SECRETARIAT_GROUP,
    GdhmIndicator,
    IndicatorAnswer,
    MemberState,
    Organization,
    ProfileSubmission,
    ReportingCycle,
    StrategyStatus,
    User,
)
from members.workflow import ReviewStatus

DEFAULT_PASSWORD = "correct-horse-battery-staple"


def this_year():
    """The current year: the frozen `today`'s in `any_day` tests (tests/conftest.py)."""
    return timezone.localdate().year


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Partner organization {n}")
    acronym = factory.Sequence(lambda n: f"PO{n}")
    type = Organization.Type.NGO
    headquarters = factory.LazyFunction(lambda: MemberState.objects.get(iso3="CHE"))
    website = "https://partner.example.org"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class FocalPointFactory(UserFactory):
    member_state = factory.LazyFunction(lambda: MemberState.objects.get(iso3="KEN"))


class PartnerMemberFactory(UserFactory):
    organization = factory.SubFactory(OrganizationFactory)


class SecretariatFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def secretariat_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))


class ReportingCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingCycle
        django_get_or_create = ("year",)

    year = factory.LazyFunction(this_year)  # the cycle open today
    opens_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 1))
    closes_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 31))


class ProfileSubmissionFactory(factory.django.DjangoModelFactory):
    """A draft; `complete=True` fills every required answer (phase `phase` everywhere)."""

    class Meta:
        model = ProfileSubmission
        skip_postgeneration_save = True

    member_state = factory.LazyFunction(lambda: MemberState.objects.get(iso3="KEN"))
    cycle = factory.SubFactory(ReportingCycleFactory)

    class Params:
        complete = factory.Trait(
            strategy_status=StrategyStatus.ADOPTED,
            strategy_title="National Digital Health Strategy 2022–2027",
            strategy_start_year=2022,
            strategy_end_year=2027,
            strategy_adopted_on=datetime.date(2022, 3, 1),
            strategy_responsible_body="Ministry of Health",
            strategy_url="https://health.example.org/strategy",
            strategy_is_costed=True,
            strategy_aligned_with_global_strategy=True,
            coordination_body_exists=True,
            coordination_body_name="Digital Health Steering Committee",
            coordination_ministries=["health", "ict"],
            digital_health_unit_exists=True,
            data_protection_law_in_force=True,
            data_protection_law_name="Data Protection Act",
            data_protection_law_year=2019,
            interoperability_framework_exists=True,
            standards_adopted=["hl7_fhir", "icd_11"],
        )

    @factory.post_generation
    def phase(self, create, extracted, **kwargs):
        """`phase=3` answers every indicator (sub-indicators too) with that phase."""
        if create and extracted is not None:
            IndicatorAnswer.objects.bulk_create(
                IndicatorAnswer(submission=self, indicator=indicator, phase=extracted)
                for indicator in GdhmIndicator.objects.all()
            )


def approved_profile(*, member_state, year=None, phase=3, **kwargs):
    """A published profile, as if it had gone through the workflow (last year's by default)."""
    return ProfileSubmissionFactory(
        member_state=member_state,
        cycle=ReportingCycleFactory(year=this_year() - 1 if year is None else year),
        complete=True,
        status=ReviewStatus.APPROVED,
        version=3,
        phase=phase,
        **kwargs,
    )


# --- investments -------------------------------------------------------------------------------


class InvestmentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "investments.InvestmentPlan"

    member_state = factory.LazyFunction(lambda: MemberState.objects.get(iso3="KEN"))
    title = factory.Sequence(lambda n: f"National digital health investment plan {n}")
    start_year = 2024
    end_year = 2028
    currency = "KES"
    strategy_url = "https://health.example.org/strategy.pdf"


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "investments.Priority"

    plan = factory.SubFactory(InvestmentPlanFactory)
    rank = factory.Sequence(lambda n: n % 1000 + 1)  # 1–1,000, the model's range
    title = factory.Sequence(lambda n: f"Priority {n}")
    component_id = 1
    implementing_agency = "Ministry of Health"


class PriorityCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "investments.PriorityCost"

    priority = factory.SubFactory(PriorityFactory)
    year = 2024
    amount = "1000.00"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "investments.Commitment"

    plan = factory.SubFactory(InvestmentPlanFactory, status="approved")
    organization = factory.SubFactory(OrganizationFactory)
    kind = "cash"
    currency = "USD"
    year = 2024
    status = "pledged"
    pledged_amount = "1000.00"
    pledged_on = datetime.date(2024, 3, 1)


class OfferFactory(factory.django.DjangoModelFactory):
    """An open offer (rows written directly: `capacity_usd` is the services' to compute)."""

    class Meta:
        model = "investments.Offer"

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Offer {n}")
    description = "Technical assistance for digital health."
    kind = "technical_assistance"
    first_year = 2025
    last_year = 2027
    contact_name = "Contact person"
    contact_email = "offers@partner.example.org"
    status = "open"


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published catalogue resource; pass `languages=[...]`, `interventions=[...]` etc."""

    class Meta:
        model = "resources.Resource"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"resource-{n}")
    kind = "guideline"
    title = factory.Sequence(lambda n: f"Resource {n}")
    summary = "A summary of the resource."
    body = ""
    publisher = factory.SubFactory(OrganizationFactory)
    publication_year = 2023
    link = "https://resources.example.org/item"
    licence = "CC-BY-4.0"
    status = "approved"

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create:
            for code in extracted or ["en"]:
                self.language_entries.create(code=code)

    @factory.post_generation
    def interventions(self, create, extracted, **kwargs):
        if create and extracted:
            self.interventions.set(extracted)

    @factory.post_generation
    def member_states(self, create, extracted, **kwargs):
        if create and extracted:
            self.member_states.set(extracted)

    @factory.post_generation
    def who_regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.who_regions.set(extracted)
