"""The API's `search` parameter, read once: PostgreSQL refuses NUL characters in text, so a
`search=%00` would otherwise end as a server error instead of a 400 naming the parameter."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, filters

NUL_REFUSED = _("Null characters are not allowed.")


def search_text(request, name="search"):
    """The request's search text, stripped; a 400 naming the parameter if it holds a NUL."""
    text = (request.query_params.get(name) or "").strip()
    if "\x00" in text:
        raise exceptions.ValidationError({name: [NUL_REFUSED]})
    return text


class SearchFilter(filters.SearchFilter):
    """DRF's `?search=`, refusing NUL with a 400, and documented only on the lists that search
    (`search_fields`), with what they search (`search_description`): elsewhere it is ignored."""

    def get_search_terms(self, request):
        search_text(request, self.search_param)
        return super().get_search_terms(request)

    def get_schema_operation_parameters(self, view):
        if not getattr(view, "search_fields", None):
            return []
        parameters = super().get_schema_operation_parameters(view)
        description = getattr(view, "search_description", None)
        if description:
            parameters[0]["description"] = str(description)
        return parameters
