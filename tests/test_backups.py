"""`manage.py backup` / `restore` (make backup / make restore): a backup restored into a fresh
PostgreSQL database, created here and dropped after, holds the same rows and media files."""

import os
import stat
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from gidh_portal import backups
from investments.models import Commitment, ExchangeRate, InvestmentPlan, Priority
from members.models import (
    IndicatorAnswer,
    MemberState,
    Organization,
    ProfileSubmission,
    ReviewEvent,
    User,
)
from resources.models import Resource

from . import factories

MAIN_TABLES = [
    MemberState,
    Organization,
    User,
    ProfileSubmission,
    IndicatorAnswer,
    ReviewEvent,
    InvestmentPlan,
    Priority,
    Commitment,
    ExchangeRate,
    Resource,
]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def url_of(name):
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT'] or 5432}/{name}"


def connect(name):
    s = connection.settings_dict
    return psycopg2.connect(
        dbname=name, user=s["USER"], password=s["PASSWORD"], host=s["HOST"], port=s["PORT"]
    )


def run_outside_transactions(statement):
    handle = connect("postgres")
    handle.autocommit = True
    try:
        handle.cursor().execute(statement)
    finally:
        handle.close()


@pytest.fixture
def fresh_database():
    """A new, empty PostgreSQL database, dropped after the test."""
    name = f"gidh_restore_{uuid.uuid4().hex[:10]}"
    run_outside_transactions(f'CREATE DATABASE "{name}"')
    yield name
    run_outside_transactions(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def usual_umask():
    """The umask of most systems (files 0644, folders 0755), whatever the test runner's."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def fake_backup(folder):
    """A complete, private backup folder whose dump is not one."""
    folder.mkdir(mode=0o700)
    folder.chmod(0o700)
    files = {"database.dump": "{}", "media.tar.gz": "{}"}
    files["manifest.json"] = '{"created_at": "2026-11-28T02:00:00+00:00", "database": "gidh"}'
    for name, text in files.items():
        (folder / name).write_text(text)
        (folder / name).chmod(0o600)
    return folder


def counts(cursor):
    result = {}
    for model in MAIN_TABLES:
        cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')
        result[model._meta.label] = cursor.fetchone()[0]
    return result


# pg_dump reads committed rows; `migrated_rows` puts the reference data back first.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows", "usual_umask")
def test_backup_restores_into_a_fresh_database_with_the_same_rows_and_media(
    kenya, partner, secretariat, settings, tmp_path, fresh_database, capsys
):
    submission = factories.approved_profile(member_state=kenya)
    submission.strategy_document.save("strategy.pdf", ContentFile(PDF))
    plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved")
    factories.CommitmentFactory(plan=plan, organization=partner.organization)
    factories.ResourceFactory(slug="kept")
    stored = Path(settings.MEDIA_ROOT) / submission.strategy_document.name
    with connection.cursor() as cursor:
        before = counts(cursor)
    assert before["investments.Commitment"] == 1 and before["members.MemberState"] == 194

    folder = call_command(
        "backup",
        database_url=url_of(connection.settings_dict["NAME"]),
        output_dir=tmp_path / "backups",
    )
    folder = Path(folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar.gz",
    ]
    assert folder.name.startswith("gidh-")
    output = capsys.readouterr().out
    assert "Dumping the database" in output and "(1 files)" in output
    # Password hashes and drafts: owner only, the folder BACKUP_DIR made for it too.
    assert mode(tmp_path / "backups") == 0o700
    assert mode(folder) == 0o700
    assert {path.name: mode(path) for path in folder.iterdir()} == {
        "database.dump": 0o600,
        "manifest.json": 0o600,
        "media.tar.gz": 0o600,
    }

    # A folder other users can read is refused, saying how to fix it; nothing is restored.
    restored_media = tmp_path / "restored-media"
    folder.chmod(0o755)
    (folder / "database.dump").chmod(0o644)
    with pytest.raises(CommandError) as refused:
        call_command(
            "restore",
            str(folder),
            database_url=url_of(fresh_database),
            media_root=restored_media,
            interactive=False,
        )
    message = str(refused.value)
    assert "open to every user of this machine" in message
    assert f"{folder.name} drwxr-xr-x, database.dump -rw-r--r--" in message
    assert f"chmod 700 {folder} && chmod 600 {folder}/*" in message and "--force" in message
    assert not restored_media.exists()
    folder.chmod(0o700)
    (folder / "database.dump").chmod(0o600)

    call_command(
        "restore",
        str(folder),
        database_url=url_of(fresh_database),
        media_root=restored_media,
        interactive=False,
    )
    assert "Restore complete." in capsys.readouterr().out
    restored = connect(fresh_database)
    try:
        cursor = restored.cursor()
        assert counts(cursor) == before
        cursor.execute(
            "SELECT strategy_document FROM members_profilesubmission WHERE id = %s",
            [submission.pk],
        )
        assert cursor.fetchone()[0] == submission.strategy_document.name
    finally:
        restored.close()
    assert (restored_media / submission.strategy_document.name).read_bytes() == PDF
    assert stored.read_bytes() == PDF

    # Restoring again over the restored database replaces it (--clean --if-exists); --force
    # restores a folder others can read.
    folder.chmod(0o755)
    call_command(
        "restore",
        str(folder),
        database_url=url_of(fresh_database),
        media_root=restored_media,
        interactive=False,
        force=True,
    )
    assert "Restore complete." in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows", "own_cache")
def test_a_restore_drops_the_cached_pages_and_sessions(settings, tmp_path, client_for, partner):
    settings.RESPONSE_CACHE = True
    factories.ResourceFactory(title="Kept in the backup")
    url = url_of(connection.settings_dict["NAME"])
    folder = call_command("backup", database_url=url, output_dir=tmp_path / "backups")
    # Changed without the services (which would bump the version), then shown and cached.
    Resource.objects.update(title="Written after the backup")
    anonymous = client_for(None)
    assert b"Written after the backup" in anonymous.get("/resources/").content
    assert anonymous.get("/resources/")["X-Response-Cache"] == "hit"
    # A session opened after the backup: in the database and in the cache.
    signed_in = client_for(partner)
    assert signed_in.get("/account/").status_code == 200

    call_command(
        "restore", folder, database_url=url, media_root=tmp_path / "media", interactive=False
    )

    page = anonymous.get("/resources/")
    assert page["X-Response-Cache"] == "miss"
    assert b"Kept in the backup" in page.content
    assert b"Written after the backup" not in page.content
    # The session is gone with the database it was in: its cached copy too.
    assert signed_in.get("/account/").status_code == 302


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (None, "DATABASE_URL is not set"),
        ("", "DATABASE_URL is not set"),
        ("mysql://u:p@localhost/db", "is not a PostgreSQL URL"),
    ],
)
def test_backup_and_restore_refuse_other_databases(tmp_path, url, message):
    with pytest.raises(CommandError, match=message):
        call_command("backup", database_url=url, output_dir=tmp_path)
    fake_backup(tmp_path / "complete")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(tmp_path / "complete"), database_url=url, interactive=False)


def test_the_embedded_servers_socket_folder_is_the_tools_host():
    database = backups.Database.from_url("postgres://postgres@/gidh_portal?host=/srv/gidh/.pgdata")
    assert database.environment == {
        "PGDATABASE": "gidh_portal",
        "PGUSER": "postgres",
        "PGHOST": "/srv/gidh/.pgdata",
    }


def test_restore_refuses_an_incomplete_or_missing_folder(tmp_path):
    url = "postgres://postgres:postgres@127.0.0.1:5432/never_touched"
    with pytest.raises(CommandError, match="No backup folder"):
        call_command("restore", str(tmp_path / "nowhere"), database_url=url, interactive=False)
    (tmp_path / "interrupted").mkdir()
    (tmp_path / "interrupted" / "database.dump").write_bytes(b"PGDMP")
    with pytest.raises(CommandError, match=r"incomplete \(missing manifest.json, media.tar.gz\)"):
        call_command("restore", str(tmp_path / "interrupted"), database_url=url, interactive=False)


@pytest.mark.parametrize(
    ("name", "permissions", "shown"),
    [
        (".", 0o701, "drwx-----x"),
        ("manifest.json", 0o604, "-rw----r--"),
        ("media.tar.gz", 0o602, "-rw-----w-"),
    ],
)
@pytest.mark.django_db  # forced, the restore reads the portal's sessions before pg_restore
def test_restore_refuses_a_folder_or_file_other_users_can_open(tmp_path, name, permissions, shown):
    folder = fake_backup(tmp_path / "gidh-20261128-020000")
    (folder / name).chmod(permissions)
    url = "postgres://postgres:postgres@127.0.0.1:5432/never_touched"
    label = folder.name if name == "." else name
    with pytest.raises(
        CommandError, match=f"open to every user of this machine \\({label} {shown}\\)"
    ):
        call_command("restore", str(folder), database_url=url, interactive=False)
    # Forced, it goes on (and here pg_restore refuses the fake dump).
    with pytest.raises(CommandError, match="pg_restore failed"):
        call_command("restore", str(folder), database_url=url, interactive=False, force=True)


def test_a_failed_backup_leaves_no_folder_and_says_why(tmp_path):
    url = "postgres://postgres:postgres@127.0.0.1:5432/gidh_no_such_database"
    with pytest.raises(CommandError, match=r'(?s)pg_dump failed.*"gidh_no_such_database" does not'):
        call_command("backup", database_url=url, output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []
