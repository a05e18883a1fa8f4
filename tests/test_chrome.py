"""The pages' header and footer rendered once per language and request kind
(`gidh_portal.chrome`): the same HTML as the template rendered at every request
(tests/site_header_reference.html, the header as templates/base.html had it), the request's own
CSRF token and path."""

import re
from pathlib import Path

import pytest
from django.template import engines
from django.template.context import make_context
from django.utils import translation

from gidh_portal import chrome

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "site_header_reference.html").read_text()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PATHS = ["/", "/countries/", "/countries/KEN/", "/resources/", "/investments/", "/reports/",
         "/account/", "/my-country/", "/profiles/review/",
         "/countries/?q=a&region=AFR&x=%3Cb%3E"]  # fmt: skip


def _header(html):
    return TOKEN.sub("token", html[html.index("<header") : html.index("</header>") + 9])


def _reference(response):
    template = engines["django"].from_string(REFERENCE)
    request = response.wsgi_request
    return _header(template.render(make_context({}, request).flatten(), request))


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_the_header_is_the_templates_for_every_user_page_and_language(
    client_for, anonymous, focal_point_kenya, partner, secretariat, language
):
    for user in (anonymous, focal_point_kenya, partner, secretariat):
        client = client_for(user)
        client.cookies["django_language"] = language
        for path in PATHS:
            response = client.get(path)
            if "<header" not in response.content.decode():
                continue  # a redirect
            with translation.override(language):
                assert _header(response.content.decode()) == _reference(response), (user, path)


def test_the_header_carries_the_requests_own_csrf_token_and_path(client_for, secretariat):
    """A token that the language switcher's form is accepted with (and no marker left)."""
    for user in (None, secretariat):
        client = client_for(user)
        client.handler.enforce_csrf_checks = True
        html = client.get("/countries/?q=a&region=AFR").content.decode()
        assert chrome.CSRF_TOKEN not in html and chrome.NEXT_PATH not in html
        assert 'name="next" value="/countries/?q=a&amp;region=AFR"' in html
        tokens = TOKEN.findall(html)
        assert len(tokens) == (2 if user else 1)
        response = client.post(
            "/i18n/setlang/", {"language": "fr", "next": "/", "csrfmiddlewaretoken": tokens[-1]}
        )
        assert response.status_code == 302


def test_a_path_holding_a_marker_is_shown_as_it_is(client):
    html = client.get(f"/countries/?q={chrome.CSRF_TOKEN}").content.decode()
    assert f'name="next" value="/countries/?q={chrome.CSRF_TOKEN}"' in html
