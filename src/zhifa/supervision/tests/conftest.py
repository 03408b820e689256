"""A small supervision world: 示范省 / 江北市 with two agencies, the city's 司法局 as supervising body, and a
login for every kind of handler. Dates sit inside the loaded 2026 calendar (国庆 1–7 October with the
make-up Saturday 10 October; 春节 15–23 February with the make-up Saturdays 14 and 28 February)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhifa.accounts.models import User
from zhifa.organizations.models import Agency
from zhifa.supervision import services
from zhifa.testing import World, make_agency, make_user, make_world

SHANGHAI = ZoneInfo("Asia/Shanghai")
_nonce = itertools.count(1)

NAME = "王小明"
PHONE = "13912345678"


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def isolated_store(settings: Any, tmp_path: Any) -> None:
    """Attachments go to a blob folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "blobs")},
        },
    }


@dataclass
class SupervisionWorld:
    world: World
    justice: Agency
    supervisor: User
    county_supervisor: User
    officer_a: User
    head_a: User
    clerk_a: User
    officer_b: User
    admin: User


@pytest.fixture
def sw(db: Any) -> SupervisionWorld:
    w = make_world()
    justice = make_agency(name="江北市司法局", region=w.city, field="行政执法监督")
    Agency.objects.filter(pk=justice.pk).update(is_supervising_body=True)
    justice.refresh_from_db()
    return SupervisionWorld(
        world=w,
        justice=justice,
        supervisor=make_user(username="sup", role="supervisor", region=w.city),
        county_supervisor=make_user(username="sup_county", role="supervisor", region=w.county_a),
        officer_a=make_user(username="off_a", role="officer", agency=w.agency_a),
        head_a=make_user(username="head_a", role="agency_head", agency=w.agency_a),
        clerk_a=make_user(username="clerk_a", role="publicity_clerk", agency=w.agency_a),
        officer_b=make_user(username="off_b", role="officer", agency=w.agency_b),
        admin=make_user(username="admin_s", role="administrator"),
    )


def submit(sw: SupervisionWorld, *, on: date = date(2026, 9, 29), **kw: Any) -> services.Submitted:
    """A complaint as the portal's view files it (the same service), about agency A by default."""
    args: dict[str, Any] = {
        "region": None,
        "agency_concerned": sw.world.agency_a,
        "subject_kind": "enterprise",
        "content": "某超市销售过期食品，2026年9月20日购买的牛奶已过保质期。",
        "complainant_name": NAME,
        "complainant_phone": PHONE,
        "form_nonce": f"nonce-{next(_nonce)}",
        "now": at(on),
    }
    args.update(kw)
    return services.complaint_submit(**args)
