"""Print, as JSON, the SQL queries one request to each endpoint runs (response cache off).

Usage: count_queries.py name=/path/ ..."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gidh_portal.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main(arguments):
    paths = dict(argument.split("=", 1) for argument in arguments)
    client = Client()
    counts = {}
    for name, path in paths.items():
        client.get(path)  # warm: first-request work (e.g. content types) isn't counted
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counts[name] = len(queries)
    print(json.dumps(counts))


if __name__ == "__main__":
    main(sys.argv[1:])
