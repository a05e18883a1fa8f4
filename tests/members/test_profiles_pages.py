import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import MemberState, ProfileSubmission
from members.workflow import ReviewStatus
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CAST = ["anonymous", "partner", "focal_point_france", "focal_point_kenya", "secretariat"]


@pytest.fixture
def profiles(kenya):
    published = factories.approved_profile(member_state=kenya)  # last year's
    draft = factories.ProfileSubmissionFactory(
        member_state=kenya,
        cycle=factories.ReportingCycleFactory(),  # this year's
        status=ReviewStatus.SUBMITTED,
        complete=True,
        phase=2,
    )
    for submission in (published, draft):
        submission.strategy_document.save("strategy.pdf", ContentFile(PDF))
    return {"published": published, "draft": draft}


# Expected status for anonymous, partner, focal point of France, focal point of Kenya,
# secretariat. 302 for anonymous is the login page; a draft is a 404 for whoever may not see it.
MATRIX = [
    ("get", "/my-country/", [302, 403, 200, 200, 403]),
    ("get", "/profiles/{draft}/", [404, 404, 404, 200, 200]),
    ("get", "/profiles/{published}/", [200, 200, 200, 200, 200]),
    ("get", "/profiles/{draft}/edit/strategy/", [302, 404, 404, 302, 403]),
    ("get", "/profiles/{draft}/versions/", [302, 404, 404, 200, 200]),
    ("get", "/profiles/{published}/versions/", [302, 404, 404, 200, 200]),
    ("get", "/profiles/{draft}/strategy.pdf", [404, 404, 404, 200, 200]),
    ("get", "/profiles/{published}/strategy.pdf", [200, 200, 200, 200, 200]),
    ("get", "/profiles/review/", [302, 403, 403, 403, 200]),
    ("get", "/countries/KEN/", [200, 200, 200, 200, 200]),
    ("get", "/admin/members/profilesubmission/{draft}/change/", [302, 302, 302, 302, 200]),
    ("post", "/profiles/{draft}/submit/", [302, 404, 404, 302, 403]),
    ("post", "/profiles/{draft}/evidence/1/verify/", [302, 404, 404, 403, 302]),
    ("post", "/profiles/{draft}/review/", [302, 404, 404, 403, 302]),
    ("post", "/my-country/start/", [302, 403, 302, 302, 403]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "expected"), MATRIX)
@pytest.mark.parametrize("who", range(len(CAST)))
def test_permission_matrix(
    request, client_for, profiles, method, path, expected, who, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(CAST[who])
    url = path.format(**{key: value.pk for key, value in profiles.items()})
    body = {"action": "approve", "comment": "", "verification_status": "verified"}
    with django_capture_on_commit_callbacks():
        response = getattr(client_for(user), method)(url, body if method == "post" else None)
    assert response.status_code == expected[who], (CAST[who], url)
    if expected[who] == 302 and CAST[who] == "anonymous":
        assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["focal_point_kenya", "secretariat"])
def test_review_and_verification_only_change_what_the_secretariat_may(
    request, client_for, profiles, who, django_capture_on_commit_callbacks
):
    draft = profiles["draft"]
    client = client_for(request.getfixturevalue(who))
    with django_capture_on_commit_callbacks():
        client.post(f"/profiles/{draft.pk}/review/", {"action": "approve", "comment": ""})
    client.post(f"/profiles/{draft.pk}/evidence/1/verify/", {"verification_status": "verified"})
    draft.refresh_from_db()
    answer = draft.answers.get(indicator_id="1")
    if who == "secretariat":
        assert draft.status == ReviewStatus.APPROVED and answer.verification_status == "verified"
    else:
        assert draft.status == ReviewStatus.SUBMITTED
        assert answer.verification_status == "self_reported"


