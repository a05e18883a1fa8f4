import pytest
from django.utils import translation

from members.models import GdhmComponent, MemberState, WhoRegion


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "korea", "turkiye", "congo"),
    [
        ("en", "Republic of Korea", "Türkiye", "Democratic Republic of the Congo"),
        ("fr", "République de Corée", "Türkiye", "République démocratique du Congo"),
        ("es", "República de Corea", "Türkiye", "República Democrática del Congo"),
        ("ar", "جمهورية كوريا", "تركيا", "جمهورية الكونغو الديمقراطية"),
        ("zh-hans", "大韩民国", "土耳其", "刚果民主共和国"),
        ("ru", "Республика Корея", "Турция", "Демократическая Республика Конго"),
    ],
)
def test_member_state_names_use_the_official_name_in_each_language(language, korea, turkiye, congo):
    states = MemberState.objects.in_bulk(["KOR", "TUR", "COD"])
    with translation.override(language):
        assert [states["KOR"].name, states["TUR"].name, states["COD"].name] == [
            korea,
            turkiye,
            congo,
        ]


@pytest.mark.django_db
def test_every_member_state_and_region_has_a_name_in_every_language(settings):
    states, regions = list(MemberState.objects.all()), list(WhoRegion.objects.all())
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names = [state.name for state in states]
            assert all(names) and len(set(names)) == 194, language
            assert len({region.name for region in regions}) == 6, language
    with translation.override("ar"):
        assert WhoRegion.objects.get(code="EMR").name == "إقليم شرق المتوسط"
    with translation.override("zh-hans"):
        assert WhoRegion.objects.get(code="WPR").name == "西太平洋区域"


@pytest.mark.django_db
def test_every_gdhm_component_has_its_own_name_in_every_language(settings):
    """The profile form's sections, the maturity chart and the funding figures name the seven
    components in the page's language, never in English on an Arabic page."""
    components = list(GdhmComponent.objects.order_by("number"))
    english = [component.name_en for component in components]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names = [component.name for component in components]
        assert len(set(names)) == 7, language
        if language != "en":
            assert not set(names) & set(english) - {"Infrastructure"}, language
    with translation.override("ar"):
        assert GdhmComponent.objects.get(number=5).name == "المعايير والتشغيل البيني"


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_english():
    with translation.override("de"):
        assert MemberState.objects.get(iso3="DEU").name == "Germany"


@pytest.mark.django_db
def test_country_search_matches_names_in_any_language_and_list_sorts_in_the_active_one(client):
    assert [c["iso3"] for c in client.get("/countries/?q=كينيا").context["countries"]] == ["KEN"]
    assert [c["iso3"] for c in client.get("/countries/?q=Германия").context["countries"]] == ["DEU"]
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    names = [c["name"] for c in client.get("/countries/?region=EUR").context["countries"]]
    assert names[:3] == ["Albania", "Alemania", "Andorra"]
    assert names.index("Eslovaquia") < names.index("España") < names.index("Estonia")
