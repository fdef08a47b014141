"""The platform tier: plumbing every capability shares and none owns.

Files (`files`: the one CSV/XLSX reader and writer), bulk SQL (`bulk`), kept files and downloads
(`storage`), command-line helpers (`commandline`), rate limits (`ratelimit`), the errors services raise
(`errors`), the registries through which lower apps reach the dashboard (`dashboard`), and the
migration helper that adopts tables of renamed apps (`migrations`).

It imports only `lindung.domain` and Django; every app may import it (tests/test_layers.py).
"""
