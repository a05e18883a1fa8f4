"""What the counting paginators check before their one query: a valid page number, and a page
within PostgreSQL's OFFSET."""

from django.core.paginator import EmptyPage, PageNotAnInteger

MAX_ROWS = 2**63 - 1


def page_number(paginator, number):
    """`number` as a page number of 1 or more, refused as Django's `validate_number` would,
    without the upper bound (which needs the count these paginators get with the page)."""
    try:
        number = int(number)
    except (TypeError, ValueError) as error:
        raise PageNotAnInteger(paginator.error_messages["invalid_page"]) from error
    if number < 1:
        raise EmptyPage(paginator.error_messages["min_page"])
    return number
