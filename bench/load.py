"""Load benchmark (DESIGN §5): 50 concurrent users against Lindung served as in production, on PostgreSQL
with 1,000,000 persons. One command does everything (`make bench-load`):

1. creates the database (LINDUNG_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lindung_load),
   migrates, loads the persons with COPY (as bench/web_search.py does), the demo city's users, programme,
   participants, cycle and reference extracts, and 6,000 applications by bulk intake to verify;
2. starts gunicorn (`lindung.wsgi`, 5 workers (2 x 2 cores + 1) x 4 threads, docs/DEPLOYMENT.md; LINDUNG_DEBUG off) and the task
   worker (`lindung db_worker`);
3. runs bench/locustfile.py headless: 50 users (officers 60 %, workers 20 %, API clients 20 %), ramping
   10 a second, for --minutes; then stops the servers and prints the figures, per request and overall, from
   the moment every officer has signed in (the sign-in burst is printed apart; bench/locustfile.py says why).

Exit status 1 when p95 >= 300 ms or any request failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_load")
URL = os.environ.setdefault("LINDUNG_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lindung_load")
OUT = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
OFFICERS = ["lurah.manggar", "camat.timur", "dinsos", "dishub", "dp3", "lurah.prapatan"]


def prepare(persons: int) -> dict:
    from bench.web_search import ensure_database, load_persons

    ensure_database(URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    load_persons(persons, seed=7)
    vacuum()
    return fixtures()


def vacuum() -> None:
    """VACUUM ANALYZE the tables the scenario reads. A production database is vacuumed by autovacuum (insert-only
    tables too, since PostgreSQL 13); a table just filled by COPY, on a server with autovacuum off, has no
    visibility map, so every count visits the heap: 317 ms instead of 24 ms for a kecamatan's residents."""
    from django.db import connection

    with connection.cursor() as cur:
        for table in ("people_person", "applications_application", "membership_participant"):
            cur.execute(f"VACUUM ANALYZE {table}")


def fixtures() -> dict:
    from django.db.models import Q

    from lindung.api import tokens
    from lindung.applications.models import Application
    from lindung.demo import city
    from lindung.people.selectors import visible_persons

    users = {u.username: u for u in city.create_users()}
    labour = users["disnaker"]
    city.create_programme(labour)
    if not Application.objects.exists():
        intake(labour)
    workers = list(Application.objects.values_list("nik", "birth_date")[:2000])
    niks, names = [], []
    sample = list(visible_persons(labour).order_by("?").values_list("nik", "name")[:2000])
    for nik, name in sample:
        niks.append(nik)
        names.append(random.Random(nik).choice(name.split()))
    persons, applications = {}, {}
    for username in OFFICERS:
        user = users[username]
        persons[username] = list(visible_persons(user).values_list("id", flat=True)[:500])
        applications[username] = list(Application.objects.filter(
            Q(agency_id=user.agency_id) if user.agency_id else Q(territorial=True, kelurahan__code__startswith=user.region_id),
            status=Application.Status.DIAJUKAN).values_list("id", flat=True)[:300])
    applicants = _applicant_rows()
    _, token = tokens.create_token(None, user=labour, days=1, name="bench/load.py")
    return {
        "password": city.DEMO_PASSWORD, "officers": OFFICERS, "niks": niks, "names": names, "persons": persons,
        "applications": applications, "workers": [(nik, born.isoformat()) for nik, born in workers],
        "tokens": [token], "api_niks": niks[:500], "programme": city.PROGRAMME,
        "ruleset": "balikpapan-perwali-3-2025", "applicants": applicants,
    }


def intake(labour) -> None:
    """6,000 generated applications, as the labour agency's bulk upload makes them (screened, routed)."""
    from django.core.files import File

    from lindung.applications.models import Cycle
    from lindung.applications.services import bulk_intake
    from lindung.jobs.services import execute

    cycle = Cycle.objects.order_by("-year").first()
    path = Path(os.environ.get("LINDUNG_DATA_DIR", ROOT / "var")) / "demo" / "pendaftar.csv"
    with path.open("rb") as handle:
        bulk, _ = bulk_intake.start_upload(labour, cycle=cycle, upload=File(handle, name=path.name))
    execute(str(bulk.job_id))


