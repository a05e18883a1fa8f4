"""Control characters in a request's address (its path and query string) are a 400, at the door.

A NUL in a query parameter or a path segment reached PostgreSQL, which refuses NUL in text, as a
server error on every page that looked the value up (`/resources/?q=a%00b`, `/countries/KE%00/`);
no other control character has a use in an address either. One check, in the middleware, for
every route and before any view or later middleware (the audit trail stores the path) reads the
address: the API answers in its one JSON error shape naming each parameter at fault (`path` for
the path), the pages with a page that says the same. The rule is the text fields' own
(gidh_portal/input_limits.py), and the OpenAPI schema states it for every parameter.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .api_errors import error_response, invalid_detail, is_api
from .input_limits import CONTROL_CHARACTERS, first_control_character

PATH = "path"


def _message(character):
    return _(
        "Remove the control character %(character)s: an address (its path and its query "
        "parameters) may not hold control characters."
    ) % {"character": character}


def _shown(name):
    """A parameter's name as the answer shows it: its own control characters written out."""
    return CONTROL_CHARACTERS.sub(lambda match: f"\\u{ord(match.group()):04x}", name)


def address_errors(request):
    """`{parameter: [message]}` for each query parameter holding a control character in its name
    or a value, and `path` for the path; empty when the address is clean."""
    errors = {}
    found = first_control_character(request.path_info)
    if found is not None:
        errors[PATH] = [_message(found[0])]
    if request.META.get("QUERY_STRING"):
        for name, values in request.GET.lists():
            for text in (name, *values):
                found = first_control_character(text)
                if found is not None:
                    errors[_shown(name)] = [_message(found[0])]
                    break
    return errors


class ControlCharacterMiddleware:
    """Refuses an address holding a control character with a 400 naming where it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        errors = address_errors(request)
        if not errors:
            return self.get_response(request)
        if is_api(request):
            return error_response(400, "invalid", invalid_detail(errors), errors)
        return render(request, "refused_address.html", {"errors": errors}, status=400)
