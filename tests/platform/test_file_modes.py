"""Finding 8 of issue 12: everything Lindung writes is readable by its service account only (files 0600,
folders 0700: the SQLite database, uploads, results, extracts), and the production settings pass
`lindung check --deploy` with no warning (HSTS, SSL redirect, secure cookies), while `make run` (DEBUG)
still serves plain http."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from lindung.domain.exchange import APPLICANTS, BPJS_REGISTRY, POVERTY
from lindung.platform import storage
from lindung.platform.files import write_table
from lindung.registers import services as registers
from tests.registers.conftest import applicant, write_csv

LINDUNG = Path(sys.executable).with_name("lindung")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def private(path: Path) -> bool:
    """The file is 0600 and every folder from it up to MEDIA_ROOT is 0700."""
    path = Path(path)
    if mode(path) != 0o600:
        return False
    root = storage.root().resolve()
    folder = path.resolve().parent
    while folder != root and root in folder.parents:
        if mode(folder) != 0o700:
            return False
        folder = folder.parent
    return True


def test_uploads_results_and_extracts_are_private(users, tmp_path, django_capture_on_commit_callbacks):
    for kind, layout, row in (("kemiskinan", POVERTY, {"nik": "6471011705900001", "desil": "2"}),
                              ("bpjs", BPJS_REGISTRY, {"nik": "6471011705900002", "status": "AKTIF"})):
        source = write_csv(tmp_path / f"{kind}.csv", [row], layout.columns)
        dataset = registers.import_reference_dataset(users["labour"], kind=kind, path=source, original_name=source.name,
                                                     snapshot_date=date(2025, 6, 30))
        assert private(dataset.path), kind
    path = write_csv(tmp_path / "pendaftar.csv", [applicant()], APPLICANTS.columns)
    with django_capture_on_commit_callbacks(execute=True):
        job = registers.start_screening(users["dinsos"], upload=SimpleUploadedFile("p.csv", path.read_bytes()),
                                        ruleset_id="balikpapan-perwali-3-2025")
    job.refresh_from_db()
    assert private(job.input_file) and private(job.output_file) and private(job.result["table"])
    kept = storage.store_spreadsheet(SimpleUploadedFile("x.csv", b"nik\n1\n"), "csv")
    assert private(storage.absolute(kept.path))
    _, target = storage.new_output("hasil", "csv")
    assert private(write_table([{"a": "1"}], target))


def _production(tmp_path, *args, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LINDUNG_", "DJANGO_"))}
    environment.update({"LINDUNG_DATA_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "lindung.settings"}, **env)
    return subprocess.run([str(LINDUNG), *args], env=environment, capture_output=True, text=True, timeout=120)


def test_the_data_folder_database_and_key_are_private(tmp_path):
    done = _production(tmp_path, "shell", "-c",
                       "from django.db import connection; connection.cursor().execute('CREATE TABLE t (a)')")
    assert done.returncode == 0, done.stderr
    var = tmp_path / "var"
    assert mode(var) == 0o700 and mode(var / "lindung.sqlite3") == 0o600 and mode(var / "secret_key") == 0o600


def test_production_settings_pass_the_deployment_check(tmp_path):
    done = _production(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_development_keeps_plain_http(tmp_path):
    done = _production(tmp_path, "shell", "-c",
                       "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
                       "s.SESSION_COOKIE_SECURE)", LINDUNG_DEBUG="1")
    assert done.stdout.splitlines()[-1].split() == ["False", "0", "False"], done.stderr
