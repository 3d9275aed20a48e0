"""Production mode: gunicorn behind a TLS-terminating reverse proxy, PostgreSQL.

Select it with DJANGO_SETTINGS_MODULE=droomplan.settings.production. It passes
`droomplan check --deploy` without warnings."""

from .base import *  # noqa: F403
from .base import DATABASES, caches, conn_max_age, env, env_bool, env_list, require

DEBUG = False
DROOMPLAN_PRODUCTION = True
SECRET_KEY = require("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [require("ALLOWED_HOSTS")]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# One database connection per worker, kept open between requests (no new connection and
# login per request); health-checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = conn_max_age(60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DROOMPLAN_REQUIRE_2FA = env_bool("DROOMPLAN_REQUIRE_2FA", True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several gunicorn workers share the cache: a database table (`droomplan createcachetable`
# after `migrate`), or Redis when REDIS_URL is set.
CACHES = caches(
    {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "droomplan_cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
)
LOGGING["root"]["level"] = env("LOG_LEVEL", "INFO")  # noqa: F405
