"""The error pages (400, 403, 404, 500) in the portal's layout and the visitor's language; the
500 page without the database; the API's errors still in JSON."""

import pytest
from django.core.exceptions import BadRequest
from django.db import OperationalError
from django.urls import path

from gidh_portal import urls as portal_urls

from .conftest import Client


def crash(request):
    raise OperationalError("the database is down")


def refuse(request):
    raise BadRequest("unreadable")


# This module is the URLconf of the tests that need a view failing on purpose (`pytest.mark.urls`).
urlpatterns = [
    path("test-crash/", crash),
    path("test-refuse/", refuse),
    path("api/v1/test-crash/", crash),
    *portal_urls.urlpatterns,
]
handler400 = portal_urls.handler400
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500

with_failing_views = pytest.mark.urls(__name__)


def in_language(client, language):
    client.cookies["django_language"] = language
    return client


def assert_portal_page(response, status, language, *texts):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert 'href="/resources/"' in html and 'href="/countries/"' in html
    for text in texts:
        assert text in html, text


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ["<h1>Page not found</h1>", "The address may be wrong"]),
        ("fr", ["<h1>Page introuvable</h1>", "L’adresse est peut-être erronée"]),
    ],
)
def test_404_page_in_the_portal_layout_and_language(db, language, texts):
    response = in_language(Client(), language).get("/no-such-page/")
    assert_portal_page(response, 404, language, *texts)


@pytest.mark.parametrize(
    ("language", "title"), [("en", "<h1>Access denied</h1>"), ("es", "<h1>Acceso denegado</h1>")]
)
def test_403_page_in_the_portal_layout_and_language(client_for, partner, language, title):
    # A partner has no member state: starting its profile is refused.
    response = in_language(client_for(partner), language).post("/my-country/start/")
    assert_portal_page(response, 403, language, title)


@with_failing_views
@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "<h1>Bad request</h1>"), ("ru", "<h1>Неверный запрос</h1>")],
)
def test_400_page_in_the_portal_layout_and_language(db, language, title):
    response = in_language(Client(), language).get("/test-refuse/")
    assert_portal_page(response, 400, language, title)


@with_failing_views
@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "<h1>Something went wrong</h1>"), ("ar", "<h1>حدث خطأ ما</h1>")],
)
def test_500_page_renders_without_the_database(
    client_for, focal_point_kenya, django_assert_num_queries, language, title
):
    # Logged in: the page must not load the session or the user to draw the header.
    client = in_language(client_for(focal_point_kenya), language)
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/test-crash/")
    assert_portal_page(response, 500, language, title, 'href="/accounts/login/"')
    assert focal_point_kenya.email not in response.content.decode()
    assert 'action="/i18n/setlang/"' not in response.content.decode()  # no CSRF token to post


@with_failing_views
def test_api_errors_stay_json(db):
    client = Client(raise_request_exception=False)
    not_found = client.get("/api/v1/no-such-list/")
    assert not_found.status_code == 404
    assert not_found.json()["code"] == "not_found"
    crashed = client.get("/api/v1/test-crash/")
    assert crashed.status_code == 500
    assert crashed.json() == {
        "status": 500,
        "code": "error",
        "detail": "A server error occurred.",
        "errors": {},
    }
