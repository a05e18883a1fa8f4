"""A deployment's namespace in Redis (`CACHE_KEY_PREFIX`, docs/operations.md).

Every key the portal keeps in Redis starts with it: the cache's (response cache, data versions,
benchmark and search caches, throttling counts, cached sessions, beat's heartbeat) and Celery's
(queues, results, worker pings). Deployments, or test runs, sharing one Redis database never
read each other's keys, and a worker only takes the tasks of its own deployment.
"""

import hashlib
import re


def derived_prefix(database):
    """The default namespace of the deployment using `database` (a DATABASES entry):
    `gidh-<database name>-<hash of its engine, host, port and name>`. Every process of a
    deployment (web nodes, workers, beat, commands) reads the same DATABASE_URL, so derives the
    same one; another database, or the same name on another server, derives another."""
    name = str(database.get("NAME") or "")
    # A unix socket's folder may be given as the `host` option (the embedded server's).
    host = database.get("HOST") or database.get("OPTIONS", {}).get("host")
    where = "|".join(
        str(part or "") for part in (database.get("ENGINE"), host, database.get("PORT"), name)
    )
    digest = hashlib.sha256(where.encode()).hexdigest()[:8]
    return f"gidh-{re.sub(r'[^A-Za-z0-9_.-]', '_', name)[:40]}-{digest}"
