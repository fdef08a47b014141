"""Where the load scenario's server time goes, page by page (run after bench/load.py has loaded the data).

    LINDUNG_DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_load \
        .venv/bin/python bench/load_profile.py [--repeat 20] [--sql]

Replays each officer page of bench/locustfile.py in-process (django.test.Client, production settings of
bench/settings_load.py, no network) for each officer of the fixture file, and prints per page the server
time (p50/max in ms), the number of SQL queries and their summed time; --sql prints the slowest queries.
The figures exclude gunicorn and locust, so they show what the application itself costs per request."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_load")
os.environ.setdefault("LINDUNG_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lindung_load")
os.environ.setdefault("LINDUNG_ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ["LINDUNG_DEBUG"] = "0"


def pages(fx: dict, username: str, rnd: random.Random) -> list[tuple[str, str, dict]]:
    persons = fx["persons"].get(username) or [0]
    apps = fx["applications"].get(username) or [0]
    return [
        ("/penduduk/?q=NIK", "/penduduk/", {"q": rnd.choice(fx["niks"])}),
        ("/penduduk/?q=nama", "/penduduk/", {"q": rnd.choice(fx["names"])}),
        ("/penduduk/[id]/", f"/penduduk/{rnd.choice(persons)}/", {}),
        ("/verifikasi/", "/verifikasi/", {}),
        ("/usulan/[id]/", f"/usulan/{rnd.choice(apps)}/", {}),
        ("/ (beranda)", "/", {}),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lindung.accounts.models import User

    fx = json.loads((ROOT / "var" / "bench" / "load-fixtures.json").read_text())
    rnd = random.Random(1)
    times: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, list[int]] = defaultdict(list)
    sql_ms: dict[str, list[float]] = defaultdict(list)
    slow: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for username in fx["officers"]:
        if args.only and username != args.only:
            continue
        client = Client()
        client.force_login(User.objects.get(username=username))
        for _ in range(args.repeat):
            for name, path, params in pages(fx, username, rnd):
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    response = client.get(path, params, secure=True)
                    elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    print(f"{username} {path}: {response.status_code}")
                key = f"{name} {username}"
                times[key].append(elapsed)
                queries[key].append(len(ctx.captured_queries))
                sql_ms[key].append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
                slow[key].extend((float(q["time"]) * 1000, q["sql"][:400]) for q in ctx.captured_queries)
    print(f"load average: {os.getloadavg()[0]:.1f}")
    print(f"{'page / officer':<42} {'p50':>6} {'max':>6} {'queries':>8} {'sql ms':>7}")
    for key in sorted(times):
        print(f"{key:<42} {statistics.median(times[key]):>6.0f} {max(times[key]):>6.0f} "
              f"{statistics.median(queries[key]):>8.0f} {statistics.median(sql_ms[key]):>7.1f}")
        if args.sql:
            for ms, sql in sorted(slow[key], reverse=True)[:3]:
                print(f"      {ms:7.1f} ms  {sql}")


if __name__ == "__main__":
    main()
