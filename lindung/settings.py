"""Django settings for Lindung.

Everything that differs between a laptop and a production server comes from the environment:
  LINDUNG_DATABASE_URL   sqlite:///path (default: var/lindung.sqlite3) or postgres://user@host/db
  LINDUNG_SECRET_KEY     default: a random key generated once into var/secret_key (0600)
  LINDUNG_DEBUG          "1" only for development (`make run` sets it); off by default
  LINDUNG_ALLOWED_HOSTS  comma-separated, default "localhost,127.0.0.1"
  LINDUNG_DATA_DIR       where the SQLite database, uploads and generated files live (default ./var)
  LINDUNG_TASKS          "immediate" runs background jobs inline (tests, single-process demos)
  LINDUNG_HTTPS          "0" only when no HTTPS proxy stands in front (default: on unless DEBUG)
  LINDUNG_MFA_REQUIRED   "0" turns the second factor off for every role (default: on; docs/SECURITY.md)
  LINDUNG_IDLE_MINUTES   minutes without a request before a session ends (default 30)
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
# Everything Lindung writes (the SQLite database, uploads, results, extracts, the secret key, the cache)
# holds personal data: readable by the service account only (files 0600, folders 0700).
os.umask(0o077)
DATA_DIR = Path(os.environ.get("LINDUNG_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
if DATA_DIR.stat().st_uid == os.getuid():  # a data folder made by an earlier release (0755) is closed too
    DATA_DIR.chmod(0o700)


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ya", "on"}


def _secret_key() -> str:
    if key := os.environ.get("LINDUNG_SECRET_KEY"):
        return key
    # A key generated once per installation beats a key committed to the repository.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = _env_flag("LINDUNG_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("LINDUNG_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("LINDUNG_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # only for the Swagger UI files it ships: /api/v1/docs loads nothing from a CDN
    "django_tasks",
    "django_tasks_db",
    # Lindung, one app per capability (see docs/ARCHITECTURE.md)
    "lindung.platform",
    "lindung.regions",
    "lindung.tenants",
    "lindung.accounts",
    "lindung.audit",
    "lindung.people",
    "lindung.jobs",
    "lindung.notifications",
    "lindung.rules",
    "lindung.registers",
    "lindung.programs",
    "lindung.membership",
    "lindung.applications",
    "lindung.billing",
    "lindung.claims",
    "lindung.grievance",
    "lindung.monitoring",
    "lindung.web",
    "lindung.api",
    "lindung.demo",
    "django.forms",  # last: the form templates of lindung.web override Django's own
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lindung.accounts.middleware.IdleTimeoutMiddleware",
    "lindung.accounts.middleware.SecondFactorMiddleware",
    "lindung.platform.middleware.PathIntegerGuard",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lindung.urls"
WSGI_APPLICATION = "lindung.wsgi.application"

# Form fields render through the project's own templates (web/templates/django/forms/field.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lindung.web.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("LINDUNG_DATABASE_URL", f"sqlite:///{DATA_DIR / 'lindung.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the background worker writes; IMMEDIATE avoids
    # "database is locked" on upgrade from read to write transactions.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=15000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth, sessions, lockout ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout: 5 failures from one address lock that (account, address) pair; 20 failures of one account from
# any number of addresses lock the account everywhere (lindung.accounts.lockout), each for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("LINDUNG_LOGIN_FAILURE_LIMIT", "5"))
LINDUNG_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LINDUNG_ACCOUNT_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = "lindung.accounts.lockout.lockout_parameters"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Second factor (TOTP, with recovery codes) for the roles of lindung.accounts.permissions.MFA_ROLES.
LINDUNG_MFA_REQUIRED = _env_flag("LINDUNG_MFA_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Lindung"
OTP_TOTP_THROTTLE_FACTOR = 1

SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day, however active
LINDUNG_IDLE_SECONDS = int(os.environ.get("LINDUNG_IDLE_MINUTES", "30")) * 60  # and never idle longer than this
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
_secure = _env_flag("LINDUNG_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# Production sits behind an HTTPS proxy (docs/DEPLOYMENT.md): plain http is redirected and browsers are told
# to use HTTPS only. `make run` (DEBUG) serves plain http on a laptop.
_https = _env_flag("LINDUNG_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = _https
SECURE_HSTS_SECONDS = int(os.environ.get("LINDUNG_HSTS_SECONDS", "31536000")) if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https

# Everything is served by the app itself: no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Language, time -------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"  # WITA: Kalimantan Timur
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve straight from the apps: no collectstatic needed to run
MEDIA_ROOT = DATA_DIR / "media"  # never served directly: documents go through permission-checked views
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- Background jobs ------------------------------------------------------------------------
if os.environ.get("LINDUNG_TASKS", "database") == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# A file cache is shared by every web and worker process of one host: the public rate limits (worker
# status page, public form) must count across processes, which a per-process memory cache would not.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LINDUNG_LOG_LEVEL", "WARNING")},
}

# Messages to workers' phones (lindung.notifications.senders): "file" (default), "console" or "http" with
# LINDUNG_NOTIFY_GATEWAY = {"url": ..., "token": ...}.
LINDUNG_NOTIFY_SENDER = os.environ.get("LINDUNG_NOTIFY_SENDER", "file")
if LINDUNG_NOTIFY_SENDER == "http":
    LINDUNG_NOTIFY_GATEWAY = {"url": os.environ["LINDUNG_NOTIFY_URL"], "token": os.environ.get("LINDUNG_NOTIFY_TOKEN", "")}
