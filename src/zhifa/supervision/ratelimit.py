"""Per-address rate limits of the portal's complaint doors (submission, progress query).

Counted in the database, not in the cache: the default cache is per process (LocMemCache), so a limit
kept there would be multiplied by the number of server processes. One indexed COUNT and one INSERT per
request. The address is stored as a keyed hash (HMAC with the secret key): the table says how often a
client came, never who it was. An IPv6 client is counted by its /64, the block one subscriber usually
holds, or a single client could rotate through 2^64 addresses.

Behind a reverse proxy every request comes from the proxy's address: set ZHIFA_CLIENT_ADDRESS_HEADER to
the META key of the header the proxy sets to the client's address (e.g. HTTP_X_REAL_IP), and only when
the proxy overwrites that header on every request, or a client could name any address it likes."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connections, router, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zhifa.supervision import conf
from zhifa.supervision.models import IntakeHit

SUBMIT = "complaint"
QUERY = "complaint_query"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    retry_after_seconds: int = 0


def client_address(request: HttpRequest) -> str:
    header = conf.client_address_header()
    raw = request.META.get(header, "") if header else ""
    if header and raw:
        raw = str(raw).split(",")[0].strip()
    return str(raw or request.META.get("REMOTE_ADDR", "") or "unknown")


def client_key(address: str) -> str:
    """The keyed hash a client is counted under: its IPv4 address, or its IPv6 /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        counted = address
    else:
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            counted = str(ip.ipv4_mapped)
        elif isinstance(ip, ipaddress.IPv6Address):
            counted = str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
        else:
            counted = str(ip)
    return salted_hmac("zhifa.supervision.ratelimit", counted, algorithm="sha256").hexdigest()


def _limit(bucket: str) -> int:
    return conf.rate_limit() if bucket == SUBMIT else conf.query_rate_limit()


def hit(*, bucket: str, address: str, now: datetime | None = None) -> Decision:
    """Count one request of `address` at `bucket` and say whether it may proceed. One statement inserts
    the hit only while the window holds fewer than the limit (on SQLite writers are serialized, so the
    count is exact; on PostgreSQL two requests of one client at the same instant may both pass: a brake,
    not an exact quota). A refused request is not counted: a client held back does not extend its own
    wait by retrying."""
    now = now or timezone.now()
    window = timedelta(seconds=conf.rate_window_seconds())
    limit = _limit(bucket)
    key = client_key(address)
    conn = connections[router.db_for_write(IntakeHit)]
    q = conn.ops.quote_name
    table = q(IntakeHit._meta.db_table)
    at, since = (conn.ops.adapt_datetimefield_value(v) for v in (now, now - window))
    sql = (
        f"INSERT INTO {table} ({q('bucket')}, {q('client')}, {q('at')}) SELECT %s, %s, %s "
        f"WHERE (SELECT COUNT(*) FROM {table} WHERE {q('bucket')} = %s AND {q('client')} = %s "
        f"AND {q('at')} > %s) < %s"
    )
    with transaction.atomic(using=conn.alias), conn.cursor() as c:
        c.execute(sql, [bucket, key, at, bucket, key, since, limit])
        inserted = c.rowcount
    if inserted == 1:
        return Decision(allowed=True, limit=limit)
    oldest = (
        IntakeHit.objects.filter(bucket=bucket, client=key, at__gt=now - window)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    ) or now
    wait = int((oldest + window - now).total_seconds()) + 1
    return Decision(allowed=False, limit=limit, retry_after_seconds=max(wait, 1))


def purge(*, now: datetime | None = None) -> int:
    """Drop counters older than the window: they no longer count for anything."""
    cutoff = (now or timezone.now()) - timedelta(seconds=conf.rate_window_seconds())
    deleted, _ = IntakeHit.objects.filter(at__lte=cutoff).delete()
    return deleted
