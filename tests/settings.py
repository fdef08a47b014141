"""Settings for the test suite: the production settings, with jobs run inline and fast hashing."""

import tempfile
from pathlib import Path

from lindung.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="lindung-test-media-"))
# Browser tests talk to the live server over plain http://localhost.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
# Most tests sign in with force_login (no second factor); tests/accounts/test_mfa.py and the browser test of
# enrolment turn it on, as production has it.
LINDUNG_MFA_REQUIRED = False
AXES_FAILURE_LIMIT = 5
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lindung-test"}}
