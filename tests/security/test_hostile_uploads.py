"""The bad-file set, refused in full by the one upload mechanism (members/documents/) on every
surface that takes a file: the profile's strategy and evidence PDFs (pages) and the catalogue's
resource file (page and API). The bad files are built here, at run time."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.documents import EICAR_SIGNATURE
from members.models import ProfileSubmission
from resources.models import Resource
from tests import factories

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def zip_bomb():
    """About 200 KB that expand to 200 MB: refused unopened, by its signature."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("bomb.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(200):
            member.write(bytes(1024 * 1024))
    return buffer.getvalue()


def eicar():
    # The standard 68-byte test file: the signature plus its trailer.
    return EICAR_SIGNATURE + b"$H+H*"


BAD_FILES = {
    "png-renamed": ("photo.pdf", lambda: b"\x89PNG\r\n\x1a\n" + bytes(64), "but an image"),
    "exe-renamed": ("setup.pdf", lambda: b"MZ\x90\x00\x03" + bytes(64), "but a program"),
    "elf-renamed": ("tool.pdf", lambda: b"\x7fELF\x02\x01\x01" + bytes(64), "but a program"),
    "zip-bomb-renamed": ("report.pdf", zip_bomb, "but a compressed archive"),
    "zip-bomb": ("report.zip", zip_bomb, "but a compressed archive"),
    "svg-script": (
        "logo.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "but an SVG image",
    ),
    "svg-script-renamed": (
        "logo.pdf",
        lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>',
        "but an SVG image",
    ),
    "html-renamed": (
        "page.pdf",
        lambda: b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        "but a web page (HTML)",
    ),
    "pdf-html-polyglot": (
        "polyglot.pdf",
        lambda: b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>",
        "contains scripts or web-page markup",
    ),
    "pdf-javascript-action": (
        "action.pdf",
        lambda: PDF.replace(b"<<>>", b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"),
        "contains scripts or web-page markup",
    ),
    "eicar": ("eicar.com", eicar, "contains a virus test signature (EICAR)"),
    "eicar-in-pdf": (
        "clean.pdf",
        lambda: PDF + eicar(),
        "contains a virus test signature (EICAR)",
    ),
    "empty": ("empty.pdf", lambda: b"", "empty"),
    "unknown-content": ("notes.pdf", lambda: b"just some text", "is not a PDF document"),
    "oversized": (
        "huge.pdf",
        lambda: PDF + bytes(20 * 1024 * 1024 + 1),
        "MB; the limit is",
    ),
}


def upload(case):
    name, content, _ = BAD_FILES[case]
    return SimpleUploadedFile(name, content(), content_type="application/pdf")


def catalogue_data(**extra):
    return {
        "kind": "toolkit",
        "title": "Registry toolkit",
        "summary": "How to plan a registry.",
        "description_language": "en",
        "publisher": factories.OrganizationFactory().pk,
        "licence": "CC-BY-4.0",
        "languages": ["en"],
        "link": "",
        **extra,
    }


@pytest.fixture
def draft(kenya):
    return factories.ProfileSubmissionFactory(member_state=kenya)


@pytest.fixture(autouse=True)
def _large_bodies(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES)
def test_strategy_page_refuses_the_bad_file(client_for, focal_point_kenya, draft, case):
    response = client_for(focal_point_kenya).post(
        f"/profiles/{draft.pk}/edit/strategy/",
        {"version": 1, "strategy_title": "Kept", "strategy_document": upload(case)},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert BAD_FILES[case][2] in html and "Kept" in html
    draft.refresh_from_db()
    assert not draft.strategy_document and draft.version == 1


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES)
def test_evidence_page_refuses_the_bad_file(client_for, focal_point_kenya, draft, case):
    response = client_for(focal_point_kenya).post(
        f"/profiles/{draft.pk}/edit/maturity-1/",
        {"version": 1, "1-phase": "3", "1-evidence_document": upload(case)},
    )
    assert response.status_code == 400
    assert BAD_FILES[case][2] in response.content.decode()
    assert not draft.answers.exists()
    assert ProfileSubmission.objects.get(pk=draft.pk).version == 1


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES)
def test_resource_page_refuses_the_bad_file(client_for, partner, case):
    response = client_for(partner).post(
        reverse("resources:resource-propose"), catalogue_data(file=upload(case))
    )
    assert response.status_code == 400
    assert BAD_FILES[case][2] in response.content.decode()
    assert not Resource.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES)
