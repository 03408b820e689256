"""Demo: publish the drafts of older demo decisions, as a clerk would have, so the portal has content.
Runs after load_demo's transaction committed (the drafts are made by the publicity subscriber then)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from zhifa.catalog import calendar
from zhifa.demo.data import DEMO_REGION_PATH
from zhifa.publicity import services
from zhifa.publicity.models import Publication, PublicationStatus


def publish_demo_drafts(*, today: date | None = None) -> int:
    """Drafts whose decision is older than two working days are published on the second working day
    after the decision (on time); the newest stay as drafts for the clerk's queue."""
    today = today or timezone.localdate()
    count = 0
    # Only the demo region's drafts: a deployment that loads the demo beside real data must never have a
    # real draft published without its clerk's confidentiality check.
    drafts = Publication.objects.filter(
        status=PublicationStatus.DRAFT, region_path__startswith=DEMO_REGION_PATH
    )
    for pub in drafts.order_by("decided_on", "id"):
        on = calendar.add_working_days(pub.decided_on, 2).date
        if on >= today:
            continue
        services.approve_and_publish(pub=pub, actor=None, on=on)
        count += 1
    return count
