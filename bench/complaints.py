"""Benchmark: complaints at a city's scale and beyond (DESIGN.md §5).

    LINDUNG_DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_bench_pengaduan \
        .venv/bin/python bench/complaints.py --rows 20000

Creates the database if needed and migrates, writes a generated SP4N-LAPOR!-style file of `--rows`
complaints received over the past year (every category and channel, NIKs of generated residents, one
row in twenty refused: an unknown category or a date in the future), imports it with the service the
command `lindung complaints import` runs (first time, then again: nothing new), closes all but
`--open-share` of them (offices answer: a table of complaints is mostly closed ones), then times what
pages read with that many complaints in the table: the worklist of the labour agency, of BPJS and of a
lurah (first page, the most urgent first, with its counts), the labour agency's list of all complaints
(newest first), and the statistics of the whole year.
Prints the load average so that a figure can be re-taken on a quiet machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
URL = os.environ.setdefault("LINDUNG_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lindung_bench_pengaduan")

CATEGORIES = ["KEPESERTAAN", "KECELAKAAN_KERJA", "KLAIM_MANFAAT", "PENDATAAN", "IURAN", "PUNGLI", "LAINNYA"]
CHANNELS = ["LAPOR", "LISAN", "TERTULIS", "DARING"]
OCCUPATIONS = ["nelayan", "tukang_ojek", "pemulung", "buruh_harian", "pedagang_kaki_lima", "relawan_sosial"]


def first_page(user, **params):
    """What the worklist page reads: the listing's first page and its count, and the open counts."""
    from django.test import RequestFactory
    from django.utils import timezone

    from lindung.grievance import lists, selectors

    request = RequestFactory().get("/pengaduan/petugas/", params)
    request.user = user
    today = timezone.localdate()
    listing = lists.worklist(request, selectors.visible_complaints(user), today)
    return listing.rows, listing.count, selectors.open_counts(user, today)


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def write_file(path: Path, rows: int, seed: int, villages: list[str], niks: list[str]) -> None:
    rng = random.Random(seed)
    now = datetime.now()
    header = ["nomor_lapor", "diterima_pada", "saluran", "kategori", "nama", "nik", "telepon", "kode_wilayah",
              "pekerjaan", "isi"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for i in range(rows):
            channel = rng.choice(CHANNELS)
            received = now - timedelta(minutes=rng.randrange(10, 365 * 24 * 60))
            category = rng.choice(CATEGORIES)
            if i % 20 == 7:
                category = "BANJIR"  # refused: unknown category
            if i % 20 == 13:
                received = now + timedelta(days=3)  # refused: in the future
            out.writerow([
                f"LAPOR-{seed}-{i}" if channel == "LAPOR" else "", received.strftime("%Y-%m-%d %H:%M"), channel,
                category, f"Pelapor {i}", rng.choice(niks) if niks and rng.random() < 0.6 else "",
                f"08{rng.randrange(10**9, 10**10)}", rng.choice(villages), rng.choice(OCCUPATIONS),
                f"Pengaduan nomor {i}: kartu, iuran atau klaim belum beres.",
            ])


def timed(fn, runs: int) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], times[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--open-share", type=float, default=0.05, help="share of complaints left open")
    args = parser.parse_args()
    ensure_database(URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from lindung.accounts.models import Role, User
    from lindung.domain import grievance as g
    from lindung.grievance.services import importing
    from lindung.grievance.statistics import statistics_for
    from lindung.people.models import Person
    from lindung.platform.files import read_table
    from lindung.regions.models import Region
    from lindung.tenants.models import Agency, Tenant

    tenant = Tenant.objects.get(code="balikpapan")
    agency = Agency.objects.get(tenant=tenant, code="disnaker")

    def user(name, role, **kw):
        found, _ = User.objects.get_or_create(username=f"bench-{name}", defaults={"role": role, "tenant": tenant, **kw})
        return found

    labour = user("disnaker", Role.DISNAKER, agency=agency)
    bpjs = user("bpjs", Role.BPJS)
    lurah = user("lurah", Role.KEWILAYAHAN, region=Region.objects.get(code="64.71.01.1001"))
    villages = list(Region.objects.filter(level=4, code__startswith="64.71.").values_list("code", flat=True))
    niks = list(Person.objects.values_list("nik", flat=True)[:5000])

    print(f"load average: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lapor.csv"
        write_file(path, args.rows, args.seed, villages, niks)
        rows = read_table(path, g.LAYOUT)
        for label in ("first time", "again"):
            started = time.perf_counter()
            result = importing.import_complaints(labour, tenant=tenant, rows=rows, source=path.name)
            elapsed = time.perf_counter() - started
            print(f"import {args.rows:,} rows ({label}): {elapsed:.1f} s, {args.rows / elapsed:,.0f} rows/s, "
                  f"{result.counts}")
    from django.db.models.functions import Mod
    from django.utils import timezone

    from lindung.grievance.models import Complaint

    every = max(1, round(1 / args.open_share)) if args.open_share > 0 else 0
    closing = Complaint.objects.filter(status="DITERIMA").annotate(m=Mod("id", every or 1)).exclude(m=0) \
        if every else Complaint.objects.none()
    closed = closing.update(status="SELESAI", due_on=None, at_risk_on=None, open_step="", closed_at=timezone.now())
    from django.db import connection

    if connection.vendor == "postgresql":  # what autovacuum does after a bulk load, at once
        with connection.cursor() as cursor:
            for table in ("grievance_complaint", "grievance_reporter", "grievance_event"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    total = Complaint.objects.count()
    print(f"complaints in the table: {total:,} ({total - Complaint.objects.filter(status='SELESAI').count():,} open; "
          f"{closed:,} closed now)")
    for name, who in (("labour agency", labour), ("BPJS", bpjs), ("lurah", lurah)):
        p50, p95, worst = timed(lambda who=who: first_page(who), args.runs)
        print(f"worklist, {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms")
    p50, p95, worst = timed(lambda: first_page(labour, lihat="semua"), args.runs)
    print(f"all complaints, newest first, labour agency: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms")
    today = datetime.now().date()
    p50, p95, worst = timed(lambda: statistics_for(labour, start=today - timedelta(days=366), end=today), args.runs)
    print(f"statistics of the year (labour agency): p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
