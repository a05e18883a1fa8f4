"""The floor: a bare WSGI app that answers each benchmark endpoint with one raw psycopg2 query
serialised by orjson (`gunicorn bench.floor:application`). `GET /<endpoint name>`."""

import os
import sys
from pathlib import Path

import orjson
import psycopg2
import psycopg2.extras

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gidh_portal.settings")
import django

django.setup()  # the lists declared once give their floor's SQL (bench/endpoints.py)

from bench.endpoints import ENDPOINTS, PLAN_SQL  # noqa: E402

DATABASE_URL = os.environ["DATABASE_URL"]
_connection = None
_queries = {}


def _cursor():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg2.connect(DATABASE_URL, options="-c jit=off")
        _connection.autocommit = True
        with _connection.cursor() as cursor:
            cursor.execute(PLAN_SQL)
            plan = cursor.fetchone()[0]
        for endpoint in ENDPOINTS:
            sql, params = endpoint.floor_query()
            _queries[endpoint.name] = (sql.replace("{plan}", str(plan)), params)
    return _connection.cursor(cursor_factory=psycopg2.extras.RealDictCursor)


def application(environ, start_response):
    name = environ["PATH_INFO"].strip("/")
    cursor = _cursor()
    if name not in _queries:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"unknown endpoint"]
    with cursor:
        cursor.execute(*_queries[name])
        rows = cursor.fetchall()
    body = orjson.dumps({"results": rows}, default=str)
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
