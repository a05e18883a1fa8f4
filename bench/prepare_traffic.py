"""Draws the benchmark's traffic (bench/traffic.py) into files for wrk and the floor, signs in
the users of the signed-in classes, and counts the SQL queries over a sample of each class.

Usage: prepare_traffic.py SEED FOLDER CLASS ... (Django settings from the environment). Writes
FOLDER/<class>.urls (lines "path<TAB>cookie") and FOLDER/<class>.floor (the floor's paths, in
the same order); prints one JSON line: per class, distinct_urls, queries and failing URLs."""

import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gidh_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from bench import traffic  # noqa: E402
from bench.count_queries import count_queries  # noqa: E402

QUERY_SAMPLE = 24


def sessions(emails):
    """A session cookie for each user, created by the portal's own session engine."""
    cookies = {}
    for user in get_user_model().objects.filter(email__in=emails):
        client = Client()
        client.force_login(user)
        cookies[user.email] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def client_for(cookie):
    client = Client()
    if cookie:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client


def main(seed, folder, names):
    folder = Path(folder)
    cookies = sessions([*traffic.focal_points(), *traffic.partners()])
    summary = {}
    for traffic_class in traffic.CLASSES:
        if traffic_class.name not in names:
            continue
        requests = traffic.draw(traffic_class, seed)
        cookie_of = {
            r.user: f"{settings.SESSION_COOKIE_NAME}={cookies[r.user]}" for r in requests if r.user
        }
        lines = [f"{r.path}\t{cookie_of.get(r.user, '')}" for r in requests]
        (folder / f"{traffic_class.name}.urls").write_text("\n".join(lines) + "\n")
        floors = [r.floor_path() for r in requests]
        (folder / f"{traffic_class.name}.floor").write_text("\n".join(floors) + "\n")
        distinct = sorted({(r.path, r.user) for r in requests}, key=str)
        sample = random.Random(seed).sample(distinct, min(QUERY_SAMPLE, len(distinct)))
        queries, failing = 0, []
        for path, user in sample:
            count, status = count_queries(client_for(cookies.get(user)), path)
            queries = max(queries, count)
            if status >= 400:
                failing.append(f"{status} {path}")
        summary[traffic_class.name] = {
            "distinct_urls": len({r.path for r in requests}),
            "queries": queries,
            "failing": failing[:5],
        }
    print(json.dumps({**summary, "keyset": traffic.keyset_encoder() is not None}))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], set(sys.argv[3:]))
