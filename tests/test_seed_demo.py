"""`manage.py seed_demo` writes past the services, so it bumps every data version itself: a
portal seeded again never shows a page cached before."""

import io

import pytest
from django.core.management import call_command
from django.utils.html import escape

from resources.demo import CURATED


@pytest.mark.django_db
@pytest.mark.usefixtures("own_cache")
def test_seeding_drops_the_cached_pages(settings, client):
    settings.RESPONSE_CACHE = True
    title = escape(CURATED[0][0]).encode()
    search = "/resources/?q=recommendations+on+digital+interventions"
    before = client.get(search)
    assert title not in before.content
    assert client.get(search)["X-Response-Cache"] == "hit"

    call_command("seed_demo", "--force", stdout=io.StringIO())

    after = client.get(search)
    assert after["X-Response-Cache"] == "miss"
    assert title in after.content
