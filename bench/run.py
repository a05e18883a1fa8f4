"""`make bench`: the portal under load, beside the floor of what the hardware can do.

1. Migrates a dedicated PostgreSQL database and seeds the large scale once (reused when present).
2. Draws each class's traffic (bench/traffic.py: ≥ 400 distinct URLs from the data, seeded),
   signs in the users of the signed-in classes and counts the SQL queries over a sample of each
   class (in-process, Django test client; bench/prepare_traffic.py).
3. Serves the portal with gunicorn (production settings, 2 workers, Redis cache), once with the
   response cache off and once with it on, and the floor app (bench/floor.py: raw psycopg2 +
   orjson in a bare WSGI app) under the same server, answering the same varied requests.
4. Drives each class with wrk from a separate process on loopback (16 connections, bounded
   time, the class's URLs in order: bench/wrk_report.lua), its floor just before the portal's
   first pass over it (and `--rounds N` times each, alternately: the medians are reported),
   prints one table and writes bench/results.json; the one-URL endpoints of before
   (bench/endpoints.py) as a second table.

Usage: python bench/run.py [--duration 8] [--connections 16] [--only NAME ...] [--skip-seed]
                           [--cache off on] [--seed N] [--rounds 1]
"""

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.endpoints import ENDPOINTS, PLAN_SQL, RESOURCE_SQL  # noqa: E402
from bench.traffic import CLASSES  # noqa: E402

PYTHON = sys.executable
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/gidh_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
PORTAL_PORT, FLOOR_PORT = 8771, 8772
WORKERS = 2


def portal_env(*, response_cache):
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        # Loopback without TLS: the HTTPS redirect and secure cookies are all that differs from
        # a production deployment behind a TLS-terminating proxy.
        "HTTPS": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "RESPONSE_CACHE": "1" if response_cache else "0",
        # wrk sends thousands of requests a second from one address: no API throttling.
        "THROTTLE_ANON": "off",
        "THROTTLE_USER": "off",
        "LOG_LEVEL": "WARNING",
    }


def log(message):
    print(message, flush=True)


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(*, skip_seed):
    env = portal_env(response_cache=False)
    log(f"Database: {DATABASE_URL.rsplit('@', 1)[-1]}")
    subprocess.run([PYTHON, "-c", CREATE_DATABASE, DATABASE_URL], cwd=ROOT, env=env, check=True)
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    if not skip_seed and not sql(SEEDED_SQL):
        started = time.monotonic()
        manage("seed_demo", "--scale", "large", "--force", "--password", "bench-password", env=env)
        # The bulk seeder writes each resource row twice (facet arrays, migration 0005).
        sql("VACUUM (FULL, ANALYZE) resources_resource")
        sql("VACUUM ANALYZE")
        log(f"Seeded the large scale in {time.monotonic() - started:.0f} s (ANALYZE included)")
    else:
        log("Reusing the seeded benchmark database.")


# The last thing `seed_demo --scale large` creates: its presence means the seed is complete.
SEEDED_SQL = "SELECT 1 FROM investments_commitment HAVING count(*) >= 50000"


def sql(statement):
    import psycopg2

    connection = psycopg2.connect(DATABASE_URL)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def resolve_paths(endpoints):
    """Fill `{plan}` and `{resource}` in the paths from the database (same rows as the floor)."""
    values = {"plan": sql(PLAN_SQL)[0], "resource": sql(RESOURCE_SQL)[0]}
    return [replace(e, path=e.path.format(**values)) for e in endpoints]


CREATE_DATABASE = """
import sys, psycopg2, urllib.parse
url = urllib.parse.urlparse(sys.argv[1])
name = url.path.lstrip("/")
conn = psycopg2.connect(host=url.hostname, port=url.port or 5432, user=url.username,
                        password=url.password, dbname="postgres")
conn.autocommit = True
with conn.cursor() as cur:
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    if not cur.fetchone():
        cur.execute(f'CREATE DATABASE "{name}"')
"""


def prepare_traffic(names, *, seed, folder):
    env = portal_env(response_cache=False)
    out = subprocess.run(
        [PYTHON, "bench/prepare_traffic.py", str(seed), str(folder), *names],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"Nothing answered on 127.0.0.1:{port} within {timeout} s.")


def wait_for_answer(url, timeout=180):
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer 200 within {timeout} s.")


class Server:
    def __init__(self, app, port, env, ready_path):
        self.ready_path = ready_path
        self.command = [
            PYTHON, "-m", "gunicorn", app,
            "--workers", str(WORKERS),
            "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning",
            "--backlog", "2048",
        ]  # fmt: skip
        self.port = port
        self.env = env

    def __enter__(self):
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env)
        wait_for_port(self.port)
        # The port is bound before the workers have imported the app: wait for both workers to
        # answer, or the first endpoint measures their boot.
        for _ in range(WORKERS * 2):
            wait_for_answer(f"http://127.0.0.1:{self.port}{self.ready_path}")
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


WRK_THREADS = 2