def test_resource_api_refuses_the_bad_file(client_for, partner, case):
    response = client_for(partner).post("/api/v1/resources/", catalogue_data(file=upload(case)))
    assert response.status_code == 400
    messages = response.json()["errors"]["file"]
    assert any(BAD_FILES[case][2] in message for message in messages), messages
    assert not Resource.objects.exists()


HOSTILE_NAMES = [
    "../../../etc/passwd.pdf",
    "/etc/shadow.pdf",
    "C:\\Windows\\system32\\evil.pdf",
    "nul\x00byte.pdf",
    "<script>alert(1)<\\script>.pdf",
    "a" * 300 + ".pdf",
    "\u202eexe.pdf",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_never_stored_and_shown_sanitised(client_for, partner, name):
    client = client_for(partner)
    refused = client.post(
        reverse("resources:resource-propose"),
        catalogue_data(file=SimpleUploadedFile(name, b"MZ\x90", content_type="application/pdf")),
    )
    html = refused.content.decode()
    shown = html.split("“")[1].split("”")[0] if "“" in html else ""
    assert refused.status_code == 400 and "is not a PDF document" in html
    assert shown and "/" not in shown and "\\" not in shown and "\x00" not in shown
    assert "<script>" not in html.split("<main", 1)[-1] and len(shown) <= 80
    assert "\u202e" not in shown

    accepted = client.post(
        reverse("resources:resource-propose"),
        catalogue_data(file=SimpleUploadedFile(name, PDF, content_type="application/pdf")),
    )
    assert accepted.status_code == 302
    stored = Resource.objects.get().file.name
    assert stored.startswith("resources/") and stored.endswith(".pdf") and len(stored) < 60
    assert "passwd" not in stored and "shadow" not in stored and "evil" not in stored
    assert ".." not in stored and "\x00" not in stored and "aaaa" not in stored


@pytest.mark.django_db
def test_both_uploads_are_served_as_generated_name_attachments_with_nosniff(
    client_for, focal_point_kenya, partner, draft
):
    fp = client_for(focal_point_kenya)
    saved = fp.post(
        f"/profiles/{draft.pk}/edit/strategy/",
        {
            "version": 1,
            "strategy_document": SimpleUploadedFile("../x.html", PDF),
        },
    )
    assert saved.status_code == 302
    fp.post(
        f"/profiles/{draft.pk}/edit/maturity-1/",
        {"version": 2, "1-phase": "3", "1-evidence_document": SimpleUploadedFile("e.svg", PDF)},
    )
    partner_client = client_for(partner)
    partner_client.post(
        "/api/v1/resources/",
        catalogue_data(file=SimpleUploadedFile("<b>.pdf", PDF)),
    )
    resource = Resource.objects.get()
    draft.refresh_from_db()
    downloads = [
        (fp, f"/profiles/{draft.pk}/strategy.pdf", draft.strategy_document.name),
        (
            fp,
            f"/profiles/{draft.pk}/evidence/1.pdf",
            draft.answers.get(indicator_id="1").evidence_document.name,
        ),
        (
            partner_client,
            reverse("resources:resource-download", args=[resource.slug]),
            resource.file.name,
        ),
    ]
    for client, url, stored in downloads:
        assert "x.html" not in stored and "e.svg" not in stored and "<b>" not in stored
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content) == PDF


def test_an_ordinary_pdf_with_binary_streams_is_accepted():
    from members.documents import validate_pdf

    content = PDF + bytes(range(256)) * 4096 + b"\n%%EOF\n"
    validate_pdf(SimpleUploadedFile("ok.pdf", content))
