"""Rate limits shared by every web worker (访问频率限制): attempts counted per key in the database.

A key names what is limited: ``survey-code:addr:203.0.113.9``, ``survey-code:all``, ``login:addr:…``.
Attempts are counted in fixed windows; ``hit`` counts one and says whether the key is still within its
limit, ``exceeded`` only looks. Counting is one conditional UPDATE, so parallel requests never all see
the same count.
"""

import datetime as dt
import ipaddress
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from zugong.core.models import RateWindow


def _window_start(now: dt.datetime, seconds: int) -> dt.datetime:
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def hit(key: str, *, limit: int, window_seconds: int, now: dt.datetime | None = None) -> bool:
    """Count one attempt for ``key``; True while the attempts in this window are at most ``limit``."""
    start = _window_start(now or timezone.now(), window_seconds)
    with transaction.atomic():
        windows = RateWindow.objects.filter(key=key[:200], window_start=start)
        if not windows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateWindow.objects.create(key=key[:200], window_start=start, count=1)
            except IntegrityError:  # another request opened the window first
                windows.update(count=F("count") + 1)
        # The row stays locked by our UPDATE until commit: the count read here includes every earlier attempt.
        count = windows.values_list("count", flat=True).get()
    return count <= limit


def exceeded(key: str, *, limit: int, window_seconds: int, now: dt.datetime | None = None) -> bool:
    """Whether ``key`` has already used up its attempts in this window (counts nothing)."""
    start = _window_start(now or timezone.now(), window_seconds)
    count = RateWindow.objects.filter(key=key[:200], window_start=start).values_list("count", flat=True).first()
    return (count or 0) >= limit


def give_back(key: str, *, window_seconds: int, now: dt.datetime) -> None:
    """Take back one attempt ``hit`` counted at ``now`` (same ``now``: the same window), for an attempt that
    turned out not to count (a correct survey code): reserve first, give back after, and parallel attempts
    never pass the limit."""
    start = _window_start(now, window_seconds)
    RateWindow.objects.filter(key=key[:200], window_start=start, count__gt=0).update(count=F("count") - 1)


def window_end(now: dt.datetime, window_seconds: int) -> dt.datetime:
    """When the window holding ``now`` ends: a refused key may try again from then."""
    return _window_start(now, window_seconds) + dt.timedelta(seconds=window_seconds)


class TooManyAttempts(Exception):
    """Code entry is paused for this address, or for everyone, until ``until``."""

    def __init__(self, until: dt.datetime, now: dt.datetime, what: str):
        self.until = until
        self.retry_after = max(1, int((until - now).total_seconds()))
        self.message = f"输入{what}的次数过多，请于 {timezone.localtime(until):%H:%M} 后再试。"
        super().__init__(self.message)


def counted_lookup[T](lookup: Callable[[], T | None], *, windows: Sequence[tuple[str, int]], window_seconds: int,
                      what: str) -> T | None:
    """A typed code's record, counted as one attempt on each of ``windows`` ((key, wrong codes allowed), checked in
    order) — the single-use codes of ``/s/`` and ``/v/``. Over a limit ``TooManyAttempts`` is raised before the
    lookup, a right code too, until the window ends; a code that exists gives its counts back, so only wrong codes
    use a window up (a meeting room behind one address is not stopped by its own right codes)."""
    now = timezone.now()
    # One transaction: ``hit``'s UPDATE keeps each window's row locked until the code is decided, so parallel
    # entries from one address (and, on the total, from all) queue for a millisecond instead of passing together.
    with transaction.atomic():
        for key, limit in windows:
            if not hit(key, limit=limit, window_seconds=window_seconds, now=now):
                # Raised inside the transaction: this entry's counts roll back — a refused entry is no guess and
                # must not use up the total for everyone.
                raise TooManyAttempts(window_end(now, window_seconds), now, what)
        found = lookup()
        if found is not None:
            for key, _limit in windows:
                give_back(key, window_seconds=window_seconds, now=now)
    return found


def forget_before(moment: dt.datetime) -> int:
    """Delete windows that started before ``moment`` (run by the nightly checks)."""
    deleted, _ = RateWindow.objects.filter(window_start__lt=moment).delete()
    return deleted


def client_address(request) -> str:
    """The address a request came from: REMOTE_ADDR, or — behind a reverse proxy named by the setting
    ``ZUGONG_CLIENT_ADDRESS_HEADER`` — the last address in that header, the one the proxy itself saw
    (earlier entries are whatever the client wrote). IPv6 counts per /64 network: one machine holds a /64."""
    raw = ""
    header = settings.ZUGONG_CLIENT_ADDRESS_HEADER
    if header:
        raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "").split(",")[-1].strip()
    raw = raw or request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)
