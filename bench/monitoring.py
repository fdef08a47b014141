"""Benchmark: the monitoring pages with 1,000,000 participants and 1,000,000 applications in PostgreSQL
(DESIGN.md §5: "monitoring pages p95 under 500 ms").

    LINDUNG_DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_bench_monitoring \\
        .venv/bin/python bench/monitoring.py --rows 1000000

Loads once (skipped when the programme exists): residents from `lindung synth` with COPY (as
bench/web_search.py does), then in set-based SQL, never ORM loops: a programme with one participant per
resident (memberships from February 2025, 10% ended for a Pasal 10 reason), this year's cycle with one
application per resident spread over every status with the rule set's findings, the audit trail the
workflow services write (batch moves of 20,000 applications, one event per rejection), and three paid
months of reconciled contributions. Then times the daily computation (`lindung monitoring refresh`), and
requests every monitoring page in-process (middleware, session, template) as the TVEM member: p50/p95/max.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
URL = os.environ.setdefault("LINDUNG_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lindung_bench_monitoring")

from bench.web_search import ensure_database, load_persons, report, timed  # noqa: E402

CODE = "bench-monev"
BATCH = 20_000  # applications per batch move, as a BPJS check or a consolidation of a large cycle
# Where the applications stand (per 20): most verified and beyond, a tenth rejected, some still waiting.
STATUS_BY_REMAINDER = (["DIAJUKAN"] * 2 + ["DIKEMBALIKAN"] + ["DITOLAK"] * 2 + ["DIVERIFIKASI"] * 2 + ["CEK_BPJS"] * 2
                       + ["LOLOS_BPJS", "SUDAH_PESERTA"] + ["KONSOLIDASI"] * 2 + ["CADANGAN"] + ["DITETAPKAN"] * 3
                       + ["TERDAFTAR"] * 3)
# The statuses a batch event moved applications into, with the ones that must have passed through it.
BATCHES = (
    ("DIVERIFIKASI", "application.approve_eligible", 5,
     ("DIVERIFIKASI", "CEK_BPJS", "LOLOS_BPJS", "SUDAH_PESERTA", "KONSOLIDASI", "CADANGAN", "DITETAPKAN", "TERDAFTAR")),
    ("CEK_BPJS", "bpjs_check.start", 20,
     ("CEK_BPJS", "LOLOS_BPJS", "SUDAH_PESERTA", "KONSOLIDASI", "CADANGAN", "DITETAPKAN", "TERDAFTAR")),
    ("LOLOS_BPJS", "bpjs_check.not_participant", 45, ("LOLOS_BPJS", "KONSOLIDASI", "CADANGAN", "DITETAPKAN", "TERDAFTAR")),
    ("SUDAH_PESERTA", "bpjs_check.already_participant", 45, ("SUDAH_PESERTA",)),
    ("KONSOLIDASI", "consolidation.add", 60, ("KONSOLIDASI", "CADANGAN", "DITETAPKAN", "TERDAFTAR")),
    ("CADANGAN", "consolidation.reserve", 61, ("CADANGAN",)),
    ("DITETAPKAN", "decree.fix", 90, ("DITETAPKAN", "TERDAFTAR")),
    ("TERDAFTAR", "enrolment.enrol", 120, ("TERDAFTAR",)),
)
FINDINGS = {
    "TIDAK_LAYAK": '[{"code": "BUKAN_MISKIN", "effect": "TIDAK_LAYAK", "message": "-", "cite": "Pasal 5 ayat (1) huruf b"}, '
                   '{"code": "PENGHASILAN_TIDAK_DI_BAWAH_UMK", "effect": "TIDAK_LAYAK", "message": "-", "cite": "Pasal 5 ayat (1) huruf f"}]',
    "PERLU_VERIFIKASI": '[{"code": "DATA_KEMISKINAN_TIDAK_ADA", "effect": "PERLU_VERIFIKASI", "message": "-", "cite": "Pasal 5 ayat (1) huruf b"}]',
    "LAYAK_PRIORITAS": '[{"code": "PRIORITAS_MISKIN_EKSTREM", "effect": "PRIORITAS", "message": "-", "cite": "Pasal 5 ayat (2)"}]',
}


def execute(sql: str, params=()) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def load(rows: int, seed: int) -> None:
    from django.db import transaction

    from lindung.applications.models import Cycle
    from lindung.programs import services as programmes
    from lindung.programs.models import Programme
    from lindung.tenants.models import Tenant

    if Programme.objects.filter(code=CODE).exists():
        print(f"programme {CODE} already loaded")
        return
    load_persons(rows, seed)
    started = time.perf_counter()
    tenant = Tenant.objects.get(code="balikpapan")
    with transaction.atomic():
        programme = programmes.create_programme(None, code=CODE, name="Benchmark monitoring", year=2025,
                                                ruleset_id="balikpapan-perwali-3-2025")
        source = programmes.add_funding_source(None, programme=programme, kind="apbd_kota", year=2026,
                                               amount=Decimal(rows * 16800 * 12), label="APBD 2026")
        cycle = Cycle.objects.create(programme=programme, year=2026, collection_start=date(2026, 7, 1),
                                     collection_end=date(2026, 9, 30), enrolment_date=date(2027, 1, 1))
        n = execute("INSERT INTO membership_participant (programme_id, person_id, kpj, funding_source_id, created_at) "
                    "SELECT %s, id, 'KPJ' || id, %s, now() FROM people_person ORDER BY id LIMIT %s",
                    [programme.pk, source.pk, rows])
        print(f"participants: {n:,}")
        n = execute("""
            INSERT INTO membership_membershipperiod (participant_id, start, "end", end_reason, end_evidence)
            SELECT id, s, CASE WHEN id %% 10 = 0 THEN s + (30 + id %% 300)::int END,
                   CASE WHEN id %% 10 = 0 THEN (ARRAY['meninggal','pindah_domisili','mampu_mandiri','pekerja_formal',
                                                      'batas_usia'])[1 + (id / 10) %% 5] ELSE '' END, ''
            FROM (SELECT id, (DATE '2025-02-01' + make_interval(months => (id %% 18)::int))::date AS s
                  FROM membership_participant WHERE programme_id = %s) p""", [programme.pk])
        print(f"membership periods: {n:,}")
        statuses = "ARRAY[" + ",".join(f"'{s}'" for s in STATUS_BY_REMAINDER) + "]"
        n = execute(f"""
            INSERT INTO applications_application (reference, cycle_id, person_id, nik, no_kk, name, name_search,
                birth_place, birth_date, sex, address, kelurahan_id, phone, occupation_id, ktp_occupation, monthly_income,
                domicile_since, disability, applied_on, channel, agency_id, territorial, status, status_reason, keputusan,
                findings, on_hold, kpj, created_at, updated_at, field_visit_note)
            SELECT 'B26-' || lpad(p.id::text, 8, '0'), %s, p.id, p.nik, p.no_kk, p.name, p.name_search, p.birth_place,
                p.birth_date, p.sex, p.address, p.kelurahan_id, p.phone, COALESCE(p.occupation_id, 'pemulung'), '',
                COALESCE(p.monthly_income, 1500000), COALESCE(p.domicile_since, DATE '2015-01-01'), p.disability,
                DATE '2026-07-01' + (p.id %% 90)::int, 'unggah', a.agency_id, COALESCE(a.territorial, false),
                s.status, '', k.keputusan, k.findings::jsonb, false, '',
                TIMESTAMP '2026-07-01 08:00' + make_interval(days => (p.id %% 90)::int),
                TIMESTAMP '2026-07-01 08:00' + make_interval(days => (p.id %% 90)::int), ''
            FROM people_person p
            CROSS JOIN LATERAL (SELECT ({statuses})[1 + (p.id %% 20)::int] AS status) s
            CROSS JOIN LATERAL (SELECT CASE WHEN s.status = 'DITOLAK' THEN 'TIDAK_LAYAK'
                                            WHEN p.id %% 7 = 0 THEN 'PERLU_VERIFIKASI' ELSE 'LAYAK' END AS keputusan) d
            CROSS JOIN LATERAL (SELECT d.keputusan, CASE d.keputusan WHEN 'TIDAK_LAYAK' THEN %s WHEN 'PERLU_VERIFIKASI' THEN %s
                                       ELSE CASE WHEN p.id %% 11 = 0 THEN %s ELSE '[]' END END AS findings) k
            LEFT JOIN tenants_occupationassignment a ON a.tenant_id = %s AND a.occupation_id = COALESCE(p.occupation_id, 'pemulung')
            ORDER BY p.id LIMIT %s""",
            [cycle.pk, FINDINGS["TIDAK_LAYAK"], FINDINGS["PERLU_VERIFIKASI"], FINDINGS["LAYAK_PRIORITAS"], tenant.pk, rows])
        print(f"applications: {n:,}")
        events = 0
        for status, action, day, reached in BATCHES:
            events += execute(f"""
                INSERT INTO audit_auditevent (at, actor_name, tenant_id, action, target_type, target_id, target_repr,
                                              before, after)
                SELECT TIMESTAMP '2026-07-01 08:00' + make_interval(days => %s) + make_interval(mins => (id / {BATCH})::int),
                       'bench', %s, %s, 'applications.cycle', %s, 'bench', '{{"status": ["x"]}}'::jsonb,
                       jsonb_build_object('status', %s::text, 'count', count(*), 'applications', jsonb_agg(id ORDER BY id))
                FROM applications_application WHERE cycle_id = %s AND status = ANY(%s) GROUP BY id / {BATCH}""",
                [day, tenant.pk, action, str(cycle.pk), status, cycle.pk, list(reached)])
        events += execute("""
            INSERT INTO audit_auditevent (at, actor_name, tenant_id, action, target_type, target_id, target_repr, before, after)
            SELECT created_at + INTERVAL '4 days', 'bench', %s, 'application.reject', 'applications.application', id::text,
                   reference, '{"status": "DIAJUKAN"}'::jsonb, '{"status": "DITOLAK"}'::jsonb
            FROM applications_application WHERE cycle_id = %s AND status = 'DITOLAK'""", [tenant.pk, cycle.pk])
        print(f"audit events: {events:,}")
        lines = 0
        for month in (1, 2, 3):
            first = date(2026, month, 1)
            execute("INSERT INTO billing_billingmonth (programme_id, month, status, contribution_jkk, contribution_jkm, "
                    "bill_count, bill_amount, flagged_count, summary) VALUES (%s, %s, 'dibayar', 10000, 6800, 0, 0, 0, '{}')",
                    [programme.pk, first])
            lines += execute("""
                INSERT INTO billing_reconciliationline (billing_month_id, funding_source_id, nik, kpj, name, status,
                                                        amount_pemda, amount_bpjs, note, flags)
                SELECT b.id, pa.funding_source_id, pe.nik, pa.kpj, pe.name, 'COCOK', 16800, 16800, '', ''
                FROM membership_participant pa JOIN people_person pe ON pe.id = pa.person_id
                JOIN membership_membershipperiod pd ON pd.participant_id = pa.id
                JOIN billing_billingmonth b ON b.programme_id = pa.programme_id AND b.month = %s
                WHERE pa.programme_id = %s AND pd.start <= %s AND (pd."end" IS NULL OR pd."end" >= %s)""",
                [first, programme.pk, first, first])
        print(f"reconciliation lines (3 paid months): {lines:,}")
    for table in ("membership_participant", "membership_membershipperiod", "applications_application",
                  "audit_auditevent", "billing_reconciliationline", "people_person"):
        execute(f"ANALYZE {table}")
    print(f"loaded in SQL in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000, help="participants, and applications")
    parser.add_argument("--requests", type=int, default=60, help="requests per page")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse-figures", action="store_true", help="time the pages on today's figures, if computed")
    args = parser.parse_args()
    ensure_database(URL)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from lindung.demo.city import create_users
    from lindung.monitoring.services.refresh import refresh

    call_command("migrate", verbosity=0)
    load(args.rows, args.seed)
    users = {u.username: u for u in create_users()}
    from django.utils import timezone

    from lindung.monitoring.models import Snapshot

    today = Snapshot.objects.filter(status=Snapshot.Status.SELESAI, as_of=timezone.localdate()).first()
    if today is None or not args.reuse_figures:
        started = time.perf_counter()
        snapshot = refresh(None)
        print(f"daily computation (lindung monitoring refresh): {time.perf_counter() - started:.1f} s, "
              f"{snapshot.figures:,} figures; load average {os.getloadavg()[0]:.1f}")
    settings.ALLOWED_HOSTS.append("testserver")
    client = Client()
    client.force_login(users["tvem"])
    from lindung.programs.models import Programme

    programme = Programme.objects.get(code=CODE).pk
    pages = {
        "programme page": f"/monitoring/?program={programme}",
        "programme page, one kecamatan": f"/monitoring/?program={programme}&wilayah=64.71.03",
        "coverage page": f"/monitoring/cakupan/?program={programme}",
        "money and service page": f"/monitoring/anggaran/?program={programme}&tahun=2026",
        "reports page (Paritrana sheet)": f"/monitoring/laporan/?program={programme}&tahun=2026",
        "chart data CSV": f"/monitoring/unduh/program/pekerjaan.csv?program={programme}",
        "chart PNG": f"/monitoring/unduh/program/tren.png?program={programme}",
        "public page (no login)": "/transparansi/balikpapan/",
    }
    print(f"PostgreSQL, {args.rows:,} participants and applications; whole pages in-process, TVEM member; "
          f"load average {os.getloadavg()[0]:.1f}")
    for label, url in pages.items():
        client.get(url)  # warm the template and connection
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        report(label, timed(client.get, [url] * args.requests))
    report("annual report PDF", timed(client.get, [f"/monitoring/laporan/monev.pdf?program={programme}&tahun=2026"] * 10))
    # The province's TVEM member: the kab/kota view reads the figures of every kab/kota tenant.
    from lindung.accounts.models import Role, User
    from lindung.tenants.models import Tenant

    member, _ = User.objects.get_or_create(username="tvem.kaltim", defaults={
        "role": Role.TVEM, "tenant": Tenant.objects.get(code="kaltim")})
    client.force_login(member)
    client.get("/monitoring/kabupaten-kota/?tahun=2026")
    report("province page (kab/kota)", timed(client.get, ["/monitoring/kabupaten-kota/?tahun=2026"] * args.requests))


if __name__ == "__main__":
    main()
