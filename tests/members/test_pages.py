import re

import pytest
from django.core import mail

from members.models import MemberState, WhoRegion
from tests import factories


@pytest.mark.django_db
def test_home_page_shows_key_figures(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "194" in html
    assert 'href="#main"' in html and '<main id="main"' in html


@pytest.mark.django_db
def test_country_list_filters_by_region_and_search(client):
    response = client.get("/countries/?region=AFR")
    assert len(response.context["countries"]) == 47
    response = client.get("/countries/?q=ken")
    assert [c["iso3"] for c in response.context["countries"]] == ["KEN"]
    response = client.get("/countries/?q=FRA")
    assert [c["iso3"] for c in response.context["countries"]] == ["FRA"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?region=EUR&q=fr", "?region=MARS", "?q=" + "x" * 101])
def test_country_list_filter_fields_are_the_forms_own(client, query):
    for language in ("en", "fr", "en"):
        response = client.get(f"/countries/{query}", headers={"accept-language": language})
        form = response.context["form"]
        html = response.content.decode()
        assert str(form["q"]) in html and str(form["region"]) in html
        assert ('aria-invalid="true"' in html) == bool(form.errors)


@pytest.mark.django_db
def test_country_list_ignores_an_unknown_region_with_a_message(client):
    response = client.get("/countries/?region=MARS")
    assert response.status_code == 200
    assert "not valid" in response.content.decode()


@pytest.mark.django_db
def test_country_page(client):
    response = client.get("/countries/KEN/")
    assert response.status_code == 200
    assert "<h1>Kenya</h1>" in response.content.decode()
    assert client.get("/countries/ken/").status_code == 301
    assert client.get("/countries/XYZ/").status_code == 404


@pytest.mark.django_db
def test_country_page_head_follows_every_change_of_what_it_shows(client):
    """A change of the member state or its region (even without the services) shows at the
    next request."""
    assert client.get("/countries/KEN/").status_code == 200
    MemberState.objects.filter(iso3="KEN").update(m49="999", income_group="H")
    WhoRegion.objects.filter(code="AFR").update(name_en="A new region")
    html = client.get("/countries/KEN/").content.decode()
    assert "KEN · KE · 999" in html and "High income" in html
    assert '<li><a href="/countries/?region=AFR">A new region</a></li>' in html


@pytest.mark.django_db
def test_pages_in_french(client):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    html = client.get("/countries/DEU/").content.decode()
    assert "Allemagne" in html
    assert 'lang="fr"' in html
    assert "Région européenne" in html
    assert "États membres" in client.get("/countries/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("organizations", [1, 40])
def test_pages_run_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, organizations
):
    factories.OrganizationFactory.create_batch(organizations)
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/countries/").status_code == 200
    # The country page gathers the profile, year on year, investments and catalogue sections.
    with django_assert_max_num_queries(9):
        assert client.get("/countries/KEN/").status_code == 200


@pytest.mark.django_db
def test_login_with_email_and_logout(client, focal_point_kenya):
    response = client.post(
        "/accounts/login/",
        {"username": "focal.ken@example.org", "password": factories.DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    account = client.get("/account/")
    assert "Focal point of Kenya" in account.content.decode()
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/account/").status_code == 302


@pytest.mark.django_db
def test_login_page_explains_a_wrong_password(client, focal_point_kenya):
    response = client.post(
        "/accounts/login/", {"username": "focal.ken@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "correct email address and password" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_by_email(client, partner):
    response = client.post("/accounts/password_reset/", {"email": partner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [partner.email]
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert done.status_code == 302
    partner.refresh_from_db()
    assert partner.check_password("a-new-long-passphrase")


@pytest.mark.django_db
def test_admin_is_for_the_secretariat(client_for, secretariat, focal_point_kenya):
    admin = client_for(secretariat)
    for path in (
        "/admin/",
        "/admin/members/memberstate/",
        "/admin/members/memberstate/?who_region__code__exact=AFR",
        "/admin/members/organization/",
        "/admin/members/user/",
        f"/admin/members/user/{focal_point_kenya.pk}/change/",
        "/admin/members/user/add/",
        "/admin/autocomplete/?app_label=members&model_name=user&field_name=member_state&term=ken",
    ):
        assert admin.get(path).status_code == 200, path
    assert client_for(focal_point_kenya).get("/admin/").status_code == 302


@pytest.mark.django_db
def test_secretariat_assigns_a_focal_point_in_the_admin(client_for, secretariat, kenya):
    user = factories.UserFactory(email="new.focal@example.org")
    response = client_for(secretariat).post(
        f"/admin/members/user/{user.pk}/change/",
        {
            "email": user.email,
            "full_name": "New Focal",
            "member_state": "KEN",
            "organization": "",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "seen_version": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.member_state == kenya and user.version == 2


@pytest.mark.django_db
def test_a_stale_role_edit_cannot_undo_a_deactivation(client_for, secretariat, kenya):
    user = factories.UserFactory(email="leaving.focal@example.org", member_state=kenya)
    form = {
        "email": user.email,
        "full_name": "",
        "member_state": "KEN",
        "organization": "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "seen_version": 1,
    }
    first, second = client_for(secretariat), client_for(secretariat)
    url = f"/admin/members/user/{user.pk}/change/"
    assert first.post(url, form).status_code == 302  # no "is_active": deactivated
    stale = second.post(url, {**form, "is_active": "on", "full_name": "Still here"})
    assert stale.status_code == 200
    assert "Someone else saved this record since you opened it" in stale.content.decode()
    user.refresh_from_db()
    assert not user.is_active and user.full_name == "" and user.version == 2
