import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from members.models import MemberState
from members.workflow import ReviewStatus
from resources.country_section import (
    COUNTRY_LIMIT,
    country_resources_section,
)
from resources.models import DigitalHealthIntervention, Resource

from ..factories import OrganizationFactory, ResourceFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def proposal_data(**extra):
    return {
        "kind": "toolkit",
        "title": "Immunization registry toolkit",
        "summary": "How to plan an electronic immunization registry.",
        "body": "## Steps",
        "description_language": "en",
        "publisher": OrganizationFactory().pk,
        "publication_year": 2024,
        "link": "https://example.org/toolkit",
        "licence": "CC-BY-4.0",
        "languages": ["en", "fr"],
        "interventions": [
            DigitalHealthIntervention.objects.filter(version="v2", level="intervention")[0].pk
        ],
        **extra,
    }


@pytest.fixture
def published(db):
    return ResourceFactory(slug="guide", title="Immunization registry guide")


@pytest.fixture
def proposed(partner):
    return ResourceFactory(
        slug="idea", title="Proposed idea", status="submitted", proposed_by=partner
    )


CAST = ["anonymous", "partner", "focal_point_kenya", "focal_point_france", "secretariat"]


@pytest.mark.parametrize(
    ("who", "page", "expected"),
    [
        *[(who, "list", 200) for who in CAST],
        *[(who, "published", 200) for who in CAST],
        ("anonymous", "proposed", 404),
        ("partner", "proposed", 200),  # its proposer
        ("focal_point_kenya", "proposed", 404),
        ("secretariat", "proposed", 200),
        ("anonymous", "propose", 302),
        ("partner", "propose", 200),
        ("focal_point_kenya", "propose", 200),
        ("focal_point_france", "propose", 200),
        ("secretariat", "propose", 200),
        ("anonymous", "queue", 302),
        ("partner", "queue", 403),
        ("focal_point_kenya", "queue", 403),
        ("secretariat", "queue", 200),
    ],
)
def test_page_permissions(request, client_for, published, proposed, who, page, expected):
    url = {
        "list": reverse("resources:resource-list"),
        "published": published.get_absolute_url(),
        "proposed": proposed.get_absolute_url(),
        "propose": reverse("resources:resource-propose"),
        "queue": reverse("resources:curation-queue"),
    }[page]
    assert client_for(request.getfixturevalue(who)).get(url).status_code == expected


@pytest.mark.parametrize("who", ["anonymous", "partner", "focal_point_kenya"])
def test_review_is_refused_to_all_but_the_secretariat(request, client_for, proposed, who):
    response = client_for(request.getfixturevalue(who)).post(
        reverse("resources:resource-review", args=[proposed.slug]), {"action": "publish"}
    )
    assert response.status_code in (302, 403, 404)
    proposed.refresh_from_db()
    assert proposed.status == ReviewStatus.SUBMITTED


def test_catalogue_filters_and_facets_in_the_url(client, published):
    ResourceFactory(title="Immunization course", kind="training_course", languages=["fr"])
    response = client.get(
        reverse("resources:resource-list"), {"q": "immunization", "kind": "guideline"}
    )
    assert response.status_code == 200
    assert [r["slug"] for r in response.context["page"]] == ["guide"]
    assert (
        "<mark>" in response.content.decode()
        or "Immunization registry guide" in response.content.decode()
    )
    kinds = next(p for p in response.context["facets"] if p["name"] == "kind")["values"]
    assert kinds[0]["selected"] and kinds[0]["count"] == 1


def test_catalogue_partial_for_the_script(client, published):
    response = client.get(reverse("resources:resource-list"), HTTP_X_CATALOGUE_PARTIAL="1")
    assert b"<html" not in response.content
    assert b"Immunization registry guide" in response.content


