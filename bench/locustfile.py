"""The load scenario (DESIGN §5: 50 concurrent users, p95 < 300 ms, 0 errors), run by bench/load.py.

Officers (Camat/Lurah, agency) sign in, search residents by NIK and by name, open them, and verify
applications in their worklist; workers check their status on the public page; partner systems call the
API (a resident by NIK, a page of participants, a small screening batch). Requests go to gunicorn as an
HTTPS proxy would send them (X-Forwarded-Proto: https). The fixture file (bench/load.py writes it) holds
NIKs, names, application ids and API tokens."""

from __future__ import annotations

import json
import os
import random
import re

from locust import HttpUser, between, task

FIXTURES = json.loads(open(os.environ.get("LINDUNG_LOAD_FIXTURES", "var/bench/load-fixtures.json")).read())
PROXY = {"X-Forwarded-Proto": "https"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def origin(host: str) -> str:
    """The address the browser sees: https (the proxy's), which Django's CSRF check compares the Referer with."""
    return host.replace("http://", "https://", 1)


class Officer(HttpUser):
    """A field officer's day: search, open, verify."""

    weight = 6
    wait_time = between(1, 3)

    def on_start(self) -> None:
        """Sign in once (recorded under its own name; bench/load.py resets the figures once all users have
        started, so the burst of 50 PBKDF2 sign-ins at the start is mostly left out)."""
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
        self.pending = list(FIXTURES["applications"].get(self.username, []))
        random.shuffle(self.pending)

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
