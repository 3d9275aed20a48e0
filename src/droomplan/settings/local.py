"""Development, demo and test mode: works with no configuration at all."""

from .base import *  # noqa: F403
from .base import caches, env, env_list, generated_secret_key

SECRET_KEY = env("SECRET_KEY") or generated_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

# WhiteNoise serves the app's static files straight from the packages (no collectstatic needed);
# it expects STATIC_ROOT to exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# One process (runserver): the cache lives in its memory. REDIS_URL switches to Redis.
CACHES = caches({"BACKEND": "django.core.cache.backends.locmem.LocMemCache"})
