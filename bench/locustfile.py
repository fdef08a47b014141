"""The load scenario (DESIGN §5: 50 concurrent users, p95 < 300 ms, 0 errors), run by bench/load.py.

Officers (Camat/Lurah, agency) sign in, search residents by NIK and by name, open them, and verify
applications in their worklist; workers check their status on the public page; partner systems call the
API (a resident by NIK, a page of participants, a small screening batch). Requests go to gunicorn as an
HTTPS proxy would send them (X-Forwarded-Proto: https). The fixture file (bench/load.py writes it) holds
NIKs, names, application ids and API tokens.

The figures measure the steady state: the statistics are reset once every user has been spawned *and*
every officer has signed in. Sign-in is a PBKDF2 hash (Django's default cost, about half a second of CPU
by design), and 30 officers signing in within three seconds queue every other request behind them for
tens of seconds; that burst is a different question (a morning sign-in storm) from the p95 of a working
day, so its figures are written to LINDUNG_LOAD_SIGNIN (bench/load.py prints them apart).

Officers think LINDUNG_LOAD_THINK seconds ("min,max", default "5,15") between page views: bench/README.md
says why; "1,3" gives the earlier, harsher scenario."""

from __future__ import annotations

import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

FIXTURES = json.loads(open(os.environ.get("LINDUNG_LOAD_FIXTURES", "var/bench/load-fixtures.json")).read())
PROXY = {"X-Forwarded-Proto": "https"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
THINK = tuple(float(x) for x in os.environ.get("LINDUNG_LOAD_THINK", "5,15").split(","))
SIGN_IN_NAMES = ("/akun/masuk/ (sekali)", "/akun/masuk/ (POST, sekali)")
# Greenlets switch only on I/O, so plain counters are safe here.
_state = {"signing_in": 0, "spawned": False, "measuring": False, "started": time.monotonic(), "env": None}


def _measure_from_now(environment) -> None:
    """Once all users are spawned and no officer is still signing in: keep the sign-in figures apart, then
    reset the statistics so that what follows is the steady state."""
    if _state["measuring"] or not _state["spawned"] or _state["signing_in"]:
        return
    _state["measuring"] = True
    stats = environment.runner.stats
    signin = {}
    for name in SIGN_IN_NAMES:
        for method in ("GET", "POST"):
            entry = stats.entries.get((name, method))
            if entry and entry.num_requests:
                signin[f"{method} {name}"] = {
                    "n": entry.num_requests, "fail": entry.num_failures,
                    "p50": entry.get_response_time_percentile(0.5), "p95": entry.get_response_time_percentile(0.95),
                    "max": entry.max_response_time}
    if path := os.environ.get("LINDUNG_LOAD_SIGNIN"):
        with open(path, "w") as out:
            json.dump({"reset_after_s": round(time.monotonic() - _state["started"], 1), "requests": signin}, out)
    stats.reset_all()


@events.test_start.add_listener
def _started(environment, **_kwargs) -> None:
    _state["started"], _state["env"] = time.monotonic(), environment


@events.spawning_complete.add_listener
def _spawned(user_count, **_kwargs) -> None:
    _state["spawned"] = True
    _measure_from_now(_state["env"])


def origin(host: str) -> str:
    """The address the browser sees: https (the proxy's), which Django's CSRF check compares the Referer with."""
    return host.replace("http://", "https://", 1)


class Officer(HttpUser):
    """A field officer's day: search, open, verify."""

    weight = 6
    wait_time = between(*THINK)

    def on_start(self) -> None:
        """Sign in once (recorded under its own name, reported apart: see the module's docstring)."""
        _state["signing_in"] += 1
        try:
            self._sign_in()
        finally:
            _state["signing_in"] -= 1
            _measure_from_now(self.environment)
        self.pending = list(FIXTURES["applications"].get(self.username, []))
        random.shuffle(self.pending)

    def _sign_in(self) -> None:
        self.username = random.choice(FIXTURES["officers"])
        self.client.headers.update(PROXY)
        page = self.client.get("/akun/masuk/", name="/akun/masuk/ (sekali)")
        token = CSRF.search(page.text).group(1)
        with self.client.post("/akun/masuk/", {"username": self.username, "password": FIXTURES["password"],
                                               "csrfmiddlewaretoken": token},
                              headers={"Referer": origin(self.host) + "/akun/masuk/"},
                              name="/akun/masuk/ (POST, sekali)", catch_response=True) as response:
            if "/akun/" in response.url:  # still on the sign-in pages: every later page would be a redirect
                response.failure(f"{self.username} did not sign in")

    @task(4)
    def search_by_nik(self) -> None:
        self.client.get("/penduduk/", params={"q": random.choice(FIXTURES["niks"])}, name="/penduduk/?q=NIK")

    @task(4)
    def search_by_name(self) -> None:
        self.client.get("/penduduk/", params={"q": random.choice(FIXTURES["names"])}, name="/penduduk/?q=nama")

    @task(3)
    def open_person(self) -> None:
        ids = FIXTURES["persons"].get(self.username) or []
        if ids:
            self.client.get(f"/penduduk/{random.choice(ids)}/", name="/penduduk/[id]/")

    @task(2)
    def worklist(self) -> None:
        self.client.get("/verifikasi/", name="/verifikasi/")

    @task(2)
    def verify(self) -> None:
        if not self.pending:
            return self.worklist()
        pk = self.pending.pop()
        page = self.client.get(f"/usulan/{pk}/", name="/usulan/[id]/")
        found = CSRF.search(page.text)
        if found:
            self.client.post(f"/verifikasi/usulan/{pk}/setujui/", {"note": "", "csrfmiddlewaretoken": found.group(1)},
                             headers={"Referer": origin(self.host) + f"/usulan/{pk}/"}, name="/verifikasi/usulan/[id]/setujui/")
        return None

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/", name="/ (beranda)")


class Worker(HttpUser):
    """A worker checking their own application on the public status page."""

    weight = 2
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.client.headers.update(PROXY)

    @task
    def status(self) -> None:
        page = self.client.get("/usulan/status/", name="/usulan/status/")
        token = CSRF.search(page.text).group(1)
        nik, born = random.choice(FIXTURES["workers"])
        self.client.post("/usulan/status/", {"nik": nik, "birth_date": born, "csrfmiddlewaretoken": token},
                         headers={"Referer": origin(self.host) + "/usulan/status/"}, name="/usulan/status/ (POST)")


class PartnerSystem(HttpUser):
    """BPJS's branch tool and the labour agency's integrations on the REST API."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        token = random.choice(FIXTURES["tokens"])
        self.client.headers.update({**PROXY, "Authorization": f"Bearer {token}"})

    @task(4)
    def person(self) -> None:
        self.client.get(f"/api/v1/penduduk/{random.choice(FIXTURES['api_niks'])}", name="/api/v1/penduduk/[nik]")

    @task(2)
    def participants(self) -> None:
        self.client.get("/api/v1/peserta", params={"program": FIXTURES["programme"], "status": "aktif"},
                        name="/api/v1/peserta")

    @task(1)
    def screening(self) -> None:
        rows = random.sample(FIXTURES["applicants"], 10)
        self.client.post("/api/v1/penyaringan", json={"ruleset": FIXTURES["ruleset"], "pemohon": rows},
                         name="/api/v1/penyaringan (10 baris)")
