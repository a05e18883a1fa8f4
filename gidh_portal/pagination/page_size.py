"""The `page_size` a request asks for, checked: DRF would silently serve the default size."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

PAGE_SIZE_DESCRIPTION = (
    "Results per page, 1 or more (a page holds at most 200: a larger size is served as 200). "
    "Anything but a whole number is a 400."
)


def page_size(paginator, request):
    """The `page_size` asked for, capped at the paginator's maximum; the default when absent.
    Anything else than a positive whole number (even empty) is refused."""
    name = paginator.page_size_query_param
    sizes = request.query_params.getlist(name)
    if not sizes:
        return paginator.page_size
    try:
        numbers = [int(value) for value in sizes if value.isascii()]
    except ValueError:
        numbers = []
    if len(numbers) != len(sizes) or min(numbers) < 1:
        raise exceptions.ValidationError({name: [_("Enter a whole number of 1 or more.")]})
    return min(numbers[-1], paginator.max_page_size)
