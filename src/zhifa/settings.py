"""Django settings for Zhifa.

Everything comes from environment variables with working defaults, so that a fresh checkout runs with
no configuration: SQLite in WAL mode and a blob folder, both under ``ZHIFA_VAR_DIR`` (default ``var/``).
``ZHIFA_DATABASE_URL`` switches to PostgreSQL (``postgres://user@host:5432/name``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from zhifa.core import storage


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ZHIFA_VAR_DIR", "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _env_bool("ZHIFA_DEBUG", False)


def _secret_key() -> str:
    """Use ZHIFA_SECRET_KEY, else a random key generated once under var/ (0600), never a constant."""
    configured = os.environ.get("ZHIFA_SECRET_KEY")
    if configured:
        return configured
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h for h in os.environ.get("ZHIFA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ZHIFA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# A Chinese page in the site's layout with a way back, not Django's English one (core/views.py).
CSRF_FAILURE_VIEW = "zhifa.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # For its templates and static files only: the API docs page then loads Swagger UI from our own
    # static files (ninja/static/ninja/), not from a CDN.
    "ninja",
    "zhifa.core",
    "zhifa.journal",
    "zhifa.organizations",
    "zhifa.accounts",
    "zhifa.catalog",
    "zhifa.personnel",
    "zhifa.evidence",
    "zhifa.cases",
    "zhifa.review",
    "zhifa.publicity",
    "zhifa.statistics",
    "zhifa.inspections",
    "zhifa.supervision",
    "zhifa.evaluation",
    "zhifa.importer",
    "zhifa.demo",
    "zhifa.workbench",
    "zhifa.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zhifa.core.middleware.ContentSecurityPolicyMiddleware",
    "zhifa.core.middleware.StaffNoStoreMiddleware",
    "zhifa.core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhifa.urls"
WSGI_APPLICATION = "zhifa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhifa.core.context_processors.site",
            ],
        },
    },
]


_SQLITE_OPTIONS = {
    # WAL lets the portal read while a writer commits; IMMEDIATE takes the write lock at BEGIN so
    # concurrent writers queue (up to `timeout` seconds) instead of failing with "database is locked"
    # when a read transaction tries to upgrade.
    # recursive_triggers: REPLACE (INSERT OR REPLACE) deletes the row it replaces without firing DELETE
    # triggers unless it is on; the journal, evidence and documents refuse deletes with triggers.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
    "PRAGMA recursive_triggers=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def _database() -> dict[str, Any]:
    url = os.environ.get("ZHIFA_DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=_env_int("ZHIFA_DB_CONN_MAX_AGE", 60))
        )
    else:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "zhifa.sqlite3"}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**_SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        config["CONN_MAX_AGE"] = 0
        # A file, not memory, so that tests can start real processes (sequencers, workers) on it.
        config.setdefault("TEST", {"NAME": str(VAR_DIR / "test.sqlite3")})
    config.setdefault("TEST", {})
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Argon2 first: new and changed passwords are hashed with it; older hashes upgrade on login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Repeated failed logins are throttled (django-axes): after AXES_FAILURE_LIMIT failures for the same
# username from the same address, that pair is locked for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = _env_int("ZHIFA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = float(os.environ.get("ZHIFA_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Evidence blobs and issued documents: var/blobs, or an S3-compatible bucket when ZHIFA_S3_BUCKET is set
# (with ZHIFA_S3_ENDPOINT_URL, ZHIFA_S3_ACCESS_KEY, ZHIFA_S3_SECRET_KEY, ZHIFA_S3_REGION, ZHIFA_S3_PREFIX).
STORAGES = {
    "default": storage.from_environment(os.environ)
    or {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "blobs")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

# Background work: one task interface (Django's tasks API via the django-tasks backport), stored in the
# database so that it runs on SQLite and PostgreSQL alike; `zhifa worker` runs it, more workers scale out.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("ZHIFA_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zhifa"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHIFA_LOG_LEVEL", "WARNING")},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy of every HTML page (core/middleware.py; the shape of Django 6.0's SECURE_CSP).
# No inline script, no inline style, nothing from another host: scripts and styles are static files.
# img-src allows data: URIs because Swagger UI's stylesheet draws its icons with them (the API docs).
SECURE_CSP: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# HTTPS (ZHIFA_HTTPS=true in production; off for the local demo on http://127.0.0.1): redirect http to
# https, HSTS for a year, cookies sent over TLS only. Behind a reverse proxy that terminates TLS, Django
# sees plain http; ZHIFA_PROXY_SSL_HEADER=true trusts the proxy's `X-Forwarded-Proto: https` (set it only
# when the proxy overwrites that header on every request, or a client could claim https itself).
ZHIFA_HTTPS = _env_bool("ZHIFA_HTTPS", False)
if ZHIFA_HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = _env_int("ZHIFA_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("ZHIFA_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("ZHIFA_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # A load balancer's health probe may speak plain http inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if _env_bool("ZHIFA_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# API tokens expire this many days after they are issued or rotated (0: never, not recommended).
ZHIFA_API_TOKEN_DAYS = _env_int("ZHIFA_API_TOKEN_DAYS", 90)

# --- Zhifa settings (national defaults; provinces override by environment or admin rows) ---------------
# Yearly minimum training hours per officer: 国办发〔2023〕27号 as recalled in legal-rules §8 ([M]),
# a per-jurisdiction value with 60 as the default.
ZHIFA_TRAINING_HOURS_PER_YEAR = _env_int("ZHIFA_TRAINING_HOURS_PER_YEAR", 60)
# Certificates expiring within this many days are shown as "expiring soon".
ZHIFA_CERTIFICATE_EXPIRY_WARNING_DAYS = _env_int("ZHIFA_CERTIFICATE_EXPIRY_WARNING_DAYS", 60)
# Window (days) in which repeated lighter sanctions escalate (see personnel.services.sanction_record).
ZHIFA_SANCTION_ESCALATION_WINDOW_DAYS = _env_int("ZHIFA_SANCTION_ESCALATION_WINDOW_DAYS", 365)
# The ladder below suspension is local policy (legal-rules §8 fixes only 暂扣 and 收回): this many
# reminder talks in the window add a public criticism, this many public criticisms suspend the certificate.
ZHIFA_SANCTION_REMINDERS_TO_CRITICISM = _env_int("ZHIFA_SANCTION_REMINDERS_TO_CRITICISM", 2)
ZHIFA_SANCTION_CRITICISMS_TO_SUSPENSION = _env_int("ZHIFA_SANCTION_CRITICISMS_TO_SUSPENSION", 2)
ZHIFA_IMPORT_MAX_ROWS = _env_int("ZHIFA_IMPORT_MAX_ROWS", 50_000)
ZHIFA_IMPORT_MAX_BYTES = _env_int("ZHIFA_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# What an XLSX may unpack to (a zip bomb is refused before parsing; importer.reading).
ZHIFA_IMPORT_MAX_UNCOMPRESSED_BYTES = _env_int("ZHIFA_IMPORT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
# The whole-process record (journal): hash of the Merkle tree (fixed once the first entry is sequenced),
# the log's origin line, and when the sequencer signs a checkpoint: after this many new entries, or when
# this many seconds passed since the last one and there are new entries.
ZHIFA_JOURNAL_HASH = os.environ.get("ZHIFA_JOURNAL_HASH", "sha256")
ZHIFA_LOG_ORIGIN = os.environ.get("ZHIFA_LOG_ORIGIN", "zhifa.local/journal")
ZHIFA_CHECKPOINT_EVERY_ENTRIES = _env_int("ZHIFA_CHECKPOINT_EVERY_ENTRIES", 1000)
ZHIFA_CHECKPOINT_EVERY_SECONDS = float(os.environ.get("ZHIFA_CHECKPOINT_EVERY_SECONDS", "0.5"))
ZHIFA_SEQUENCER_BATCH = _env_int("ZHIFA_SEQUENCER_BATCH", 2000)
ZHIFA_SEQUENCER_POLL_SECONDS = float(os.environ.get("ZHIFA_SEQUENCER_POLL_SECONDS", "0.1"))
# Portal search plans (publicity/search.py explains them and bench/README.md has the figures at 1M).
ZHIFA_SEARCH_RANK_ALL_BELOW = _env_int("ZHIFA_SEARCH_RANK_ALL_BELOW", 1500)
ZHIFA_SEARCH_NEWEST_K = _env_int("ZHIFA_SEARCH_NEWEST_K", 20)
ZHIFA_SEARCH_NEWEST_CANDIDATES_BELOW = _env_int("ZHIFA_SEARCH_NEWEST_CANDIDATES_BELOW", 10000)
ZHIFA_SEARCH_NEWEST_WINDOW = _env_int("ZHIFA_SEARCH_NEWEST_WINDOW", 20000)
ZHIFA_PORTAL_EXACT_COUNT_UP_TO = _env_int("ZHIFA_PORTAL_EXACT_COUNT_UP_TO", 10000)
ZHIFA_PORTAL_MAX_ROWS = _env_int("ZHIFA_PORTAL_MAX_ROWS", 5000)
# Evidence: size limits (tus uploads / plain form / one tus PATCH) and how long an unfinished upload lives.
ZHIFA_EVIDENCE_MAX_BYTES = _env_int("ZHIFA_EVIDENCE_MAX_BYTES", 20 * 1024**3)
ZHIFA_EVIDENCE_FORM_MAX_BYTES = _env_int("ZHIFA_EVIDENCE_FORM_MAX_BYTES", 50 * 1024**2)
# An evidence file larger than this goes into the electronic case file by reference only (evidence.casefile).
ZHIFA_CASE_FILE_EVIDENCE_MAX_BYTES = _env_int("ZHIFA_CASE_FILE_EVIDENCE_MAX_BYTES", 64 * 1024**2)
ZHIFA_EVIDENCE_PATCH_MAX_BYTES = _env_int("ZHIFA_EVIDENCE_PATCH_MAX_BYTES", 256 * 1024**2)
# A PATCH without Upload-Checksum makes its progress durable every this many bytes (evidence.uploads).
ZHIFA_EVIDENCE_PATCH_COMMIT_BYTES = _env_int("ZHIFA_EVIDENCE_PATCH_COMMIT_BYTES", 16 * 1024**2)
ZHIFA_EVIDENCE_UPLOAD_EXPIRY_HOURS = _env_int("ZHIFA_EVIDENCE_UPLOAD_EXPIRY_HOURS", 24)
# Complaints from the public (supervision): per-address rate limits of the portal's form and progress query
# (per window), the form's challenge (its token must be this old and no older), attachment limits and the
# accepted types (sniffed from the bytes), and, behind a reverse proxy, the META key of the header that
# carries the client's address (only if the proxy overwrites it on every request). supervision/conf.py.
ZHIFA_COMPLAINT_RATE_LIMIT = _env_int("ZHIFA_COMPLAINT_RATE_LIMIT", 5)
ZHIFA_COMPLAINT_QUERY_RATE_LIMIT = _env_int("ZHIFA_COMPLAINT_QUERY_RATE_LIMIT", 30)
ZHIFA_COMPLAINT_RATE_WINDOW_SECONDS = _env_int("ZHIFA_COMPLAINT_RATE_WINDOW_SECONDS", 3600)
ZHIFA_COMPLAINT_FORM_MIN_SECONDS = _env_int("ZHIFA_COMPLAINT_FORM_MIN_SECONDS", 5)
ZHIFA_COMPLAINT_FORM_MAX_SECONDS = _env_int("ZHIFA_COMPLAINT_FORM_MAX_SECONDS", 24 * 3600)
ZHIFA_COMPLAINT_ATTACHMENT_MAX_BYTES = _env_int("ZHIFA_COMPLAINT_ATTACHMENT_MAX_BYTES", 10 * 1024**2)
ZHIFA_COMPLAINT_ATTACHMENT_MAX_COUNT = _env_int("ZHIFA_COMPLAINT_ATTACHMENT_MAX_COUNT", 5)
ZHIFA_COMPLAINT_ATTACHMENT_TYPES = os.environ.get(
    "ZHIFA_COMPLAINT_ATTACHMENT_TYPES", "image/jpeg,image/png,image/gif,image/webp,image/heic,application/pdf"
)
ZHIFA_CLIENT_ADDRESS_HEADER = os.environ.get("ZHIFA_CLIENT_ADDRESS_HEADER", "")
ZHIFA_SITE_NAME = os.environ.get("ZHIFA_SITE_NAME", "执法公示与监督平台")
# The portal's public address as printed on paper (the QR code of an inspection code on a 现场检查笔录):
# a document is rendered outside any request, so the host cannot come from one. Defaults to the first
# CSRF-trusted origin (the production address the README sets), else the local demo's address.
ZHIFA_PUBLIC_URL = (
    os.environ.get("ZHIFA_PUBLIC_URL") or next(iter(CSRF_TRUSTED_ORIGINS), "") or "http://127.0.0.1:8000"
).rstrip("/")

# Where an issued document's PDF is rendered: "after_commit" (this process, right after the step commits,
# so the response links the PDF) or "worker" (the task queue; `zhifa worker` renders). The step itself
# never renders: it vouches for the composed content (cases.documents).
ZHIFA_DOCUMENT_RENDERING = os.environ.get("ZHIFA_DOCUMENT_RENDERING", "after_commit")
if ZHIFA_DOCUMENT_RENDERING not in ("after_commit", "worker"):
    raise ImproperlyConfigured('ZHIFA_DOCUMENT_RENDERING must be "after_commit" or "worker"')

# Where apps' reactions to journal events run (journal.services.subscribe): "after_commit" (this process,
# right after the recording transaction commits) or "worker" (the task queue; `zhifa worker` runs them).
ZHIFA_JOURNAL_SUBSCRIBERS = os.environ.get("ZHIFA_JOURNAL_SUBSCRIBERS", "after_commit")
if ZHIFA_JOURNAL_SUBSCRIBERS not in ("after_commit", "worker"):
    raise ImproperlyConfigured('ZHIFA_JOURNAL_SUBSCRIBERS must be "after_commit" or "worker"')
