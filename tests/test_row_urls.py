"""`row_url` writes each row's value into a path reversed once: the same path as `reverse()`."""

import pytest
from django.urls import reverse
from django.utils import translation

from gidh_portal.row_urls import row_url


@pytest.mark.parametrize(
    ("viewname", "kwarg", "values", "other"),
    [
        ("country-detail", "iso3", ["KEN", "kgz", "CIV"], {}),  # <str:iso3>
        ("resources:resource-detail", "slug", ["who-smart-guidelines", "bulk-35", "a_b"], {}),
        ("investments:plan-detail", "pk", [1, 42, 1234567], {}),  # <int:pk>
        ("members:peer-exchange-create", "code", ["2a", "21b"], {"iso3": "KEN"}),
    ],
)
def test_each_path_is_the_one_reverse_gives(viewname, kwarg, values, other):
    url = row_url(viewname, kwarg, **other)
    for value in values:
        assert url(value) == reverse(viewname, kwargs={**other, kwarg: value})


def test_a_value_that_needs_escaping_goes_through_reverse():
    url = row_url("members:peer-exchange-create", "iso3", code="2a")
    assert url("K N") == reverse(
        "members:peer-exchange-create", kwargs={"iso3": "K N", "code": "2a"}
    )
    assert url("KÉN") == reverse(
        "members:peer-exchange-create", kwargs={"iso3": "KÉN", "code": "2a"}
    )


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_path_is_the_active_languages(language):
    with translation.override(language):
        assert row_url("country-detail", "iso3")("KEN") == reverse(
            "country-detail", kwargs={"iso3": "KEN"}
        )


def test_a_pattern_no_marker_fits_reverses_each_value():
    url = row_url("dataset:dataset-file", "edition", dataset="scores", file_format="csv")
    for edition in ("latest", "2025"):
        assert url(edition) == reverse(
            "dataset:dataset-file",
            kwargs={"edition": edition, "dataset": "scores", "file_format": "csv"},
        )


def test_drf_reverse_bound_to_a_request_gives_its_absolute_urls(rf):
    from functools import partial

    from rest_framework.request import Request
    from rest_framework.reverse import reverse as drf_reverse

    request = Request(rf.get("/api/v1/resources/", {"format": "json"}, HTTP_HOST="127.0.0.1"))
    bound = partial(drf_reverse, request=request)
    url = row_url("api:resource-detail", "slug", reverse=bound)
    assert url("bulk-35") == bound("api:resource-detail", kwargs={"slug": "bulk-35"})
    assert url("bulk-35") == "http://127.0.0.1/api/v1/resources/bulk-35/?format=json"
