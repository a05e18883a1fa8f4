"""The pages' header (templates/includes/site_header.html): the menu each user is shown, the
current section, the language switcher with the request's own CSRF token and path."""

import re

import pytest

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ENTRIES = re.compile(r'<li><a href="([^"]+)"( aria-current="page")?>')


def header(response):
    html = response.content.decode()
    return html[html.index("<header") : html.index("</header>")]


def menu(response):
    """{link: whether it is marked as the current page} of the header's menu."""
    return {href: bool(current) for href, current in ENTRIES.findall(header(response))}


def test_each_user_is_shown_the_entries_of_their_role(
    client_for, anonymous, focal_point_kenya, partner, secretariat
):
    public = {
        "/countries/",
        "/resources/",
        "/investments/",
        "/offers/",
        "/reports/",
        "/api/v1/docs/",
    }
    shown = {
        name: set(menu(client_for(user).get("/")))
        for name, user in {
            "anonymous": anonymous,
            "focal point": focal_point_kenya,
            "partner": partner,
            "secretariat": secretariat,
        }.items()
    }

    assert shown["anonymous"] == public | {"/accounts/login/"}
    assert shown["focal point"] == public | {"/my-country/", "/account/"}
    assert shown["partner"] == public | {"/account/"}
    assert shown["secretariat"] == public | {"/profiles/review/", "/account/", "/admin/"}
    header_html = header(client_for(secretariat).get("/"))
    assert "Log out" in header_html and "Log in" not in header_html


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/countries/", "/countries/"),
        ("/resources/", "/resources/"),
        ("/investments/", "/investments/"),
        ("/offers/", "/offers/"),
        ("/reports/", "/reports/"),
        ("/my-country/", "/my-country/"),
        ("/account/", "/account/"),
        ("/", None),
    ],
)
def test_the_current_section_is_marked(client_for, focal_point_kenya, path, current):
    response = client_for(focal_point_kenya).get(path)

    assert response.status_code == 200
    assert [href for href, marked in menu(response).items() if marked] == (
        [current] if current else []
    )


def test_the_header_is_in_the_chosen_language(client):
    client.cookies["django_language"] = "ar"
    html = client.get("/").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert 'value="ar" lang="ar" dir="rtl" aria-current="true"' in header(client.get("/"))
    assert "Countries" not in header(client.get("/"))


def test_the_language_switcher_carries_the_requests_own_csrf_token_and_path(
    client_for, secretariat
):
    for user in (None, secretariat):
        client = client_for(user)
        client.handler.enforce_csrf_checks = True
        response = client.get("/countries/?q=a&region=AFR")
        assert 'name="next" value="/countries/?q=a&amp;region=AFR"' in header(response)
        tokens = TOKEN.findall(header(response))
        assert len(tokens) == (2 if user else 1)  # the log-out form's too
        response = client.post(
            "/i18n/setlang/", {"language": "fr", "next": "/", "csrfmiddlewaretoken": tokens[-1]}
        )
        assert response.status_code == 302
