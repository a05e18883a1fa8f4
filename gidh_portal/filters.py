"""The API's filter backends: django-filter's, skipped when a request names none of the
filters; DRF's ordering, made total."""

import re

from django.utils.translation import gettext_lazy as _
from django_filters import (
    BooleanFilter,
    ChoiceFilter,
    ModelChoiceFilter,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
    NumberFilter,
    TypedMultipleChoiceFilter,
)
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters

# How a true or false filter value may be spelt (the spellings Django's boolean fields read).
BOOLEAN_SPELLINGS = {"true", "false", "True", "False", "1", "0"}
# Every number filter of the API takes a whole number (an id, a year): the schema says
# `integer` (gidh_portal/openapi.py), and `?year=2025.5` is refused rather than read as 2025.5.
WHOLE_NUMBER = re.compile(r"-?[0-9]+")


class FilterBackend(DjangoFilterBackend):
    """A filter set without data filters nothing (every filter is optional), but building it and
    validating its form cost about a millisecond a request (deep copies of every filter and form
    field). So a request holding none of the filter set's parameters gets the queryset as is; any
    parameter starting with a filter's name (multi-widget filters add suffixes) goes through the
    filter set, with its validation and 400 answers.

    An empty value of a text filter filters nothing (as an empty field of a form does); other
    filters have no empty value (a 400, as the schema says); a true-or-false filter
    refuses a value it cannot read (Django's field would take it for "no filter"), a number
    filter anything but a whole number."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        if not _names_a_filter(request.query_params, filterset_class.base_filters):
            return queryset
        refuse_unreadable_values(request.query_params, filterset_class.base_filters)
        return super().filter_queryset(request, queryset, view)

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["data"] = without_empty_values(kwargs["data"])
        return kwargs


def _refuses_empty(filter_):
    """Whether the filter's schema has no empty value: true or false, a number, a record's
    number, one of listed values (an `enum`). A text filter's empty value filters nothing."""
    if isinstance(filter_, BooleanFilter | NumberFilter | TypedMultipleChoiceFilter):
        return True
    if isinstance(filter_, ModelChoiceFilter | ModelMultipleChoiceFilter):
        model = getattr(getattr(filter_, "queryset", None), "model", None)
        key = model._meta.pk.get_internal_type() if model is not None else ""
        return key.endswith(("IntegerField", "AutoField"))
    return isinstance(filter_, ChoiceFilter | MultipleChoiceFilter)


def refuse_unreadable_values(params, filters):
    """A 400 naming each true-or-false filter given a value that is neither true nor false,
    each number filter given anything but a whole number, and each filter whose values are
    not text (true or false, numbers, listed values) given an empty one."""
    errors = {}
    for name, filter_ in filters.items():
        if _refuses_empty(filter_) and "" in params.getlist(name):
            errors[name] = [_("Give a value: this filter has no empty one.")]
        values = [value for value in params.getlist(name) if value != ""]
        boolean = isinstance(filter_, BooleanFilter)
        if boolean and any(value not in BOOLEAN_SPELLINGS for value in values):
            errors[name] = [_("Enter true or false.")]
        number = isinstance(filter_, NumberFilter)
        if number and not all(WHOLE_NUMBER.fullmatch(value) for value in values):
            errors[name] = [_("Enter a whole number.")]
    if errors:
        raise exceptions.ValidationError(errors)


def read_boolean(params, name):
    """The true-or-false query parameter `name` (false when absent or empty); a 400 when it
    is neither."""
    refuse_unreadable_values(params, {name: BooleanFilter()})
    return params.get(name) in ("true", "True", "1")


def without_empty_values(params):
    """The query parameters without their empty values (`?region=` filters nothing)."""
    kept = params.copy()
    for name in list(kept):
        values = [value for value in kept.getlist(name) if value != ""]
        if values:
            kept.setlist(name, values)
        else:
            del kept[name]
    return kept


def _names_a_filter(params, filters):
    return any(key.startswith(name) for key in params for name in filters)


class OrderingFilter(filters.OrderingFilter):
    """DRF's `?ordering=`, ending with the primary key (in the direction of the first field
    asked for): rows that tie on the fields asked for (thousands of commitments share a year)
    keep one order, so paging through them never repeats or skips a row."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering or not request.query_params.get(self.ordering_param):
            return ordering  # the view's default ordering, unique already
        pk_names = {"pk", queryset.model._meta.pk.name}
        if any(field.lstrip("-") in pk_names for field in ordering):
            return ordering
        return [*ordering, "-pk" if ordering[0].startswith("-") else "pk"]
