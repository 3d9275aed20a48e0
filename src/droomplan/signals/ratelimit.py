"""Rate limit of the public form per client address (`core.client.client_ip`, behind the
configured proxies), kept in the database so it holds across
processes. Only a keyed hash of the address is stored, and only for the length of the window."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from droomplan.core.client import client_ip

from .models import SubmissionAttempt

# Posts per IP address per window. Settings: SIGNALS_RATE_LIMIT, SIGNALS_RATE_WINDOW_MINUTES.
DEFAULT_LIMIT = 10
DEFAULT_WINDOW_MINUTES = 60


def limit() -> int:
    return int(getattr(settings, "SIGNALS_RATE_LIMIT", DEFAULT_LIMIT))


def window() -> datetime.timedelta:
    minutes = getattr(settings, "SIGNALS_RATE_WINDOW_MINUTES", DEFAULT_WINDOW_MINUTES)
    return datetime.timedelta(minutes=int(minutes))


def ip_hash(address: str) -> str:
    return salted_hmac("droomplan.signals.ratelimit", address).hexdigest()


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_at: datetime.datetime | None = None

    @property
    def retry_after_seconds(self) -> int:
        if self.retry_at is None:
            return 0
        return max(1, int((self.retry_at - timezone.now()).total_seconds()) + 1)


def check_and_count(request, now: datetime.datetime | None = None) -> Verdict:
    """Count this post; refuse it when the address already posted `limit()` times in the
    window. Old rows are removed on the way."""
    now = now or timezone.now()
    since = now - window()
    SubmissionAttempt.objects.filter(at__lt=since).delete()
    key = ip_hash(client_ip(request) or "unknown")
    recent = SubmissionAttempt.objects.filter(ip_hash=key, at__gte=since)
    if recent.count() >= limit():
        oldest = recent.order_by("at").values_list("at", flat=True).first()
        return Verdict(allowed=False, retry_at=oldest + window())
    SubmissionAttempt.objects.create(ip_hash=key, at=now)
    return Verdict(allowed=True)
