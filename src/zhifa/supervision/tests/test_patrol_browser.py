"""A real browser at a phone's size with JavaScript off: from the portal's home to the published 网上巡查
report, which fits the screen (issue 14 part 5: a short public page, phone-readable, no JavaScript)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zhifa.supervision import patrol_services
from zhifa.testing import make_user, make_world

from .test_browser import PHONE_WIDTH, phone_browser  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_published_patrol_report_on_a_phone_without_javascript(live_server: Any, phone_browser: Any) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    w = make_world()
    supervisor = make_user(username="sup_browser", role="supervisor", region=w.city)
    done = patrol_services.generate(
        region=w.city, year=2026, quarter=1, actor=supervisor, today=date(2026, 4, 10)
    )
    report = next(r for r in done.created if r.agency_id == w.agency_a.pk)
    for line in report.lines.all():
        patrol_services.review_line(line=line, actor=supervisor, verdict="confirmed")
    patrol_services.conclude(report=report, actor=supervisor, conclusion="事前公开事项不完整，责令整改。")
    patrol_services.publish(report=report, actor=supervisor, today=date(2026, 4, 10))

    d = phone_browser
    d.get(live_server.url + "/")
    d.find_element(By.CSS_SELECTOR, "main a[href='/supervision/patrols/']").click()
    d.find_element(By.LINK_TEXT, w.agency_a.name).click()
    assert d.current_url.endswith(f"/supervision/patrols/{report.pk}/")
    assert "事前公开事项不完整" in d.find_element(By.ID, "conclusion").text
    assert d.find_element(By.TAG_NAME, "body").size["width"] <= PHONE_WIDTH
    for section in d.find_elements(By.CSS_SELECTOR, "section.card"):
        assert section.size["width"] <= PHONE_WIDTH
