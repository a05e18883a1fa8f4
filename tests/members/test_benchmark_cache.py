import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import services
from members.models import MemberState
from members.workflow import ReviewStatus
from tests import factories


@pytest.fixture
def benchmark_cache(settings, own_cache):
    settings.BENCHMARK_CACHE = True


def test_country_page_reuses_the_benchmarks_until_a_profile_is_approved(
    benchmark_cache, celery_worker, client, secretariat, django_assert_max_num_queries
):
    kenya = MemberState.objects.get(iso3="KEN")
    uganda = MemberState.objects.get(iso3="UGA")
    published = factories.approved_profile(member_state=kenya, phase=2)
    first = client.get("/countries/KEN/")
    assert first.context["overall_benchmarks"]["world"] == pytest.approx(2.0)
    with django_assert_max_num_queries(9) as queries:
        again = client.get("/countries/KEN/")
    assert again.context["overall_benchmarks"] == first.context["overall_benchmarks"]
    assert not any("per_component" in query["sql"] for query in queries.captured_queries)

    submitted = factories.ProfileSubmissionFactory(
        member_state=uganda,
        cycle=published.cycle,
        complete=True,
        phase=4,
        status=ReviewStatus.SUBMITTED,
    )
    services.approve_profile(submission=submitted, by=secretariat)
    after = client.get("/countries/KEN/")
    assert after.context["overall_benchmarks"]["world"] == pytest.approx(3.0)
    assert after.context["overall_benchmarks"]["region"] == pytest.approx(3.0)


def test_country_page_resources_are_cached_until_the_catalogue_changes(
    benchmark_cache, client, secretariat, django_capture_on_commit_callbacks
):
    from resources import services as resource_services

    kenya = MemberState.objects.get(iso3="KEN")
    factories.ResourceFactory(title="Kenya telemedicine guideline", member_states=[kenya])
    proposed = factories.ResourceFactory(
        title="Kenya registry toolkit", status=ReviewStatus.SUBMITTED, member_states=[kenya]
    )
    first = client.get("/countries/KEN/").content.decode()
    assert "Kenya telemedicine guideline" in first and "Kenya registry toolkit" not in first
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/countries/KEN/").content.decode()
    assert "Kenya telemedicine guideline" in again and "Kenya registry toolkit" not in again
    assert not any("resources_resource" in query["sql"] for query in queries.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        resource_services.publish_resource(resource=proposed, by=secretariat)
    assert "Kenya registry toolkit" in client.get("/countries/KEN/").content.decode()
