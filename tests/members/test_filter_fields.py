"""The filter forms' select (members/forms/fields.py): the HTML Django's own select writes, a
table read once for both the check and the options, and the same refusals."""

import re

import pytest
from django import forms

from investments.forms import OfferFilterForm

pytestmark = pytest.mark.django_db

SELECTS = ("kind", "region", "member_state", "component", "intervention")


def _django_select(bound_field):
    """The field as Django's stock Select (a template per option) writes it."""
    widget = forms.Select(attrs=bound_field.field.widget.attrs)
    widget.choices = list(bound_field.field.choices)
    html = bound_field.as_widget(widget=widget)
    return re.sub(r"</option>\n\n", "</option>\n", html)  # the templates' blank lines


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "cash", "region": "AFR", "member_state": "KEN", "component": "3"},
        {"member_state": "FRA", "q": '<b>"words" & more'},
        {"region": "MARS", "kind": "bogus", "member_state": "ken", "component": "x"},
    ],
)
def test_the_selects_write_what_djangos_select_writes(data):
    form = OfferFilterForm(data)
    form.is_valid()
    for name in SELECTS:
        bound_field = form[name]
        assert str(bound_field) == _django_select(bound_field), name


def test_the_chosen_option_is_selected_and_every_control_keeps_its_label(client):
    html = client.get("/offers/", {"member_state": "KEN", "kind": "cash"}).content.decode()
    assert '<option value="KEN" selected>Kenya</option>' in html
    assert '<option value="cash" selected>Cash</option>' in html
    assert '<option value="" selected>All regions</option>' in html
    for name in ("q", *SELECTS, "year"):
        assert f'<label for="id_{name}">' in html and f'id="id_{name}"' in html


def test_a_form_reads_each_table_once(django_assert_num_queries):
    form = OfferFilterForm({"region": "AFR", "member_state": "KEN", "component": "3"})
    with django_assert_num_queries(4):  # regions, member states, components, interventions
        assert form.is_valid()
        html = "".join(str(form[name]) for name in SELECTS)
    assert form.cleaned_data["member_state"].pk == "KEN"
    assert form.cleaned_data["component"].pk == 3
    assert html.count("<option") > 200


@pytest.mark.parametrize(
    ("data", "refused"),
    [
        ({"region": "MARS"}, "region"),
        ({"member_state": "ken"}, "member_state"),
        ({"component": "eight"}, "component"),
        ({"component": "99"}, "component"),
        ({"intervention": "9.9.9"}, "intervention"),
    ],
)
def test_an_unknown_choice_is_refused(data, refused):
    form = OfferFilterForm(data)
    assert not form.is_valid()
    assert list(form.errors) == [refused]
    assert form.errors[refused][0].startswith("Select a valid choice.")
