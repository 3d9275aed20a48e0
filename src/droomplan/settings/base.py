"""Settings shared by every mode. Everything that differs per installation comes from the
environment (see docs/configuration.md)."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


def default_data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "droomplan"


DATA_DIR = Path(env("DROOMPLAN_DATA_DIR") or default_data_dir()).expanduser().resolve()


def ensure_data_dir() -> Path:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return DATA_DIR


def generated_secret_key() -> str:
    """A secret key generated once and kept in the data folder (demo and development only)."""
    path = ensure_data_dir() / "secret_key.txt"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's admin, with a site that demands two-step login (see accounts/admin_site.py).
    "droomplan.accounts.admin_config.AdminConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes (stored as keyed hashes)
    "axes",
    "django_tasks",
    "django_tasks_db",
    "droomplan.core",
    "droomplan.accounts",
    "droomplan.programmes",
    "droomplan.audit",
    "droomplan.jobs",
    "droomplan.access",
    "droomplan.cases",
    "droomplan.plans",
    "droomplan.instruments",
    "droomplan.lifedomains",
    "droomplan.outcomes",
    "droomplan.businesscase",
    "droomplan.exchange",
    "droomplan.signals",
    "droomplan.meetings",
    "droomplan.escalations",
    "droomplan.attention",
    "droomplan.portal",
    "droomplan.api",  # before rest_framework: its Dutch wins (api/messages.py)
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "droomplan.core.request_id.RequestIdMiddleware",
    # Permissions-Policy everywhere; no-store on all but the static files (core/hardening.py).
    "droomplan.core.hardening.PrivateResponseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL character in the address or a form field: 400 before anything else reads it.
    "droomplan.core.hardening.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Renews the idle timeout (saves the session) at most once a minute.
    "droomplan.accounts.middleware.SessionTouchMiddleware",
    "droomplan.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "droomplan.accounts.middleware.SessionLifetimeMiddleware",
    "droomplan.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): scripts and styles only from our own static files, so
# an injected <script>, onclick= or style= does nothing. Templates have no inline script or
# style (tests/test_csp.py); see docs/security.md, "Headers".
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
    },
}

ROOT_URLCONF = "droomplan.urls"
WSGI_APPLICATION = "droomplan.wsgi.application"

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
                "droomplan.core.context_processors.navigation",
            ],
        },
    },
]

# Django's form renderer with the common widget templates written out in Python (the same
# HTML, a fraction of the CPU): core/form_renderer.py.
FORM_RENDERER = "droomplan.core.form_renderer.FormRenderer"


def conn_max_age(default: int) -> int:
    """Seconds a database connection is kept open for the next request (DB_CONN_MAX_AGE)."""
    raw = env("DB_CONN_MAX_AGE", str(default))
    try:
        seconds = int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"DB_CONN_MAX_AGE must be a whole number of seconds, not {raw!r}"
        ) from None
    if seconds < 0:
        raise ImproperlyConfigured("DB_CONN_MAX_AGE must be 0 or more")
    return seconds


_default_db = f"sqlite:///{DATA_DIR / 'droomplan.sqlite3'}"
# Persistent connections are on in production (settings/production.py: 60 s); a kept
# connection is checked before reuse (health checks), so a restarted database costs one
# reconnect instead of an error.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or _default_db,
        conn_max_age=conn_max_age(0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: PostgreSQL switches it on by the *estimated* cost of a query, and the
    # estimates of the pages' correlated count subqueries are high although they run for 50
    # rows; compiling took 2 s of a 7 s lead home page at 100,000 participants
    # (docs/performance.md). The pages' queries are short; none gains from it.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after inactivity: a request renews the clock, at most once a minute
# (accounts.middleware.SessionTouchMiddleware), so a session ends between 29 and 30 minutes
# after the last click and busy pages do not write their session on every request.
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_MINUTES", "30")) * 60
DROOMPLAN_SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# ... and, however busy, after an absolute lifetime counted from the login.
DROOMPLAN_SESSION_ABSOLUTE_AGE = int(float(env("SESSION_ABSOLUTE_HOURS", "12")) * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# django-axes: lock an account/IP combination after repeated failed logins.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client of a request is counted from the right of X-Forwarded-For, past this many
# reverse proxies (0: no proxy, the socket address). One rule for every use of the client
# address (`core.client.client_ip`): the lockout, the rate limits and both logs.
# AXES_PROXY_COUNT is the older name of the same setting.
DROOMPLAN_PROXY_COUNT = int(env("DROOMPLAN_PROXY_COUNT", env("AXES_PROXY_COUNT", "0")))
if DROOMPLAN_PROXY_COUNT < 0:
    raise ImproperlyConfigured("DROOMPLAN_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "droomplan.core.client.client_ip"

# `droomplan prune_access_log` removes no access-log entry younger than this (retention).
DROOMPLAN_ACCESS_LOG_KEEP_YEARS = int(env("ACCESS_LOG_KEEP_YEARS", "5"))

# The research export is refused when fewer than this many mothers share every
# quasi-identifier (k-anonymity, docs/privacy-rights.md).
RESEARCH_EXPORT_MIN_K = int(env("RESEARCH_EXPORT_MIN_K", "5"))
if RESEARCH_EXPORT_MIN_K < 2:
    raise ImproperlyConfigured("RESEARCH_EXPORT_MIN_K must be 2 or more.")

# Two-factor authentication for staff roles (TOTP via django-otp).
DROOMPLAN_REQUIRE_2FA = env_bool("DROOMPLAN_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Droomplan"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Django's admin site (/django-admin/) exists only when switched on; it is for emergencies.
DROOMPLAN_DJANGO_ADMIN = env_bool("DROOMPLAN_DJANGO_ADMIN", False)

# Password reset by e-mail: the link is valid for an hour; every request takes at least
# this long, so the answer time does not tell whether an account exists; requests per client
# address and e-mails per account are limited per hour.
PASSWORD_RESET_TIMEOUT = 60 * 60
DROOMPLAN_PASSWORD_RESET_MIN_SECONDS = float(env("PASSWORD_RESET_MIN_SECONDS", "1.0"))
DROOMPLAN_PASSWORD_RESET_LIMIT = int(env("PASSWORD_RESET_LIMIT", "5"))
DROOMPLAN_PASSWORD_RESET_ACCOUNT_LIMIT = 3

# True only in settings/production.py: commands that must never touch real data check it.
DROOMPLAN_PRODUCTION = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "droomplan_language"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
# One date style (long and short, Dutch and English): core/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["droomplan.core.formats"]
USE_TZ = True
LOCALE_PATHS: list[str] = []

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = Path(env("DROOMPLAN_MEDIA_DIR") or (DATA_DIR / "private"))
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: the largest exchange file the browser upload takes (bigger files: the command
# `droomplan import_exchange`). The reverse proxy's limit (nginx `client_max_body_size` in
# docs/deployment.md) is this plus 1 MB for the form around the file, so a file that is too big
# gets Droomplan's Dutch message instead of the proxy's error page (tests/test_deploy.py).
EXCHANGE_MAX_UPLOAD_MB = int(env("EXCHANGE_MAX_UPLOAD_MB", "50"))
EXCHANGE_MAX_UPLOAD_BYTES = EXCHANGE_MAX_UPLOAD_MB * 1024 * 1024
# Form fields without files (Django's limit, kept explicit): far below the proxy's.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))  # seconds: a mail server that hangs fails the try
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH") or str(DATA_DIR / "mail")  # for the file backend
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Droomplan <noreply@droomplan.local>")
# The address people use to reach Droomplan: links in e-mails (sent by background jobs,
# which have no request to take it from).
DROOMPLAN_BASE_URL = (env("DROOMPLAN_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")

# Background jobs: Django's task framework (django-tasks backport) with the database backend,
# so no extra server is needed; run `droomplan db_worker` beside the web server.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
JOBS_RETRY_BASE_SECONDS = int(env("JOBS_RETRY_BASE_SECONDS", "60"))
JOBS_STALE_AFTER_MINUTES = int(env("JOBS_STALE_AFTER_MINUTES", "60"))
JOBS_KEEP_DAYS = int(env("JOBS_KEEP_DAYS", "7"))

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}


def caches(default: dict) -> dict:
    """The cache: Django's Redis backend when REDIS_URL is set, otherwise `default` (each mode
    names its own: memory in local mode, a database table in production)."""
    redis_url = env("REDIS_URL")
    if redis_url:
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "droomplan",
        }
        return {"default": backend}
    return {"default": default}


def require(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required in production.")
    return value


# The partners' API (docs/api.md): JSON only, application tokens or the browser session,
# problem details for errors, cursor pages, a rate limit per token (= per account).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "droomplan.api.authentication.ApplicationTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "droomplan.api.problems.handle",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_RATE_ANONYMOUS", "30/minute"),
        "user": env("API_RATE", "600/minute"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Droomplan API",
    "DESCRIPTION": "The partners' API: see docs/api.md.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "droomplan.api.schema.add_problems",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ContactKindEnum": "droomplan.cases.models.ContactKind",
        "HousingKindEnum": "droomplan.lifedomains.models.HousingKind",
        "WorkKindEnum": "droomplan.lifedomains.models.WorkKind",
    },
}
