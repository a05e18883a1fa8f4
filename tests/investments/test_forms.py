"""The plan, priority and commitment forms: one field template (label, hint, then the input),
and an error summary whose links go to the fields in error."""

import pytest

from tests import factories
from tests.form_pages import assert_tied_to_its_error, has_class, page_tree, summary_links

pytestmark = pytest.mark.django_db


def test_plan_form_summarises_each_error_with_a_link_to_its_field(
    client_for, focal_point_kenya, kenya
):
    response = client_for(focal_point_kenya).post(
        "/investments/plans/new/",
        {
            "title": "",
            "start_year": "20x4",
            "end_year": 2028,
            "currency": "USD",
            "strategy_url": "not a link",
            "summary": "",
        },
    )

    tree = page_tree(response)
    links = summary_links(tree)
    assert links == {
        "Title: This field is required.": "#id_title",
        "First year: Enter a whole number.": "#id_start_year",
        "Link to the national digital health strategy: Enter a valid URL.": "#id_strategy_url",
    }
    for href in links.values():
        assert_tied_to_its_error(tree, href.removeprefix("#"))
    assert not tree.xpath("//*[@aria-invalid='true' and @id='id_end_year']")


def test_commitment_form_links_a_radio_group_error_to_its_first_button(client_for, partner, kenya):
    plan = factories.InvestmentPlanFactory(status="approved")
    response = client_for(partner).post(
        f"/investments/plans/{plan.pk}/commit/",
        {"kind": "", "amount": "", "currency": "KES", "year": 2025},
    )

    tree = page_tree(response)
    links = summary_links(tree)
    assert links == {
        "Kind of support: This field is required.": "#id_kind_0",
        "Amount pledged: This field is required.": "#id_amount",
    }
    for href in links.values():
        assert "This field is required." in assert_tied_to_its_error(tree, href.removeprefix("#"))
    [group] = tree.xpath("//fieldset[.//input[@id='id_kind_0']]")
    assert group.xpath("string(legend)").split() == ["Kind", "of", "support"]


@pytest.mark.parametrize("page", ["plan", "commitment"])
def test_fields_show_label_then_hint_then_input(
    client_for, focal_point_kenya, partner, kenya, page
):
    plan = factories.InvestmentPlanFactory(status="draft" if page == "plan" else "approved")
    if page == "plan":
        response = client_for(focal_point_kenya).get(f"/investments/plans/{plan.pk}/edit/")
    else:
        response = client_for(partner).get(f"/investments/plans/{plan.pk}/commit/")
    assert response.status_code == 200
    tree = page_tree(response)
    assert not tree.xpath(f"//*[{has_class('error-summary')}]")  # nothing to summarise yet
    fields = tree.xpath(f"//form//div[{has_class('field')}]")
    assert len(fields) >= 5
    for field in fields:
        order = {element: index for index, element in enumerate(field.iter())}
        [caption] = field.xpath("label | fieldset/legend")
        controls = field.xpath(".//input | .//select | .//textarea")
        assert all(order[caption] < order[c] for c in controls)
        for hint in field.xpath(f".//*[{has_class('helptext')}]"):
            assert order[caption] < order[hint] < order[controls[0]]
            [described] = field.xpath(".//*[contains(@aria-describedby, $id)]", id=hint.get("id"))
            assert described is controls[0] or described.tag == "fieldset"
