"""`make run`'s embedded PostgreSQL (gidh_portal/devserver.py): a real server in a folder of
its own, started, used, stopped and started again on the same data."""

import json
import os
import shutil
import tempfile
from pathlib import Path

import psycopg2
import pytest

from gidh_portal import backups
from gidh_portal.devserver import EmbeddedPostgres


@pytest.fixture
def server():
    # Not under pytest's tmp_path: run as root, the server runs as a system user that must
    # reach its folder, and each pytest run makes /tmp/pytest-of-root owner-only again.
    folder = Path(tempfile.mkdtemp(prefix="gidh-devserver-"))
    server = EmbeddedPostgres(folder / "pgdata")
    yield server
    server.stop()
    shutil.rmtree(folder)


def query(url, sql):
    connection = psycopg2.connect(url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


def test_the_server_starts_on_a_unix_socket_in_its_folder_and_stops(server):
    url = server.start()

    assert server.running()
    assert url.startswith("postgres://postgres@/gidh_portal?host=")
    assert (server.data_dir / ".s.PGSQL.5432").is_socket()
    assert query(url, "SHOW listen_addresses") == [("",)]
    assert query(url, "SELECT current_setting('server_version_num')::int / 10000") == [(18,)]
    # The extensions the catalogue's search migrations create.
    query(url, "CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm")
    assert query(url, "SELECT unaccent('Côte d''Ivoire')") == [("Cote d'Ivoire",)]

    server.stop()

    assert not server.running()
    with pytest.raises(psycopg2.OperationalError):
        query(url, "SELECT 1")


def test_a_second_start_reuses_the_data(server):
    url = server.start()
    query(url, "CREATE TABLE kept (name text); INSERT INTO kept VALUES ('first run')")
    server.stop()
    created = (server.data_dir / "PG_VERSION").stat().st_mtime_ns

    assert server.start() == url

    assert query(url, "SELECT name FROM kept") == [("first run",)]
    assert (server.data_dir / "PG_VERSION").stat().st_mtime_ns == created


def test_a_stale_postmaster_pid_of_a_killed_server_does_not_stop_the_next_start(server):
    url = server.start()
    server.stop()
    # What a killed server leaves behind, its process id since taken by another process.
    (server.data_dir / "postmaster.pid").write_text(f"{os.getpid()}\n{server.data_dir}\n")
    assert not server.running()

    server.start()

    assert query(url, "SELECT 1") == [(1,)]


def test_a_server_already_running_is_used_as_it_is(server):
    url = server.start()
    pid = (server.data_dir / "postmaster.pid").read_text().split()[0]

    assert EmbeddedPostgres(server.data_dir).start() == url

    assert (server.data_dir / "postmaster.pid").read_text().split()[0] == pid


def test_a_folder_too_deep_for_a_unix_socket_is_refused_with_the_way_out(tmp_path):
    with pytest.raises(SystemExit, match="set DATABASE_URL"):
        EmbeddedPostgres(tmp_path / ("x" * 120))


def test_a_backup_of_the_embedded_database_uses_its_own_client_tools(server, tmp_path):
    """`make backup` after `make run`: the embedded PostgreSQL 18 is dumped with the wheel's
    pg_dump (a system pg_dump of an older version refuses a newer server)."""
    url = server.start()
    query(url, "CREATE TABLE kept (name text); INSERT INTO kept VALUES ('a row')")
    folder = backups.backup(
        database_url=url, media_root=tmp_path / "media", output_dir=tmp_path / "backups",
        report=lambda line: None,
    )  # fmt: skip
    manifest = json.loads((folder / "manifest.json").read_text())
    assert "18." in manifest["pg_dump"]
    assert (folder / "database.dump").stat().st_size > 0
    assert (folder / "database.dump").stat().st_mode & 0o777 == 0o600
