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
