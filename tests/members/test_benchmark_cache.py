import uuid

import pytest
from django.core.cache import cache

from gidh_portal.response_cache import VERSION_KEYS
from members import services
from members.models import MemberState
from members.workflow import ReviewStatus
from tests import factories


@pytest.fixture
def benchmark_cache(settings):
    settings.BENCHMARK_CACHE = True
    # The test's own key prefix in the shared Redis: parallel tests can't bump its data versions.
    default = {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    settings.CACHES = {**settings.CACHES, "default": default}
    yield
    cache.delete_many(VERSION_KEYS)  # not cache.clear(): it would flush Celery's queues


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
