"""Benchmark: NIK lookup and name search with 1,000,000 persons in PostgreSQL (DESIGN.md §5).

    LINDUNG_DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_bench \
        .venv/bin/python bench/web_search.py --persons 1000000

Creates the database if needed, migrates, bulk-loads generated persons with COPY (only when the table
holds fewer than asked), then times the same selector the search page uses (`people.selectors.search`,
first page, scoped) for random NIKs and random names, as a tenant-wide officer and as a lurah.
Prints p50/p95/max in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
URL = os.environ.setdefault("LINDUNG_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lindung_bench")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def load_persons(target: int, seed: int) -> None:
    from django.db import connection

    from lindung import synth
    from lindung.domain.progress import TerminalProgress
    from lindung.people.models import Person, normalize_name

    have = Person.objects.count()
    if have >= target:
        print(f"persons already loaded: {have:,}")
        return
    Person.objects.all().delete()
    villages = {c for (c,) in connection.cursor().execute(
        "SELECT code FROM regions_region WHERE level = 4 AND code LIKE '64.%%'").fetchall()}
    occupations = {c for (c,) in connection.cursor().execute("SELECT code FROM tenants_occupation").fetchall()}
    progress = TerminalProgress()
    columns = ["nik", "no_kk", "name", "name_search", "birth_place", "birth_date", "sex", "address", "kelurahan_id",
               "phone", "disability", "domicile_since", "occupation_id", "monthly_income", "created_at", "updated_at"]
    seen: set[str] = set()
    loaded = 0
    started = time.perf_counter()
    with connection.cursor() as cur:
        raw = cur.connection
        with raw.cursor().copy(f"COPY people_person ({', '.join(columns)}) FROM STDIN") as copy:
            for row in synth.applicants(seed=seed, rows=target * 2, duplicates=0.0, malformed=0.0):
                if loaded >= target:
                    break
                if row["nik"] in seen or row["kode_wilayah"] not in villages:
                    continue
                seen.add(row["nik"])
                copy.write_row([
                    row["nik"], row["no_kk"], row["nama"], normalize_name(row["nama"]), row["tempat_lahir"],
                    row["tanggal_lahir"], row["jenis_kelamin"], row["alamat"], row["kode_wilayah"], row["telepon"],
                    row["disabilitas"], row["domisili_sejak"],
                    row["pekerjaan"] if row["pekerjaan"] in occupations else None, row["penghasilan_bulanan"],
                    "2026-07-01T00:00:00Z", "2026-07-01T00:00:00Z",
                ])
                loaded += 1
                if loaded % 50000 == 0:
                    progress(loaded, target, "memuat penduduk")
        cur.execute("ANALYZE people_person")
    print(f"loaded {loaded:,} persons with COPY in {time.perf_counter() - started:.1f} s")


def timed(fn, queries) -> list[float]:
    out = []
    for q in queries:
        t = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(label: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(f"{label:<42} n={len(ms):>4}  p50={statistics.median(ms):7.1f} ms  p95={p95:7.1f} ms  max={ms[-1]:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    ensure_database(URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    load_persons(args.persons, args.seed)

    from lindung.demo.city import create_users
    from lindung.people import selectors
    from lindung.people.models import Person

    users = {u.username: u for u in create_users()}
    rng = random.Random(args.seed)
    sample = list(Person.objects.order_by("?").values_list("nik", "name")[: args.queries])
    niks = [nik for nik, _ in sample]
    words = [rng.choice(name.split()) for _, name in sample]
    prefixes = [" ".join(name.split()[:2]) for _, name in sample]
    print(f"PostgreSQL, {Person.objects.count():,} persons; first page (25 rows) of people.selectors.search; "
          f"load average {os.getloadavg()[0]:.1f}")
    for username in ("disnaker", "dinsos", "lurah.manggar"):
        user = users[username]
        report(f"{username}: NIK lookup", timed(lambda q: selectors.search(user, q), niks))
        report(f"{username}: name search, one word", timed(lambda q: selectors.search(user, q), words))
        report(f"{username}: name search, two words", timed(lambda q: selectors.search(user, q), prefixes))

    # The whole page as a browser gets it (middleware, session, template), in-process: no network noise.
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS.append("testserver")
    # In-process, as if behind the HTTPS proxy, and past the second factor: this times the search page itself.
    settings.SECURE_SSL_REDIRECT = False
    settings.LINDUNG_MFA_REQUIRED = False
    client = Client()
    client.force_login(users["disnaker"])
    print("GET /penduduk/?q=... (full page, disnaker)")
    report("page: NIK lookup", timed(lambda q: client.get("/penduduk/", {"q": q}), niks))
    report("page: name search, one word", timed(lambda q: client.get("/penduduk/", {"q": q}), words))
    person_ids = list(Person.objects.filter(kelurahan__code__startswith="64.71.").values_list("id", flat=True)[:100])
    report("page: person detail", timed(lambda pk: client.get(f"/penduduk/{pk}/"), person_ids))


if __name__ == "__main__":
    main()
