"""Checks that `manage.py check --deploy` runs on the portal's own settings."""

from django.conf import settings
from django.core.checks import Warning, register

LOCAL_CACHE = "django.core.cache.backends.locmem.LocMemCache"


@register(deploy=True)
def sessions_need_a_shared_cache(app_configs, **kwargs):
    """Sessions are read from the cache; a cache of each process's own would let a logout in one process
    go unseen by the others until the entry expires."""
    if settings.CACHES["default"]["BACKEND"] != LOCAL_CACHE or not settings.SESSION_ENGINE.endswith("cached_db"):
        return []
    return [
        Warning(
            "Sessions are read from a cache that each server process keeps for itself.",
            hint="Serving with more than one process? Set KP_CACHE_URL to a shared Redis (redis://host:6379/1).",
            id="klageportal.W001",
        )
    ]
