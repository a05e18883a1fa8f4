"""The SQL queries one request runs, counted in-process with Django's test client (response
cache as the environment sets it; `make bench` counts with it off)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, path):
    """(queries, status) of a request to `path`, after a first one to the same path: work done
    once per process (content types, cycles) is not per request."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return len(queries), response.status_code
