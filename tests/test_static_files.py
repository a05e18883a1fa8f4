"""Static files are compressed and cache-busted (WhiteNoise's manifest storage), and the pages
link to the hashed names, so browsers on slow connections cache them for good."""

import gzip

import pytest
from django.core.management import call_command

WHITENOISE = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


@pytest.mark.django_db
def test_collectstatic_hashes_and_compresses_and_pages_use_hashed_names(settings, tmp_path, client):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": WHITENOISE}
    call_command("collectstatic", interactive=False, verbosity=0)

    hashed = sorted((tmp_path / "static" / "css").glob("portal.*.css"))
    assert len(hashed) == 1
    assert hashed[0].with_suffix(".css.gz").exists()
    html = client.get("/").content.decode()
    assert f'href="/static/css/{hashed[0].name}"' in html
    # The home page stays light: HTML and stylesheet well under the 300 KB budget, compressed
    # or not (the browser test measures the real transfer).
    css = hashed[0].read_bytes()
    assert len(html.encode()) + len(css) < 300_000
    print(f"home: HTML {len(html.encode()):,} B ({len(gzip.compress(html.encode())):,} B gzipped)")