@pytest.mark.django_db
def test_documents_are_served_as_attachments_that_cannot_be_sniffed(client, profiles):
    response = client.get(f"/profiles/{profiles['published'].pk}/strategy.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    stored = profiles["published"].strategy_document.name
    assert "strategy" not in stored  # a generated name, not the uploaded one
    assert client.get(f"/profiles/{profiles['published'].pk}/evidence/1.pdf").status_code == 404


@pytest.mark.django_db
@pytest.mark.any_day
def test_focal_point_fills_the_profile_over_several_visits(
    client_for, focal_point_kenya, kenya, django_capture_on_commit_callbacks, today
):
    factories.ReportingCycleFactory(year=today.year - 1)
    factories.ReportingCycleFactory()
    client = client_for(focal_point_kenya)
    dashboard = client.get("/my-country/").content.decode()
    assert f"Start the {today.year} profile" in dashboard
    response = client.post("/my-country/start/")
    submission = ProfileSubmission.objects.get(member_state=kenya)
    assert response["Location"] == f"/profiles/{submission.pk}/edit/strategy/"

    form = client.get(response["Location"]).content.decode()
    assert "0 of 9 sections complete" in form
    saved = client.post(
        f"/profiles/{submission.pk}/edit/strategy/",
        {"version": 1, "strategy_status": "adopted", "strategy_title": "Half done", "save": ""},
    )
    assert saved.status_code == 302
    submission.refresh_from_db()
    assert submission.strategy_title == "Half done" and submission.version == 2

    refused = client.post(f"/profiles/{submission.pk}/submit/")
    assert refused.status_code == 400  # the page again, with its error summary
    html = refused.content.decode()
    assert "cannot be submitted yet" in html
    assert f'href="/profiles/{submission.pk}/edit/strategy/#id_strategy_adopted_on"' in html

    maturity = client.get(f"/profiles/{submission.pk}/edit/maturity-1/").content.decode()
    assert "Phase 1 — No coordinating body exists" in maturity
    assert 'type="radio"' in maturity
    answered = client.post(
        f"/profiles/{submission.pk}/edit/maturity-1/",
        {"version": 2, "1-phase": "3", "1-evidence_note": "Committee minutes", "save_next": ""},
    )
    assert answered["Location"] == f"/profiles/{submission.pk}/edit/maturity-2/"
    assert submission.answers.get(indicator_id="1").phase == 3


@pytest.mark.django_db
def test_a_stale_page_save_keeps_the_input_and_explains(client_for, focal_point_kenya, kenya):
    submission = factories.ProfileSubmissionFactory(member_state=kenya, version=5)
    client = client_for(focal_point_kenya)
    response = client.post(
        f"/profiles/{submission.pk}/edit/strategy/",
        {"version": 4, "strategy_title": "My careful wording"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed by someone else" in html
    assert "My careful wording" in html
    submission.refresh_from_db()
    assert submission.strategy_title == "" and submission.version == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 an executable renamed", "is not a PDF document"),
        (PDF + b"0" * (11 * 1024 * 1024), "is 11.0 MB; the limit is 10 MB"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(
    client_for, focal_point_kenya, kenya, content, message
):
    submission = factories.ProfileSubmissionFactory(member_state=kenya)
    upload = SimpleUploadedFile("strategy.pdf", content, content_type="application/pdf")
    response = client_for(focal_point_kenya).post(
        f"/profiles/{submission.pk}/edit/strategy/",
        {"version": 1, "strategy_title": "Kept", "strategy_document": upload},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Kept" in html
    submission.refresh_from_db()
    assert not submission.strategy_document and submission.version == 1


@pytest.mark.django_db
def test_secretariat_returns_with_a_comment_and_the_focal_point_sees_it(
    client_for, secretariat, focal_point_kenya, kenya, django_capture_on_commit_callbacks
):
    submission = factories.ProfileSubmissionFactory(
        member_state=kenya, status=ReviewStatus.SUBMITTED, complete=True, phase=3
    )
    reviewer = client_for(secretariat)
    queue = reviewer.get("/profiles/review/?region=AFR").content.decode()
    assert "Kenya" in queue
    assert "Kenya" not in reviewer.get("/profiles/review/?region=EUR").content.decode()
    no_comment = reviewer.post(
        f"/profiles/{submission.pk}/review/", {"action": "return", "comment": ""}, follow=True
    )
    assert "comment is required" in no_comment.content.decode()
    with django_capture_on_commit_callbacks():
        reviewer.post(
            f"/profiles/{submission.pk}/review/", {"action": "return", "comment": "Attach the PDF"}
        )
    submission.refresh_from_db()
    assert submission.status == ReviewStatus.RETURNED
    dashboard = client_for(focal_point_kenya).get("/my-country/").content.decode()
    assert "Attach the PDF" in dashboard and "Returned" in dashboard


@pytest.mark.django_db
def test_versions_show_a_field_by_field_diff(client_for, focal_point_kenya, kenya):
    submission = factories.ProfileSubmissionFactory(member_state=kenya, complete=True, phase=3)
    from members import services

    services.submit_profile(submission=submission, by=focal_point_kenya)
    ProfileSubmission.objects.filter(pk=submission.pk).update(
        status=ReviewStatus.DRAFT, version=3, strategy_title="Renamed strategy"
    )
    submission.refresh_from_db()
    submission.answers.filter(indicator_id="5").update(phase=4)
    services.submit_profile(submission=submission, by=focal_point_kenya)
    html = (
        client_for(focal_point_kenya).get(f"/profiles/{submission.pk}/versions/").content.decode()
    )
    assert "Renamed strategy" in html and "National Digital Health Strategy 2022–2027" in html
    assert "Indicator 5: phase" in html
    assert "Data protection" not in html


@pytest.mark.django_db
def test_country_page_shows_the_published_profile(client, kenya):
    factories.approved_profile(member_state=kenya, year=2024, strategy_title="Old strategy")
    factories.approved_profile(member_state=kenya, year=2025, phase=3)
    factories.approved_profile(member_state=MemberState.objects.get(iso3="UGA"), phase=5)
    factories.ProfileSubmissionFactory(member_state=kenya, strategy_title="Secret draft")
    html = client.get("/countries/KEN/").content.decode()
    assert "National Digital Health Strategy 2022–2027" in html
    assert "Old strategy" not in html and "Secret draft" not in html
    assert '<svg role="img"' in html and '<title id="maturity-chart-title">' in html
    assert "<caption>Scores by GDHM component (0–5), with benchmarks</caption>" in html
    assert "Data Protection Act" in html and "HL7 FHIR" in html
    assert "Self-reported" in html
    assert '<td class="number">4.0</td>' in html  # region average of Kenya (3) and Uganda (5)
    no_profile = client.get("/countries/FRA/").content.decode()
    assert "No published profile yet." in no_profile


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 50])
def test_profile_pages_run_a_bounded_number_of_queries(
    client, client_for, secretariat, focal_point_kenya, django_assert_max_num_queries, rows
):
    states = [
        MemberState.objects.get(iso3="KEN"),
        *list(MemberState.objects.exclude(iso3="KEN").order_by("iso3")[: rows - 1]),
    ]
    for state in states:
        factories.approved_profile(member_state=state)
    kenya_profile = ProfileSubmission.objects.get(member_state="KEN")
    with django_assert_max_num_queries(15):  # 3 for year on year, up to 4 for the peers
        assert client.get("/countries/KEN/").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(f"/profiles/{kenya_profile.pk}/").status_code == 200
    ProfileSubmission.objects.update(status=ReviewStatus.SUBMITTED)
    reviewer = client_for(secretariat)
    reviewer.get("/profiles/review/")
    with django_assert_max_num_queries(8):
        assert reviewer.get("/profiles/review/").status_code == 200
    focal = client_for(focal_point_kenya)
    with django_assert_max_num_queries(15):  # 3 of them for year on year
        assert focal.get("/my-country/").status_code == 200


@pytest.mark.django_db
def test_home_page_counts_adopted_strategies_from_approved_data(client):
    for iso3 in ("KEN", "UGA", "FRA"):
        factories.approved_profile(member_state=MemberState.objects.get(iso3=iso3))
    factories.ProfileSubmissionFactory(
        member_state=MemberState.objects.get(iso3="DEU"), complete=True
    )  # a draft does not count
    expired = factories.approved_profile(member_state=MemberState.objects.get(iso3="ITA"))
    ProfileSubmission.objects.filter(pk=expired.pk).update(strategy_status="expired")
    response = client.get("/")
    assert response.context["adopted_strategy_count"] == 3
    assert response.context["adopted_strategy_share"] == 2
    regions = {r.code: r for r in response.context["regions"]}
    assert regions["AFR"].adopted_strategy_count == 2
    assert regions["EUR"].adopted_strategy_count == 1
    assert "3 of 194 member states (2%)" in response.content.decode()


@pytest.mark.django_db
def test_home_page_shows_the_next_approved_profile(client):
    """The body stays the same while its data is unchanged, and an approval shows at once."""
    factories.approved_profile(member_state=MemberState.objects.get(iso3="KEN"))
    first = client.get("/").content.decode()
    assert "1 of 194 member states (1%)" in first
    body = first[first.index("<main") :]  # the page's body, after the forms' CSRF tokens
    assert body == client.get("/").content.decode()[first.index("<main") :]
    factories.approved_profile(member_state=MemberState.objects.get(iso3="UGA"))
    after = client.get("/").content.decode()
    assert "2 of 194 member states (1%)" in after
    french = client.get("/", headers={"accept-language": "fr"}).content.decode()
    assert "2 of 194" not in french and 'lang="fr"' in french


@pytest.mark.django_db
def test_admin_shows_history_and_reviews_through_the_services(
    client_for, secretariat, kenya, django_capture_on_commit_callbacks
):
    submission = factories.ProfileSubmissionFactory(
        member_state=kenya, status=ReviewStatus.SUBMITTED, complete=True, phase=3
    )
    admin = client_for(secretariat)
    assert admin.get("/admin/members/profilesubmission/?status__exact=submitted").status_code == 200
    url = f"/admin/members/profilesubmission/{submission.pk}/change/"
    assert "Approve and publish" in admin.get(url).content.decode()
    management = {
        "answers-TOTAL_FORMS": "0",
        "answers-INITIAL_FORMS": "0",
        "members-reviewevent-content_type-object_id-TOTAL_FORMS": "0",
        "members-reviewevent-content_type-object_id-INITIAL_FORMS": "0",
    }
    refused = admin.post(url, {**management, "_review_action": "return", "review_comment": ""})
    assert refused.status_code == 200 and "comment is required" in refused.content.decode()
    with django_capture_on_commit_callbacks():
        done = admin.post(
            url, {**management, "_review_action": "return", "review_comment": "Add evidence"}
        )
    assert done.status_code == 302
    submission.refresh_from_db()
    assert submission.status == ReviewStatus.RETURNED
    event = submission.review_events.get(action="return")
    assert event.by == secretariat and event.comment == "Add evidence"
    assert "Add evidence" in admin.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.any_day
def test_starting_a_profile_only_for_ones_own_country(
    client_for, focal_point_france, profiles, today
):
    response = client_for(focal_point_france).post("/my-country/start/")
    france_draft = ProfileSubmission.objects.get(member_state="FRA")
    assert response["Location"] == f"/profiles/{france_draft.pk}/edit/strategy/"
    assert france_draft.cycle.year == today.year
    assert ProfileSubmission.objects.filter(member_state="KEN").count() == 2


@pytest.mark.django_db
def test_secretariat_verifies_evidence_in_the_admin(client_for, secretariat, profiles):
    published = profiles["published"]
    answer = published.answers.get(indicator_id="1")
    admin = client_for(secretariat)
    url = f"/admin/members/profilesubmission/{published.pk}/change/"
    page = admin.get(url)
    formset = page.context["inline_admin_formsets"][0].formset
    data = {
        "answers-TOTAL_FORMS": str(formset.total_form_count()),
        "answers-INITIAL_FORMS": str(formset.initial_form_count()),
        "members-reviewevent-content_type-object_id-TOTAL_FORMS": "0",
        "members-reviewevent-content_type-object_id-INITIAL_FORMS": "0",
        "_continue": "1",
    }
    for index, form in enumerate(formset.forms):
        data[f"answers-{index}-id"] = str(form.instance.pk)
        data[f"answers-{index}-submission"] = str(published.pk)
        data[f"answers-{index}-verification_status"] = (
            "disputed" if form.instance.pk == answer.pk else form.instance.verification_status
        )
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    answer.refresh_from_db()
    assert answer.verification_status == "disputed"
    published.refresh_from_db()
    assert published.status == ReviewStatus.APPROVED


@pytest.mark.django_db
def test_country_page_profile_section_shows_every_change_of_what_it_shows(client, kenya):
    """Any write, even one bypassing the services, to a row the section shows shows at the
    next request."""
    from members.models import GdhmComponent, GdhmIndicator, IndicatorAnswer, ReportingCycle

    profile = factories.approved_profile(member_state=kenya)
    answer = profile.answers.order_by("indicator__sort_order").first()

    def page():
        return client.get("/countries/KEN/").content.decode()

    assert "Phase 3" in page() and "Phase 2" not in page()
    IndicatorAnswer.objects.filter(pk=answer.pk).update(evidence_note="Newly cited law")
    assert "Newly cited law" in page()
    IndicatorAnswer.objects.filter(pk=answer.pk).update(phase=2)
    assert "Phase 2" in page()
    GdhmIndicator.objects.filter(pk=answer.indicator_id).update(name="Renamed indicator")
    assert "Renamed indicator" in page()
    GdhmComponent.objects.filter(pk=1).update(name_en="Renamed component")
    assert "Renamed component" in page()
    ProfileSubmission.objects.filter(pk=profile.pk).update(strategy_title="Renamed strategy")
    assert "Renamed strategy" in page()
    ReportingCycle.objects.filter(pk=profile.cycle_id).update(year=2031)
    assert "the 2031 reporting cycle" in page()
    MemberState.objects.filter(pk="KEN").update(name_en="Kenya (renamed)")
    assert "Maturity by GDHM component: Kenya (renamed)" in page()

    def section(html):
        return html[html.index('id="profile-title"') : html.index('id="investments-title"')]

    english = section(page())
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    french = section(page())
    assert french != english and "Renamed strategy" in french
