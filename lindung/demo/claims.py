"""The demo city's claims: BPJS's claim report for the running programme, imported by the BPJS officer
(death claims propose terminations the labour agency decides), and a civil-registry deaths file naming
participants with no JKM claim yet (the agency's worklist). Skips itself once the programme has claims."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import polars as pl
from django.conf import settings

from lindung.accounts.models import Role, User
from lindung.claims import exchange as claim_files
from lindung.claims.models import Claim
from lindung.claims.services import imports
from lindung.membership import exchange as membership_files
from lindung.membership.models import TerminationProposal
from lindung.membership.services import terminations
from lindung.programs.models import Programme
from lindung.synth.claims import write_claims

SEED = 2026


def create_claims(users: list[User], code: str, *, today: date | None = None) -> list[str]:
    programme = Programme.objects.filter(code=code).first()
    if programme is None or Claim.objects.filter(programme=programme).exists():
        return []
    today = today or date.today()
    workdir = Path(settings.DATA_DIR) / "demo"
    bpjs = next(u for u in users if u.role == Role.BPJS)
    labour = next(u for u in users if u.role == Role.DISNAKER)
    members = workdir / "peserta.csv"
    report = workdir / "klaim-bpjs.csv"
    count = write_claims(report, participants=members, seed=SEED, today=today)
    outcome = imports.import_claims(bpjs, programme=programme, rows=claim_files.read_claims(programme, report),
                                    file_name=report.name, today=today)
    claim_files.write_result(outcome.lines, workdir / "klaim-bpjs-hasil.csv")
    done = [f"Laporan klaim BPJS: {count} klaim diimpor oleh petugas BPJS ({report}); "
            f"{outcome.proposed} usulan penghentian karena klaim kematian"]
    # Two working participants the civil registry says died last month, with no claim: the agency's worklist.
    alive = pl.read_csv(members, infer_schema=False).filter(pl.col("akhir_kepesertaan").is_null())
    claimed = set(Claim.objects.filter(programme=programme).values_list("participant__person__nik", flat=True))
    died = (today.replace(day=1) - timedelta(days=10)).isoformat()
    deaths = workdir / "kematian-dukcapil.csv"
    with deaths.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["nik", "nama", "tanggal_meninggal", "nomor_akta"])
        for i, row in enumerate(r for r in alive.iter_rows(named=True) if r["nik"] not in claimed):
            if i == 2:
                break
            writer.writerow([row["nik"], row["nama"], died, f"6471-KM-{today.year}-{i + 1:05d}"])
    terminations.import_termination_proposals(labour, programme=programme, rows=membership_files.read_terminations(
        programme, deaths), source=TerminationProposal.Source.DUKCAPIL_MENINGGAL, file_name=deaths.name)
    done.append(f"Data kematian Disdukcapil: 2 peserta meninggal tanpa klaim JKM ({deaths})")
    return done
