"""Production settings (lindung.settings, DEBUG off, HTTPS redirect and HSTS on) for the load benchmark,
with two changes that only a load generator on the server itself needs:
- every simulated worker comes from 127.0.0.1, so the per-address limits of the public pages (10 status
  checks an hour) would stop the scenario after ten workers: they are raised here;
- locust talks plain http to gunicorn as the HTTPS proxy would (X-Forwarded-Proto: https), and a client
  keeps a Secure cookie for https only, so session cookies are sent without the Secure flag
  (LINDUNG_SECURE_COOKIES=0 in bench/load.py)."""

from lindung.settings import *  # noqa: F403

LINDUNG_RATE_LIMITS = {"status": (10**9, 3600), "apply": (10**9, 3600), "check": (10**9, 3600),
                       "complaint": (10**9, 3600)}
LINDUNG_API_RATE = "100000/m"
