"""`regions_where_may_act` (a whole pool at once, as a random-inspection draw asks) gives exactly what
`may_act` gives one act at a time: one rule (行政处罚法 第四十二条), two ways of asking it."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhifa.catalog.services import BasisRef, item_create
from zhifa.organizations.services import region_create
from zhifa.personnel.selectors import may_act, officers_for_acts, regions_where_may_act
from zhifa.personnel.services import certificate_revoke, certificate_suspend
from zhifa.testing import make_certificate, make_officer, make_world

pytestmark = pytest.mark.django_db


def test_bulk_pool_question_agrees_with_may_act():
    rng = random.Random(13)
    w = make_world()
    township_b = region_create(
        code="990121001", name="临江镇", level="township", parent=w.county_b, actor=None
    )
    regions = [w.province, w.city, w.county_a, w.county_b, w.township_a, township_b]
    second_market_item = item_create(
        agency=w.agency_a,
        code="330217002",
        name="经营超过保质期的食品",
        kind="penalty",
        field=w.field_market,
        bases=[BasisRef(law=w.law.name, article=124, paragraph=1)],
        actor=None,
    )
    # A day to come: a suspension or revocation made now (before it) counts on it.
    on = timezone.localdate() + timedelta(days=180)
    for n in range(40):
        agency = w.agency_a if n % 3 else w.agency_b
        officer = make_officer(agency=agency, name=f"人员{n}")
        for _ in range(rng.choice((0, 1, 1, 2))):
            # Before, on and after the day; in force from long before, or only from the next day.
            valid_from = rng.choice((date(2024, 1, 1), date(2024, 1, 1), on + timedelta(days=1)))
            until = rng.choice((on - timedelta(days=1), on, on + timedelta(days=800)))
            cert = make_certificate(
                officer=officer,
                field=rng.choice((w.field_market, w.field_env)),
                area=rng.choice(regions[1:]),  # within the agencies' city
                valid_from=valid_from,
                valid_until=max(valid_from, until),
            )
            fate = rng.random()
            if fate < 0.1:
                certificate_suspend(certificate=cert, reason="调查", actor=None)
            elif fate < 0.15:
                certificate_revoke(certificate=cert, reason="调离", actor=None)
        if rng.random() < 0.1:
            officer.status = "left"
            officer.save()
    items = [w.item_a, second_market_item, w.item_b]
    officers = list(officers_for_acts(agency_ids=[w.agency_a.pk, w.agency_b.pk]))
    with CaptureQueriesContext(connection) as ctx:
        bulk = regions_where_may_act(officers=officers, items=items, regions=regions, on=on)
    assert len(ctx.captured_queries) == 0  # everything was prefetched once
    allowed_somewhere = 0
    for officer in officers:
        own = [i for i in items if i.agency_id == officer.agency_id]
        expected = {
            r.code
            for r in regions
            if all(may_act(officer=officer, item=i, area=r, on=on).allowed for i in own)
        }
        assert bulk[officer.pk] == expected, officer.name
        allowed_somewhere += bool(expected)
    assert 0 < allowed_somewhere < len(officers)  # the sample has both kinds


def test_an_officer_without_items_of_their_agency_qualifies_nowhere():
    w = make_world()
    officer = make_officer(agency=w.agency_b)
    make_certificate(officer=officer, field=w.field_market, area=w.city)
    got = regions_where_may_act(
        officers=list(officers_for_acts(agency_ids=[w.agency_b.pk])),
        items=[w.item_a],
        regions=[w.city],
        on=date(2026, 6, 1),
    )
    assert got == {officer.pk: set()}
