"""The confidentiality check in a real browser (headless Chromium): the clerk selects text in the
original and hides it at every occurrence; a hidden piece is shown again from the keyboard; the
publication is confirmed before it is published. Reuses test_browser's fixture (skips without
Chromium unless ZHIFA_REQUIRE_BROWSER=1)."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.publicity.tests.test_browser import browser  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = (
    "行政处罚决定书\n当事人：王小明，住址江北市江北区滨江街道幸福路8号3幢201室，联系电话13812345678。\n"
    "经查，当事人王小明在阳光花园小区门口销售过期食品，阳光花园物业人员证实。执法人员程亮、汪敏检查。\n"
    "依据《中华人民共和国食品安全法》第一百二十四条，罚款人民币5000元。"
)

SELECT = """
const [needle] = arguments;
const root = document.getElementById('review-original');
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
let node;
while ((node = walker.nextNode())) {
  const at = node.data.indexOf(needle);
  if (at >= 0) {
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + needle.length);
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
}
return false;
"""


@pytest.mark.slow
def test_select_hide_every_occurrence_show_by_keyboard_and_confirm(live_server, browser):  # noqa: F811
    # A transactional test's database is flushed between tests: the calendar rows its migration
    # seeded may be gone; seed them again (idempotent).
    import importlib

    from django.apps import apps
    from django.conf import settings
    from django.test import Client
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from zhifa.publicity.models import Publication, PublicationStatus
    from zhifa.publicity.registration import RegisteredDecision, decision_register
    from zhifa.testing import make_case_world, make_user

    importlib.import_module("zhifa.catalog.migrations.0002_seed_calendar").seed(apps, None)
    world = make_case_world().world
    clerk = make_user(username="clerk_browser", role="publicity_clerk", agency=world.agency_a)
    pub = decision_register(
        agency=world.agency_a,
        decision=RegisteredDecision(
            kind="penalty",
            decision_number="江北市监罚〔2026〕401号",
            decided_on=date(2026, 9, 29),
            title="销售过期食品",
            party_name="王小明",
            party_kind="natural_person",
            content="",
            text=TEXT,
            penalty_kinds=("罚款",),
            fine_amount=Decimal("5000"),
        ),
        actor=clerk,
    )
    client = Client()
    client.force_login(clerk)
    browser.set_window_size(1024, 768)  # a tablet in landscape
    browser.get(live_server.url + "/accounts/login/")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session})
    browser.get(f"{live_server.url}/workbench/publicity/{pub.pk}/")
    wait = WebDriverWait(browser, 10)

    # 1. Select 阳光花园 in the original: the form fills itself and counts both occurrences.
    assert browser.execute_script(SELECT, "阳光花园")
    text_box = browser.find_element(By.ID, "add-text")
    wait.until(lambda d: text_box.get_attribute("value") == "阳光花园")
    assert "原文共 2 处" in browser.find_element(By.ID, "add-submit").text
    assert browser.find_element(By.NAME, "start").get_attribute("value") == str(TEXT.find("阳光花园"))
    browser.find_element(By.ID, "add-reason").send_keys("当事人所住小区")
    browser.find_element(By.ID, "add-submit").click()
    wait.until(lambda d: "已隐去“阳光花园”，共2处" in d.page_source)
    public = browser.find_element(By.ID, "review-public").text
    assert "阳光花园" not in public and public.count("××小区") == 1

    # 2. From the keyboard: Tab to a hidden piece (程亮 was kept, so hide it first by typing), Enter,
    #    type the reason, Enter.
    box = browser.find_element(By.ID, "add-text")
    box.send_keys("程亮")
    browser.find_element(By.ID, "add-reason").send_keys("试验" + Keys.ENTER)
    wait.until(lambda d: "已隐去“程亮”" in d.page_source)
    mark = browser.find_element(By.CSS_SELECTOR, 'mark[data-original="程亮"]')
    mark.send_keys(Keys.ENTER)
    reason = browser.find_element(By.ID, "remove-reason")
    wait.until(lambda d: d.switch_to.active_element == reason)
    assert browser.find_element(By.ID, "remove-text").get_attribute("value") == "程亮"
    reason.send_keys("执法人员姓名依法公开" + Keys.ENTER)
    wait.until(lambda d: "已取消隐去“程亮”" in d.page_source)
    assert "程亮" in browser.find_element(By.ID, "review-public").text

    # 3. Publishing asks for a confirmation first.
    browser.find_element(By.ID, "publish-preview").click()
    wait.until(lambda d: d.find_elements(By.ID, "confirm-publish"))
    assert "阳光花园" not in browser.find_element(By.ID, "confirm-public").text
    assert Publication.objects.get(pk=pub.pk).status == PublicationStatus.DRAFT
    browser.find_element(By.ID, "confirm-checked").click()
    browser.find_element(By.ID, "confirm-publish").click()
    wait.until(lambda d: "已办理" in d.page_source)
    done = Publication.objects.get(pk=pub.pk)
    assert done.status == PublicationStatus.PUBLISHED and "阳光花园" not in done.redacted_text
    assert [a["action"] for a in done.adjustment_list] == ["add", "add", "remove"]
