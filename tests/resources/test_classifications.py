import pytest

from resources.models import DigitalHealthIntervention, HealthSystemChallenge


@pytest.mark.django_db
def test_cdhi_v1_and_v2_are_loaded_with_their_hierarchy():
    assert DigitalHealthIntervention.objects.count() == 257
    assert DigitalHealthIntervention.objects.filter(version="v2").count() == 138
    entry = DigitalHealthIntervention.objects.get(version="v2", code="1.1.1")
    assert entry.level == "intervention"
    assert entry.parent.code == "1.1" and entry.parent.parent.code == "1"
    assert entry.parent.parent.parent is None


@pytest.mark.django_db
def test_health_system_challenges_are_loaded_once_each():
    assert HealthSystemChallenge.objects.count() == 53
    assert HealthSystemChallenge.objects.filter(group="Availability").exists()