def drain(server):
    """Wait for the requests wrk left in flight (the server still answers them) to be answered:
    one cheap request per worker queues behind them."""
    for _ in range(WORKERS):
        wait_for_answer(f"http://127.0.0.1:{server.port}{server.ready_path}")


def run_wrk(server, urls, *, duration, connections):
    """wrk's figures for the requests of the file `urls` (lines "path<TAB>cookie") sent to
    `server`, after a warm-up whose requests are answered before the measure starts."""
    env = {**os.environ, "WRK_THREADS": str(WRK_THREADS), "WRK_URLS": str(urls)}
    url = f"http://127.0.0.1:{server.port}/"
    # Warm-up first (connection pools, caches, JIT-free but page-cache-warm), then the measure.
    wrk = ["wrk", "-t", str(WRK_THREADS), "-c", str(connections), "--timeout", "10s",
           "-s", str(ROOT / "bench" / "wrk_report.lua")]  # fmt: skip
    subprocess.run([*wrk, "-d", "2s", url], capture_output=True, check=True, env=env)
    drain(server)
    out = subprocess.run([*wrk, "-d", f"{duration}s", url], capture_output=True, text=True, env=env)
    drain(server)  # before the next class
    match = re.search(r"WRK_JSON (\{.*\})", out.stdout)
    if not match:
        raise SystemExit(f"wrk failed on {url}:\n{out.stdout}\n{out.stderr}")
    figures = json.loads(match.group(1))
    if not figures["requests"]:
        # wrk records only the requests that complete within the duration.
        log(f"  no request completed within {duration} s: no latency figures")
        return {"rps": 0.0, "p50_ms": None, "p95_ms": None, "p99_ms": None,
                "errors": figures["errors"] + figures["non_2xx_3xx"]}  # fmt: skip
    return {
        "rps": round(figures["requests"] / (figures["duration_us"] / 1e6), 1),
        "p50_ms": round(figures["p50_us"] / 1000, 2),
        "p95_ms": round(figures["p95_us"] / 1000, 2),
        "p99_ms": round(figures["p99_us"] / 1000, 2),
        "errors": figures["errors"] + figures["non_2xx_3xx"],
    }


def failing_urls(port, urls, limit=5):
    """The first few of the file's distinct requests that answer neither 2xx nor 3xx."""
    failing, tried = [], set()
    for line in Path(urls).read_text().splitlines():
        if line in tried or len(tried) >= 200 or len(failing) >= limit:
            continue
        tried.add(line)
        path, _, cookie = line.partition("\t")
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            urllib.request.urlopen(request, timeout=30).close()
        except urllib.error.HTTPError as error:
            if error.code >= 400:
                failing.append(f"{error.code} {path}")
        except OSError as error:
            failing.append(f"{error} {path}")
    return failing


