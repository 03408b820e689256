"""Daily job of the supervision app, run by `zhifa worker`."""

from django_tasks import task

from zhifa.supervision import ratelimit, services


@task()
def complaint_housekeeping() -> dict[str, int]:
    """Fill complaint clocks whose year's calendar has been loaded since; drop spent rate-limit counters."""
    return {"deadlines_filled": services.complaint_deadlines_fill(), "hits_purged": ratelimit.purge()}
