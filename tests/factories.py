import datetime

import factory
from django.contrib.auth.models import Group

from members.models import SECRETARIAT_GROUP, MemberState, Organization, User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


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
    rank = factory.Sequence(lambda n: n + 1)
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
