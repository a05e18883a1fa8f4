"""The API's `search` parameter, read once. Control characters never reach it: the request
check (gidh_portal/url_checks.py) refuses them in every query parameter with a 400."""


def search_text(request, name="search"):
    """The request's search text, stripped."""
    return (request.query_params.get(name) or "").strip()