@pytest.mark.parametrize("rows", [1, 50])
def test_catalogue_query_count_is_bounded(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        ResourceFactory(title="Registry handbook", languages=["en", "fr"])
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("resources:resource-list"),
            {"q": "registry", "kind": "guideline", "language": "en"},
        )
    assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_and_country_query_counts(client, django_assert_max_num_queries, kenya, rows):
    resources = [ResourceFactory(member_states=[kenya]) for _ in range(rows)]
    with django_assert_max_num_queries(14):
        assert client.get(resources[0].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(7):  # with year on year (1 without a profile)
        response = client.get(kenya.get_absolute_url())
    # The country page lists the newest ten, by publication year then title.
    first = min(resources, key=lambda resource: (-resource.publication_year, resource.title))
    assert first.title.encode() in response.content


def test_detail_shows_json_ld_escaped_and_markdown_inert(client):
    resource = ResourceFactory(
        title="</script><script>alert(1)</script>",
        body=(
            "Hello <script>alert(1)</script> [x](javascript:alert(1)) "
            '<img src=x onerror="alert(1)"> <a href="#" onclick="alert(1)">y</a> **bold**'
        ),
    )
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "<strong>bold</strong>" in html
    assert '<script type="application/ld+json">' in html
    assert "\\u003C/script\\u003E" in html


@pytest.mark.parametrize("body", ["", "   \n\n  ", "<script>alert(1)</script>"])
def test_detail_has_no_description_heading_without_a_description(client, body):
    resource = ResourceFactory(body=body)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert resource.summary in html
    assert 'id="description-title"' not in html


def test_detail_description_headings_sit_below_its_heading(client):
    resource = ResourceFactory(body="# Overview\n\n## Scope\n\nText.\n\n### Steps\n\nMore.")
    html = client.get(resource.get_absolute_url()).content.decode()
    description = html.split('id="description-title"', 1)[1].split("</section>", 1)[0]
    assert "<h3>Overview</h3>" in description
    assert "<h3>Scope</h3>" in description
    assert "<h4>Steps</h4>" in description
    assert "<h2" not in description


def test_the_json_ld_follows_every_change_of_what_it_shows_and_the_host(client, settings):
    """Rendered once per content: a change of the resource or of a related row (even without
    the services) and another host each give their own JSON-LD."""
    settings.ALLOWED_HOSTS = ["testserver", "other.example.org"]
    topic = DigitalHealthIntervention.objects.filter(level="intervention").first()
    resource = ResourceFactory(interventions=[topic])

    def json_ld(host="testserver"):
        html = client.get(resource.get_absolute_url(), HTTP_HOST=host).content.decode()
        return html.split('<script type="application/ld+json">')[1].split("</script>")[0]

    assert f'"name":"{resource.title}"' in json_ld()
    Resource.objects.filter(pk=resource.pk).update(title="A new title")
    assert '"name":"A new title"' in json_ld()
    DigitalHealthIntervention.objects.filter(pk=topic.pk).update(label="A renamed topic")
    assert '"keywords":["A renamed topic"]' in json_ld()
    assert f'"url":"http://other.example.org/resources/{resource.slug}/"' in json_ld(
        "other.example.org"
    )
    assert '"url":"http://testserver/' in json_ld()


def test_partner_proposes_and_secretariat_publishes(client_for, partner, secretariat):
    response = client_for(partner).post(reverse("resources:resource-propose"), proposal_data())
    assert response.status_code == 302
    resource = Resource.objects.get(title="Immunization registry toolkit")
    assert resource.status == ReviewStatus.SUBMITTED and resource.proposed_by == partner
    assert resource.language_codes == ["en", "fr"]
    assert (
        client_for(secretariat).get(reverse("resources:curation-queue")).context["proposals"][0]
        == resource
    )
    client_for(secretariat).post(
        reverse("resources:resource-review", args=[resource.slug]), {"action": "publish"}
    )
    resource.refresh_from_db()
    assert resource.status == ReviewStatus.APPROVED
    assert [e.action for e in resource.review_events.all()] == ["submit", "approve"]


def test_return_needs_a_comment(client_for, secretariat, proposed):
    url = reverse("resources:resource-review", args=[proposed.slug])
    client_for(secretariat).post(url, {"action": "return", "comment": ""})
    proposed.refresh_from_db()
    assert proposed.status == ReviewStatus.SUBMITTED
    client_for(secretariat).post(url, {"action": "return", "comment": "Add the licence."})
    proposed.refresh_from_db()
    assert proposed.status == ReviewStatus.RETURNED


def test_pdf_upload_is_stored_under_a_random_name_and_served_as_attachment(client_for, partner):
    upload = SimpleUploadedFile("../../etc/passwd.pdf", PDF, content_type="application/pdf")
    client_for(partner).post(
        reverse("resources:resource-propose"), proposal_data(link="", file=upload)
    )
    resource = Resource.objects.get()
    assert "passwd" not in resource.file.name and resource.file.name.endswith(".pdf")
    response = client_for(partner).get(reverse("resources:resource-download", args=[resource.slug]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    # Not published yet: invisible to anyone else.
    assert (
        client_for(None)
        .get(reverse("resources:resource-download", args=[resource.slug]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "not a PDF"),
        ("image.pdf", b"\x89PNG\r\n\x1a\n0000", "not a PDF"),
        ("huge.pdf", PDF + b"0" * (20 * 1024 * 1024), "the limit is 20 MB"),
    ],
)
def test_bad_uploads_are_refused(client_for, partner, settings, name, content, message):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client_for(partner).post(
        reverse("resources:resource-propose"), proposal_data(link="", file=upload)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Resource.objects.exists()


def test_proposal_needs_a_link_or_a_file(client_for, partner):
    response = client_for(partner).post(
        reverse("resources:resource-propose"), proposal_data(link="")
    )
    assert response.status_code == 400
    assert "Give a link to the resource or upload it" in response.content.decode()


def test_proposer_changes_a_returned_proposal_and_sends_it_back(
    client_for, partner, secretariat, focal_point_kenya
):
    client_for(partner).post(reverse("resources:resource-propose"), proposal_data())
    resource = Resource.objects.get()
    client_for(secretariat).post(
        reverse("resources:resource-review", args=[resource.slug]),
        {"action": "return", "comment": "Add the French version."},
    )
    resource.refresh_from_db()
    edit = reverse("resources:resource-revise", args=[resource.slug])
    assert client_for(focal_point_kenya).get(edit).status_code == 404
    assert client_for(secretariat).get(edit).status_code == 403
    data = proposal_data(title="Immunization registry toolkit (FR)", languages=["fr"])
    stale = client_for(partner).post(edit, {**data, "version": resource.version - 1})
    assert stale.status_code == 400 and "changed by someone else" in stale.content.decode()
    response = client_for(partner).post(edit, {**data, "version": resource.version})
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.status == ReviewStatus.SUBMITTED
    assert resource.title == "Immunization registry toolkit (FR)"
    assert resource.language_codes == ["fr"]
    assert [e.action for e in resource.review_events.all()] == [
        "submit", "return", "reopen", "submit"
    ]  # fmt: skip


def test_whole_catalogue_facets_are_counted_once_per_change(client):
    """Without search or filter the counts are the catalogue's: other parameters (campaign
    tags, the page number) share them, and any change to the catalogue shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ResourceFactory(kind="standard")
    client.get("/resources/", {"from": "newsletter"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/resources/", {"from": "home", "sort": "title"})
    assert not any(query["sql"].startswith("WITH m ") for query in queries.captured_queries)
    assert 'Standard <span class="facet-count">(1)</span>' in response.content.decode()

    ResourceFactory(kind="toolkit")
    response = client.get("/resources/", {"from": "home"})
    assert 'Toolkit <span class="facet-count">(1)</span>' in response.content.decode()
    filtered = client.get("/resources/", {"kind": "toolkit", "from": "home"})
    assert "Standard <span" not in filtered.content.decode()


def _related_by_joins(resource, limit=5):
    """The reference ordering: shared CDHI topics counted through the links (the portable
    query), then newest, then title."""
    from django.db.models import Count

    return list(
        Resource.objects.published()
        .exclude(pk=resource.pk)
        .filter(interventions__in=resource.interventions.values("pk"))
        .annotate(shared_topics=Count("interventions"))
        .order_by("-shared_topics", "-publication_year", "title", "pk")[:limit]
    )


@pytest.mark.parametrize("sharing_all", [0, 2, 7])
def test_related_resources_share_the_most_topics_first(sharing_all):
    """Those sharing every topic come first (the containment part), then those sharing some,
    most shared first, whether or not the first part fills the five places."""
    topics = list(DigitalHealthIntervention.objects.filter(level="intervention")[:3])
    resource = ResourceFactory(interventions=topics)
    for n in range(sharing_all):
        ResourceFactory(interventions=topics, publication_year=2015 + n % 3)
    ResourceFactory(interventions=topics, status="submitted")  # never shown
    for n in range(4):
        ResourceFactory(interventions=topics[:2], publication_year=2010 + n, title=f"Two {n}")
        ResourceFactory(interventions=topics[2:], publication_year=None, title=f"One {n}")
    ResourceFactory(interventions=[DigitalHealthIntervention.objects.last()])  # unrelated
    related = list(Resource.objects.related_to(resource, [topic.pk for topic in topics]))
    expected = _related_by_joins(resource)
    assert [r.pk for r in related] == [r.pk for r in expected]
    assert [r.shared_topics for r in related] == [r.shared_topics for r in expected]
    assert len(related) == 5 and resource.pk not in [r.pk for r in related]


def test_related_resources_are_whole_rows_with_their_publishers(django_assert_num_queries):
    topics = list(DigitalHealthIntervention.objects.filter(level="intervention")[:2])
    resource = ResourceFactory(interventions=topics)
    for n in range(3):
        ResourceFactory(interventions=topics[n % 2 :], publication_year=2020 + n)
    with django_assert_num_queries(2):  # the candidates' ids, then the rows
        related = list(Resource.objects.related_to(resource, [topic.pk for topic in topics]))
        shown = [(other.title, other.summary, other.publisher.name) for other in related]
    expected = Resource.objects.select_related("publisher").in_bulk([r.pk for r in related])
    expected = [expected[other.pk] for other in related]
    assert shown == [(e.title, e.summary, e.publisher.name) for e in expected]
    assert len(related) == 3


def test_a_resource_page_with_topics_answers_with_debug_on(client, settings):
    """Issue #17: with DEBUG on (queries logged, connections closed after each request) a page
    with CDHI topics answered 500 (`bigint[] @> integer[]`) when statements were not prepared."""
    settings.DEBUG = True
    topics = list(DigitalHealthIntervention.objects.filter(level="intervention")[:2])
    resource = ResourceFactory(interventions=topics)
    other = ResourceFactory(interventions=topics[:1], title="Another registry guide")
    response = client.get(resource.get_absolute_url())
    assert response.status_code == 200
    assert [r["slug"] for r in response.context["related"]] == [other.slug]
    for path in ("/resources/?q=registry", "/api/v1/resources/?search=registry&facets=true",
                 f"/api/v1/resources/{resource.slug}/"):  # fmt: skip
        assert client.get(path).status_code == 200, path


def test_a_resource_without_topics_has_no_related_resources():
    ResourceFactory(interventions=list(DigitalHealthIntervention.objects.all()[:1]))
    resource = ResourceFactory()
    assert list(Resource.objects.related_to(resource, [])) == []


def test_relation_lists_are_the_relations_in_their_managers_order(django_assert_num_queries):
    """`with_relation_lists()` (the API item's arrays, selected with the row) gives the same
    values in the same order as the relations' managers."""
    from members.models import GdhmComponent, MemberState, WhoRegion
    from resources.models import HealthSystemChallenge

    v2 = list(DigitalHealthIntervention.objects.filter(version="v2", level="intervention"))
    resource = ResourceFactory(
        languages=["fr", "en", "ar"],
        interventions=[v2[5], v2[0], v2[3]],
        member_states=list(MemberState.objects.filter(iso3__in=["KEN", "FRA", "BRA"])),
        who_regions=list(WhoRegion.objects.all()[:3]),
    )
    resource.gdhm_components.set(GdhmComponent.objects.all()[:3])
    resource.challenges.set(HealthSystemChallenge.objects.all()[:3])
    ResourceFactory(languages=["es"], interventions=[v2[1]])  # another row's relations
    with django_assert_num_queries(1):
        row = Resource.objects.with_relation_lists().values(
            "language_list", "topic_list", "component_list", "challenge_list",
            "member_state_list", "region_list",
        ).get(pk=resource.pk)  # fmt: skip
    assert row["language_list"] == resource.language_codes == ["fr", "en", "ar"]
    assert row["topic_list"] == [
        {"id": t.pk, "version": t.version, "code": t.code, "label": t.label}
        for t in resource.interventions.all()
    ]
    assert row["component_list"] == [c.pk for c in resource.gdhm_components.order_by("pk")]
    assert row["challenge_list"] == [
        {"id": c.pk, "group": c.group, "label": c.label} for c in resource.challenges.all()
    ]
    assert row["member_state_list"] == [s.pk for s in resource.member_states.order_by("name_en")]
    assert row["region_list"] == [r.pk for r in resource.who_regions.order_by("pk")]
    empty = ResourceFactory(languages=[])
    assert Resource.objects.with_relation_lists().values("topic_list").get(pk=empty.pk) == {
        "topic_list": []
    }


@pytest.mark.parametrize("language", ["en", "fr", "ar", "zh-hans"])
def test_shown_relations_are_the_relations_as_the_models_show_them(
    django_assert_num_queries, language
):
    """`with_shown_relations()` (the resource page's arrays, selected with the row) and
    `shown_relations` give what the relations' managers and models give, in the same order
    and language."""
    from members.models import GdhmComponent, WhoRegion
    from resources.detail import shown_relations
    from resources.models import HealthSystemChallenge

    v2 = list(DigitalHealthIntervention.objects.filter(version="v2", level="intervention"))
    v1 = DigitalHealthIntervention.objects.filter(version="v1").first()
    resource = ResourceFactory(
        languages=["fr", "en", "ar"],
        interventions=[v2[5], v1, v2[0], v2[3]],
        member_states=list(MemberState.objects.filter(iso3__in=["KEN", "FRA", "BRA"])),
        who_regions=list(WhoRegion.objects.all()[:3]),
    )
    resource.gdhm_components.set(GdhmComponent.objects.all()[:3])
    resource.challenges.set(HealthSystemChallenge.objects.all()[:3])
    ResourceFactory(languages=["es"], interventions=[v2[1]])  # another row's relations
    with translation.override(language):
        with django_assert_num_queries(1):
            read = Resource.objects.with_shown_relations().get(pk=resource.pk)
            shown = shown_relations(read)
            assert read.publisher.name == resource.publisher.name
        assert read.language_list == resource.language_codes
        assert shown["language_names"] == resource.language_names
        assert [(t["id"], t["code"], t["label"], t["version_label"], t["url"]) for t in
                shown["topics"]] == [
            (t.pk, t.code, t.label, t.get_version_display(),
             f"{reverse('resources:resource-list')}?topic={t.pk}")
            for t in resource.interventions.all()
        ]  # fmt: skip
        assert shown["components"] == [str(c) for c in resource.gdhm_components.all()]
        assert shown["challenges"] == [c.label for c in resource.challenges.all()]
        assert [(s["iso3"], s["name_en"], s["name"], s["url"]) for s in shown["member_states"]] == [
            (s.iso3, s.name_en, s.name, s.get_absolute_url()) for s in resource.member_states.all()
        ]
        assert shown["regions"] == [r.name for r in resource.who_regions.all()]
    bare = ResourceFactory()
    assert shown_relations(Resource.objects.with_shown_relations().get(pk=bare.pk)) == {
        "language_names": bare.language_names, "topics": [], "components": [], "challenges": [],
        "member_states": [], "regions": [],
    }  # fmt: skip


def test_invalid_filters_show_no_results_and_no_facets(client):
    ResourceFactory()
    response = client.get(reverse("resources:resource-list"), {"kind": "bogus", "topic": ""})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert b"errorlist" in response.content


@pytest.mark.parametrize("count", [0, 3, 12])
def test_country_page_resources_section_is_the_model_rendering(count):
    """The section built from plain rows (one query, the total counted with them) shows what
    the resource instances and a separate count showed."""
    kenya = MemberState.objects.get(iso3="KEN")
    for n in range(count):
        ResourceFactory(
            title=f"Kenya <resource> {n}",
            kind=["guideline", "toolkit", "standard"][n % 3],
            publication_year=None if n == 1 else 2010 + n % 4,
            publisher=OrganizationFactory(acronym="" if n % 2 else f"K{n}"),
            member_states=[kenya],
        )
    ResourceFactory(title="Unpublished", status=ReviewStatus.SUBMITTED, member_states=[kenya])
    applied = Resource.objects.published().applied_in(kenya)
    expected = list(applied.order_by("-publication_year", "title")[:COUNTRY_LIMIT])
    with translation.override("fr"):
        section = country_resources_section(kenya)
        items = [
            f'<a href="{r.get_absolute_url()}">{escape(r.title)}</a> <small>('
            f"{r.get_kind_display()}, {escape(r.publisher.acronym or r.publisher.name)}"
            + (f", {r.publication_year}" if r.publication_year else "")
            + ")</small>"
            for r in expected
        ]
        html = render_to_string("resources/includes/country_resources.html", section)
    assert section["total"] == applied.count() == count
    assert section["more"] == (count > COUNTRY_LIMIT)
    assert [item for item in items if item in html] == items
    assert html.count("<li>") == len(items)
    assert ('href="/resources/?country=KEN">Les 12 ' in html) == (count > COUNTRY_LIMIT)


def _toggle_query_by_copies(params, name, value):
    """The reference link of a facet value: a copy of the parameters with the value toggled."""
    toggled = params.copy()
    toggled.pop("page", None)
    chosen = [v for v in toggled.getlist(name) if v != value]
    if value not in params.getlist(name):
        chosen = [*chosen, value] if name != "quality_assured" else [value]
    toggled.setlist(name, chosen)
    return toggled.urlencode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=health+data&page=3",
        "language=fr&q=sant%C3%A9&language=en&page=2&sort=title",
        "kind=guideline&quality_assured=true&q=a%2Fb+%26+c",
        "q=&kind=&region=EMR",
    ],
)
def test_facet_links_and_page_links_keep_the_other_parameters(query):
    """Each facet value's link toggles that value and keeps the other parameters in their
    order (no page); the pages' links carry every parameter but the page, as the `urlencode`
    filter writes them."""
    from django.http import QueryDict
    from django.template.defaultfilters import urlencode

    from resources.catalogue import facet_panels, page_query

    params = QueryDict(query)
    facets = {
        "kind": [{"value": "guideline", "label": "Guideline", "count": 3},
                 {"value": "report", "label": "Report", "count": 1}],
        "language": [{"value": "fr", "label": "French", "count": 2},
                     {"value": "ar", "label": "Arabic", "count": 1}],
        "region": [{"value": "EMR", "label": "Eastern Mediterranean", "count": 2}],
        "quality_assured": [{"value": True, "label": "WHO quality-assured", "count": 1},
                            {"value": False, "label": "Not assessed", "count": 4}],
    }  # fmt: skip
    panels = facet_panels(facets, params)
    for panel in panels:
        for entry in panel["values"]:
            expected = _toggle_query_by_copies(params, panel["name"], entry["url_value"])
            assert entry["toggle_query"] == expected
            assert entry["selected"] == (entry["url_value"] in params.getlist(panel["name"]))
    assert page_query(params) == "".join(
        f"{urlencode(key)}={urlencode(value)}&"  # as the template wrote them
        for key, values in params.lists()
        if key != "page"
        for value in values
    )
