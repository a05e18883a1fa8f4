"""gunicorn's settings, the same in production and under `make bench`:
`gunicorn -c python:gidh_portal.gunicorn gidh_portal.wsgi` (docs/operations.md "Web server").

Threaded workers: a request spends part of its time waiting for PostgreSQL (and Redis), and a
synchronous worker sits idle while it does. With a few threads per worker, one thread renders
while another waits, so the same CPUs serve more requests (docs/performance.md, fifth session).
Each thread holds its own database connection: a node opens up to workers × threads of them.
The command line and gunicorn's own variables (WEB_CONCURRENCY for the workers,
GUNICORN_CMD_ARGS) override these.
"""

import os

worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
