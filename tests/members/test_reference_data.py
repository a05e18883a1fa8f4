import pytest

from members.models import MemberState, WhoRegion


@pytest.mark.django_db
def test_migration_loads_the_194_member_states_and_six_regions():
    assert MemberState.objects.count() == 194
    assert WhoRegion.objects.count() == 6
    assert MemberState.objects.filter(who_region="AFR").count() == 47


@pytest.mark.django_db
def test_member_state_codes_keep_text_values():
    namibia = MemberState.objects.get(iso3="NAM")
    assert namibia.iso2 == "NA"
    assert MemberState.objects.get(iso3="AFG").m49 == "004"


@pytest.mark.django_db
def test_indonesia_is_in_the_western_pacific_region():
    assert MemberState.objects.get(iso3="IDN").who_region_id == "WPR"


@pytest.mark.django_db
def test_member_state_name_follows_the_active_language():
    from django.utils import translation

    cote = MemberState.objects.get(iso3="CIV")
    germany = MemberState.objects.get(iso3="DEU")
    with translation.override("fr"):
        assert germany.name == "Allemagne"
    with translation.override("en"):
        assert germany.name == "Germany"
        assert cote.name == cote.name_en


@pytest.mark.django_db
def test_gdhm_indicator_set_has_seven_components_and_31_indicators():
    from members.models import GdhmComponent, GdhmIndicator

    assert GdhmComponent.objects.count() == 7
    assert GdhmIndicator.objects.count() == 31
    assert GdhmIndicator.objects.filter(parent__isnull=True).count() == 23
    sub = GdhmIndicator.objects.get(code="21b")
    assert sub.parent_id == "21" and sub.component_id == 7
    assert len(sub.phase_descriptions) == 5 and all(sub.phase_descriptions)
