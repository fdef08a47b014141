"""The domain core must import without Django: it is the part other tools and engines reuse."""

import subprocess
import sys
from pathlib import Path

import lindung.domain

DOMAIN = Path(lindung.domain.__file__).parent


def test_no_django_import_in_the_domain_core():
    offenders = [
        str(path.relative_to(DOMAIN))
        for path in DOMAIN.rglob("*.py")
        if any(line.lstrip().startswith(("import django", "from django")) for line in path.read_text().splitlines())
    ]
    assert offenders == []


def test_domain_imports_in_a_process_without_django_settings():
    code = ("import lindung.domain.nik, lindung.domain.calendar, lindung.domain.money, lindung.domain.rules, "
            "lindung.domain.workdays, lindung.domain.grievance, lindung.domain.claims, sys; "
            "print('ok' if 'django' not in sys.modules else 'django imported')")
    env = {"PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=DOMAIN.parent.parent)
    assert out.stdout.strip() == "ok", out.stderr
