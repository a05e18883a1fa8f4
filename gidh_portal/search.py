"""The API's `search` parameter, read once. Control characters never reach it: the request
check (gidh_portal/url_checks.py) refuses them in every query parameter with a 400."""

from rest_framework import filters


def search_text(request, name="search"):
    """The request's search text, stripped."""
    return (request.query_params.get(name) or "").strip()


class SearchFilter(filters.SearchFilter):
    """DRF's `?search=`, documented only on the lists that search (`search_fields`), with what
    they search (`search_description`): elsewhere it is ignored."""

    def get_schema_operation_parameters(self, view):
        if not getattr(view, "search_fields", None):
            return []
        parameters = super().get_schema_operation_parameters(view)
        description = getattr(view, "search_description", None)
        if description:
            parameters[0]["description"] = str(description)
        return parameters