def _applicant_rows() -> list[dict]:
    import polars as pl

    path = Path(os.environ.get("LINDUNG_DATA_DIR", ROOT / "var")) / "demo" / "pendaftar.csv"
    return pl.read_csv(path, infer_schema=False, n_rows=200).to_dicts()


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            # As the HTTPS proxy sends it: plain http would be redirected to https.
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(request, timeout=2)  # noqa: S310 - our own server on 127.0.0.1
            return
        except Exception:  # noqa: BLE001 - not up yet (or answering a redirect we do not follow)
            time.sleep(0.5)
    raise SystemExit(f"server did not answer at {url}")


def run(args) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    data = prepare(args.persons)
    fixture_file = OUT / "load-fixtures.json"
    fixture_file.write_text(json.dumps(data))
    signin = OUT / "load-signin.json"
    signin.unlink(missing_ok=True)
    env = {**os.environ, "LINDUNG_DEBUG": "0", "LINDUNG_SECURE_COOKIES": "0", "LINDUNG_LOAD_FIXTURES": str(fixture_file),
           "PYTHONPATH": str(ROOT), "LINDUNG_ALLOWED_HOSTS": "127.0.0.1,localhost", "LINDUNG_LOAD_THINK": args.think,
           "LINDUNG_LOAD_SIGNIN": str(signin)}
    host = f"http://127.0.0.1:{args.port}"
    # gthread (docs/DEPLOYMENT.md): a request waiting on PostgreSQL, or slowed by a busy CPU, no longer holds one of
    # only five slots while others queue in the socket's backlog; --threads 1 gives the sync workers of before.
    # No keep-alive, as behind the HTTPS proxy (a new upstream connection per request): a kept-alive connection
    # that gunicorn closes after its 2 s while the client sends on it is a reset the client sees as an error.
    threads = ["--worker-class", "gthread", "--threads", str(args.threads), "--keep-alive", "0"] if args.threads > 1 else []
    servers = [
        subprocess.Popen([str(BIN / "gunicorn"), "lindung.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
                          "--workers", str(args.workers), *threads, "--timeout", "60", "--log-level", "warning"],
                         env=env, cwd=ROOT),
        subprocess.Popen([str(BIN / "lindung"), "db_worker", "--interval", "1"], env=env, cwd=ROOT,
                         stdout=subprocess.DEVNULL),
    ]
    try:
        wait_for(f"{host}/akun/masuk/")
        print(f"load average before the run: {os.getloadavg()[0]:.1f}")
        subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u",
                        str(args.users), "-r", "10", "-t", f"{int(args.minutes * 60)}s", "--host", host, "--csv",
                        str(OUT / "load"), "--only-summary", "--loglevel", "WARNING"], env=env, cwd=ROOT, check=False)
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
    return report(OUT / "load_stats.csv", args, signin)


def report(stats: Path, args, signin: Path) -> int:
    rows = list(csv.DictReader(stats.open()))
    print(f"\n{args.users} users, {args.minutes} min, {args.persons:,} persons, gunicorn {args.workers} workers x {args.threads} "
          f"thread(s) + db_worker, "
          f"officers think {args.think} s; load average after: {os.getloadavg()[0]:.1f}")
    if signin.exists():
        burst = json.loads(signin.read_text())
        print(f"sign-in burst, left out of the figures below (measured from {burst['reset_after_s']} s on):")
        for name, s in burst["requests"].items():
            print(f"  {name:<40.40} {s['n']:>7} {s['fail']:>5} {s['p50']:>6.0f} {s['p95']:>6.0f} {'':>6} {s['max']:>7.0f}")
    else:
        print("the officers' sign-ins never all finished: the figures below include them")
    print(f"{'request':<42} {'n':>7} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}  (ms)")
    for row in rows:
        print(f"{row['Type'] + ' ' + row['Name']:<42.42} {row['Request Count']:>7} {row['Failure Count']:>5} "
              f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} {float(row['Max Response Time']):>7.0f}")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    p95, failures = float(total["95%"]), int(total["Failure Count"])
    ok = p95 < 300 and failures == 0
    print(f"\noverall: {total['Request Count']} requests, {float(total['Requests/s']):.1f}/s, p95 {p95:.0f} ms, "
          f"{failures} errors -> {'OK' if ok else 'NOT MET'} (target p95 < 300 ms, 0 errors)")
    return 0 if ok else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (gthread); 1: sync workers")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--think", default="5,15", help="officers' pause between page views, min,max seconds "
                        "(bench/README.md; 1,3 is the earlier scenario)")
    sys.exit(run(parser.parse_args()))


if __name__ == "__main__":
    main()