def machine():
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "gunicorn_workers": WORKERS,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per class")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--only", nargs="*", help="class names to run (default: all)")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database as it is")
    parser.add_argument(
        "--cache", nargs="+", choices=["off", "on"], default=["off", "on"], help="response cache"
    )
    parser.add_argument("--seed", type=int, help="seed of the drawn URLs (default: random)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measures of each class (floor, then portal) whose medians are reported",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk (make bench does it).")

    classes = [c for c in CLASSES if not args.only or c.name in args.only]
    endpoints = [e for e in ENDPOINTS if not args.only or e.name in args.only]
    seed = args.seed if args.seed is not None else random.randrange(2**31)
    prepare_database(skip_seed=args.skip_seed)
    endpoints = resolve_paths(endpoints)
    folder = Path(tempfile.mkdtemp(prefix="gidh-bench-"))
    log(f"Drawing the traffic (seed {seed}) into {folder}")
    traffic = prepare_traffic([c.name for c in classes], seed=seed, folder=folder)
    if not traffic.pop("keyset"):
        log(
            "Keyset cursors not available (gidh_portal.pagination.keyset): the deep-page "
            "classes fall back to ?page=N within the first 20 pages."
        )
    for name, drawn in traffic.items():
        log(f"{name}: {drawn['distinct_urls']} distinct URLs, {drawn['queries']} queries at most")
        for failure in drawn["failing"]:
            log(f"  fails in-process: {failure}")
    for endpoint in endpoints:
        (folder / f"one-url-{endpoint.name}.urls").write_text(f"{endpoint.path}\t\n")
    load_before = os.getloadavg()

    rows, one_url = [], []
    floors = {}  # class name → the floor's figures of each round
    # Each class's floor is measured just before the portal's first pass over the same URLs, so
    # that a ratio compares two measures a few seconds apart, not minutes (the load of a shared
    # machine drifts). The floor's server idles while the portal's runs, and the other way round.
    log("Floor (raw psycopg2 + orjson in a bare WSGI app) and portal, under gunicorn")
    floor_env = portal_env(response_cache=False)
    with Server("bench.floor:application", FLOOR_PORT, floor_env, "/home") as floor_server:
        for cache in args.cache:
            log(f"Response cache {cache}, {args.rounds} round(s) per class")
            env = portal_env(response_cache=cache == "on")
            flush_cache()
            with Server("gidh_portal.wsgi", PORTAL_PORT, env, "/api/v1/member-states/") as server:
                for traffic_class in classes:
                    name = traffic_class.name
                    urls = folder / f"{name}.urls"
                    measured = []
                    for round_number in range(args.rounds):
                        if len(floors.setdefault(name, [])) <= round_number:
                            floors[name].append(
                                run_wrk(
                                    floor_server,
                                    folder / f"{name}.floor",
                                    duration=args.duration,
                                    connections=args.connections,
                                )
                            )
                        if cache == "on":  # every round starts from an empty cache
                            flush_cache()
                        measured.append(
                            run_wrk(
                                server, urls, duration=args.duration, connections=args.connections
                            )
                        )
                    figures, floor = median_figures(measured), median_figures(floors[name])
                    if figures["errors"]:
                        for failure in failing_urls(PORTAL_PORT, urls):
                            log(f"  {name} fails: {failure}")
                    rows.append(
                        {
                            "name": name,
                            "cache": cache,
                            "signed_in": traffic_class.signed_in,
                            "distinct_urls": traffic[name]["distinct_urls"],
                            **figures,
                            "queries": traffic[name]["queries"],
                            "floor_rps": floor["rps"],
                            "floor_p95_ms": floor["p95_ms"],
                            "ratio_p95": ratio(figures["p95_ms"], floor["p95_ms"]),
                            "target_ratio": traffic_class.target_ratio,
                            "rounds": args.rounds,
                            "p95_rounds_ms": [round_["p95_ms"] for round_ in measured],
                            "floor_p95_rounds_ms": [round_["p95_ms"] for round_ in floors[name]],
                        }
                    )
                for endpoint in endpoints:
                    urls = folder / f"one-url-{endpoint.name}.urls"
                    figures = run_wrk(
                        server, urls, duration=args.duration, connections=args.connections
                    )
                    one_url.append(
                        {
                            "name": endpoint.name,
                            "path": endpoint.path,
                            "cache": cache,
                            "rps": figures["rps"],
                            "one_url_p95_ms": figures["p95_ms"],
                            "errors": figures["errors"],
                        }
                    )
    print_table(rows)
    print_one_url_table(one_url)
    load_after = os.getloadavg()
    log(
        f"Load average (1 min) before: {load_before[0]:.2f}, after: {load_after[0]:.2f} "
        f"on {os.cpu_count()} CPUs; seed {seed}"
    )
    results = {
        "machine": {
            **machine(),
            "load_average_before": load_before,
            "load_average_after": load_after,
        },
        "seed": seed,
        "connections": args.connections,
        "duration_s": args.duration,
        "classes": rows,
        "one_url": one_url,
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    log("Written: bench/results.json")
    shutil.rmtree(folder)


def flush_cache():
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True, check=False)


def median_figures(measured):
    """The median of each figure over the rounds of one class (errors added up)."""
    figures = {"errors": sum(round_["errors"] for round_ in measured)}
    for key in ("rps", "p50_ms", "p95_ms", "p99_ms"):
        values = [round_[key] for round_ in measured if round_[key] is not None]
        figures[key] = round(statistics.median(values), 2) if values else None
    return figures


def ratio(p95, floor_p95):
    if p95 is None or floor_p95 is None:
        return None
    return round(p95 / max(floor_p95, 0.01), 2)


def number(value, width):
    return f"{value:>{width}.2f}" if value is not None else f"{'—':>{width}}"


def print_table(rows):
    header = (
        f"{'class':<29} {'cache':<5} {'urls':>5} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'queries':>7} {'floor p95':>9} {'ratio':>6} {'target':>6} {'errors':>6}"
    )
    print()
    print(header)
    print("-" * len(header))
    for row in rows:
        target = f"≤{row['target_ratio']}×" if row["cache"] == "off" else ""
        print(
            f"{row['name']:<29} {row['cache']:<5} {row['distinct_urls']:>5} {row['rps']:>7.1f} "
            f"{number(row['p50_ms'], 8)} {number(row['p95_ms'], 8)} {number(row['p99_ms'], 8)} "
            f"{row['queries']:>7} {number(row['floor_p95_ms'], 9)} {number(row['ratio_p95'], 6)} "
            f"{target:>6} {row['errors']:>6}"
        )


def print_one_url_table(rows):
    """The one fixed URL per endpoint of before: secondary, never the acceptance."""
    if not rows:
        return
    print("\nOne URL per endpoint (before issue 18; secondary):")
    print(f"{'endpoint':<29} {'cache':<5} {'req/s':>7} {'p95 ms':>8} {'errors':>6}")
    for row in rows:
        print(
            f"{row['name']:<29} {row['cache']:<5} {row['rps']:>7.1f} "
            f"{number(row['one_url_p95_ms'], 8)} {row['errors']:>6}"
        )


if __name__ == "__main__":
    main()
