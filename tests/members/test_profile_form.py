"""The profile form's layout in HTML: one shared field template (label, hint and error tied to
the input), the sections shown once with the current one marked, and error summaries whose
links land on existing fields (tests/browser/test_forms.py checks the same form's geometry)."""

from urllib.parse import urlsplit

import pytest

from members.models import GdhmIndicator
from tests import factories
from tests.form_pages import control, has_class, page_tree, summary_links

SECTIONS = ["strategy", "governance", *(f"maturity-{n}" for n in range(1, 8))]


@pytest.mark.django_db
def test_refused_submit_links_each_missing_answer_to_its_field(
    client_for, focal_point_kenya, kenya
):
    submission = factories.ProfileSubmissionFactory(
        member_state=kenya, strategy_status="adopted", strategy_title="Half done"
    )
    client = client_for(focal_point_kenya)

    response = client.post(f"/profiles/{submission.pk}/submit/")

    assert response.status_code == 400
    links = summary_links(page_tree(response))
    missing = submission.missing_answers(GdhmIndicator.objects.all())
    assert len(links) == len(missing) > 20
    assert [label.lower() for label in links] == [str(label).lower() for *_, label in missing]
    pages, sections_linked = {}, set()
    for href in links.values():
        url = urlsplit(href)
        section = url.path.rstrip("/").rsplit("/", 1)[-1]
        assert url.path == f"/profiles/{submission.pk}/edit/{section}/", href
        sections_linked.add(section)
        if url.path not in pages:
            pages[url.path] = page_tree(client.get(url.path))
        control(pages[url.path], url.fragment)
    assert sections_linked == set(SECTIONS)  # every section misses something
    assert links["Adoption date"].endswith("/edit/strategy/#id_strategy_adopted_on")
    assert links["A link to the strategy or its PDF"].endswith("/edit/strategy/#id_strategy_url")
    first = str(GdhmIndicator.objects.get(code="1"))
    assert links[first].endswith("/edit/maturity-1/#id_1-phase_0")  # the first radio button
    submission.refresh_from_db()
    assert submission.status == "draft"


@pytest.mark.django_db
def test_complete_profile_submits_without_a_summary(
    client_for, focal_point_kenya, kenya, django_capture_on_commit_callbacks
):
    submission = factories.ProfileSubmissionFactory(member_state=kenya, complete=True, phase=3)
    with django_capture_on_commit_callbacks():
        response = client_for(focal_point_kenya).post(f"/profiles/{submission.pk}/submit/")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted"


@pytest.mark.django_db
def test_section_errors_are_summarised_and_tied_to_their_fields(
    client_for, focal_point_kenya, kenya
):
    submission = factories.ProfileSubmissionFactory(member_state=kenya)
    response = client_for(focal_point_kenya).post(
        f"/profiles/{submission.pk}/edit/maturity-1/",
        {"version": 1, "1-phase": "9", "1-source_url": "not a link", "save": ""},
    )

    assert response.status_code == 400
    tree = page_tree(response)
    links = summary_links(tree)
    indicator = str(GdhmIndicator.objects.get(code="1"))
    assert links == {
        f"{indicator}: Select a valid choice. 9 is not one of the available choices.": (
            "#id_1-phase_0"
        ),
        "1. Source link: Enter a valid URL.": "#id_1-source_url",
    }
    url = control(tree, "id_1-source_url")
    assert url.get("aria-invalid") == "true"
    assert "id_1-source_url_error" in url.get("aria-describedby").split()
    [error] = tree.xpath("//*[@id='id_1-source_url_error']")
    assert "Enter a valid URL." in error.text_content()
    # A group of radio buttons: its fieldset is described by the error.
    radio = control(tree, "id_1-phase_0")
    assert radio.get("type") == "radio"
    group = next(radio.iterancestors("fieldset"))
    assert "id_1-phase_error" in group.get("aria-describedby").split()
    assert group.xpath("string(legend)").strip() == "Phase"


@pytest.mark.django_db
@pytest.mark.parametrize("section", SECTIONS)
def test_each_field_has_its_label_then_its_hint_then_its_input(
    client_for, focal_point_kenya, kenya, section
):
    submission = factories.ProfileSubmissionFactory(member_state=kenya)
    page = client_for(focal_point_kenya).get(f"/profiles/{submission.pk}/edit/{section}/")
    tree = page_tree(page)
    [form] = tree.xpath(f"//form[{has_class('profile-form')}]")
    order = {element: index for index, element in enumerate(form.iter())}
    fields = form.xpath(f".//div[{has_class('field')}]")
    assert fields
    for field in fields:
        controls = field.xpath(".//input | .//select | .//textarea")
        [caption] = field.xpath("label | fieldset/legend")
        assert caption.text_content().strip() and controls
        if caption.tag == "label":
            assert [caption.get("for")] == [c.get("id") for c in controls]
        assert all(order[caption] < order[c] for c in controls)
        for hint in field.xpath(f".//*[{has_class('helptext')}]"):
            described = field.xpath(".//*[@aria-describedby]")
            assert any(hint.get("id") in e.get("aria-describedby").split() for e in described)
            assert order[caption] < order[hint] < order[controls[0]]


@pytest.mark.django_db
def test_sections_are_listed_once_with_the_current_one_marked(client_for, focal_point_kenya, kenya):
    submission = factories.ProfileSubmissionFactory(
        member_state=kenya, strategy_status="none", phase=2
    )
    page = client_for(focal_point_kenya).get(f"/profiles/{submission.pk}/edit/governance/")
    tree = page_tree(page)
    [steps] = tree.xpath(f"//nav[{has_class('section-steps')}]")
    assert page.content.decode().count("sections complete") == 1  # the list is shown once
    items = steps.xpath(f"ol/li[{has_class('step')}]")
    assert [urlsplit(li.xpath("string(a/@href)")).path for li in items] == [
        f"/profiles/{submission.pk}/edit/{section}/" for section in SECTIONS
    ]
    [current] = steps.xpath(".//a[@aria-current='step']")
    assert current.get("href").endswith("/edit/governance/")
    status = {li.xpath(f"string(.//*[{has_class('step-label')}])"): li for li in items}
    assert "step-done" in status["National strategy"].get("class")  # no strategy: done
    assert "step-missing" in status["Governance"].get("class")
    assert "answers missing" in status["Governance"].text_content()
    assert all("step-done" in li.get("class") for li in items[2:])
    assert "8 of 9 sections complete" in steps.text_content()
