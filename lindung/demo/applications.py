"""This year's first applications in the demo city: a spreadsheet the labour agency uploads (the same
bulk intake officers use), then each demo officer verifies what is theirs and plain by the rules, so
the application list, the verification worklists and the monitoring funnel have something to show."""

from __future__ import annotations

import time
from datetime import date

import polars as pl
from django.core.files.uploadedfile import SimpleUploadedFile

from lindung.accounts.models import Role, User
from lindung.applications.models import Application, Cycle
from lindung.applications.services import bulk_intake, verify
from lindung.jobs import services as jobs
from lindung.jobs.models import Job

VERIFYING_ROLES = (Role.PERANGKAT_DAERAH, Role.KEWILAYAHAN)


def create_applications(users: list[User], *, programme: str, applicants_file, rows: int = 150,
                        today: date | None = None) -> list[str]:
    """Skips itself when the cycle already has applications. Runs the upload's job here and now (the
    demo is loaded before `make run` starts the background worker; one already running may claim the
    job first, and the demo waits for it)."""
    today = today or date.today()
    cycle = Cycle.objects.filter(programme__code=programme, year=today.year).first()
    if cycle is None or Application.objects.filter(cycle=cycle).exists():
        return []
    labour = next(u for u in users if u.role == Role.DISNAKER and not u.is_head)
    # Application dates up to today only: the synthetic file spreads them over the whole year.
    sample = (pl.read_csv(applicants_file, infer_schema=False)
              .filter(pl.col("tanggal_daftar") <= today.isoformat()).head(rows))
    upload = SimpleUploadedFile("usulan-contoh.csv", sample.write_csv().encode())
    bulk, _created = bulk_intake.start_upload(labour, cycle=cycle, upload=upload)
    job = jobs.execute(str(bulk.job_id))
    for _ in range(600):  # a running worker may have claimed it first: wait for it
        if job.status in (Job.Status.SELESAI, Job.Status.GAGAL):
            break
        time.sleep(0.5)
        job.refresh_from_db()
    waiting = Application.objects.filter(cycle=cycle, status=Application.Status.DIAJUKAN)
    approved = rejected = 0
    for officer in (u for u in users if u.role in VERIFYING_ROLES):
        approved += verify.approve_eligible(officer, applications=waiting)
        rejected += verify.reject_ineligible(officer, applications=waiting)
    total = Application.objects.filter(cycle=cycle).count()
    return [f"Usulan {today.year}: {total} dari unggahan contoh; petugas memverifikasi {approved} dan menolak "
            f"{rejected} menurut aturan, sisanya menunggu di Verifikasi"]
