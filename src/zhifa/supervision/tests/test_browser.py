"""A real browser (headless Chromium through chromedriver) at a phone's size with JavaScript turned off:
a citizen opens the portal, files a complaint with a photo, gets the receipt, and checks its progress;
once the agency answers, the answer is there, and no page shows the name or phone given.

Runs wherever Chromium and chromedriver are installed (Debian packages chromium, chromium-driver);
ZHIFA_REQUIRE_BROWSER=1 turns a missing browser into a failure (publicity/tests/test_browser.py)."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from zhifa.supervision import services
from zhifa.supervision.models import Complaint, ComplaintAttachment
from zhifa.supervision.services import RouteTarget

from .conftest import NAME, PHONE
from .test_public import PNG

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
PHONE_WIDTH, PHONE_HEIGHT = 390, 844


@pytest.fixture
def phone_browser():
    if not (CHROMIUM and DRIVER):
        if os.environ.get("ZHIFA_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium and chromedriver are required here (ZHIFA_REQUIRE_BROWSER=1)")
        pytest.skip("Chromium/chromedriver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--window-size={PHONE_WIDTH},{PHONE_HEIGHT}",
    ):
        options.add_argument(flag)
    # JavaScript off for every page (Chrome's content setting: 2 = block).
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    # A phone's viewport: a headless window is never narrower than 500 px, so the device metrics are
    # overridden (DevTools; chromedriver's own mobileEmulation option hangs on clicks with scripts off).
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE_WIDTH, "height": PHONE_HEIGHT, "deviceScaleFactor": 3, "mobile": True},
    )
    yield driver
    driver.quit()


def test_citizen_files_a_complaint_on_a_phone_without_javascript(
    live_server, phone_browser, sw, settings, tmp_path
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.expected_conditions import staleness_of
    from selenium.webdriver.support.ui import Select, WebDriverWait

    settings.ZHIFA_COMPLAINT_FORM_MIN_SECONDS = 1
    d = phone_browser

    # JavaScript is really off: a page's script does not run, its <noscript> shows.
    d.get("data:text/html,<title>off</title><script>document.title='on'</script>")
    assert d.title == "off"

    d.get(live_server.url + "/")
    d.find_element(By.CSS_SELECTOR, "main a[href='/complaints/new/']").click()
    assert d.current_url.endswith("/complaints/new/")
    d.find_element(By.CSS_SELECTOR, "input[name=subject_kind][value=enterprise]").click()
    Select(d.find_element(By.NAME, "agency")).select_by_visible_text(sw.world.agency_a.name)
    d.find_element(By.NAME, "content").send_keys("幸福路一家超市销售过期牛奶，2026年10月3日购买。")
    d.find_element(By.NAME, "complainant_name").send_keys(NAME)
    d.find_element(By.NAME, "complainant_phone").send_keys(PHONE)
    photo = tmp_path / "牛奶.png"
    photo.write_bytes(PNG)
    d.find_element(By.NAME, "attachments").send_keys(str(photo))
    # The honeypot is off screen for a person (site.css .hp), not in the page's visible area.
    trap = d.find_element(By.NAME, "website")
    assert trap.location["x"] < 0 or not trap.is_displayed()
    time.sleep(1.2)  # the challenge: a form posted faster than a person writes is refused
    form_page = d.find_element(By.TAG_NAME, "html")
    d.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    WebDriverWait(d, 30).until(staleness_of(form_page))

    number = d.find_element(By.ID, "receipt-number").text
    code = d.find_element(By.ID, "query-code").text
    assert number.startswith("TS-990100-") and len(code) == 11
    assert NAME not in d.page_source and PHONE not in d.page_source
    c = Complaint.objects.get(receipt_number=number)
    assert ComplaintAttachment.objects.get(complaint=c).content_type == "image/png"
    # The receipt fits the phone's width (nothing wider than the screen).
    body = d.find_element(By.TAG_NAME, "body")
    assert body.size["width"] <= PHONE_WIDTH
    assert d.find_element(By.ID, "receipt-number").size["width"] <= PHONE_WIDTH

    d.find_element(By.CSS_SELECTOR, "main a[href='/complaints/query/']").click()

    def check_progress() -> str:
        d.find_element(By.NAME, "receipt_number").clear()
        d.find_element(By.NAME, "receipt_number").send_keys(number)
        d.find_element(By.NAME, "query_code").clear()
        d.find_element(By.NAME, "query_code").send_keys(code.lower())
        page = d.find_element(By.TAG_NAME, "html")
        d.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
        WebDriverWait(d, 30).until(staleness_of(page))  # the answer page replaced the form
        assert NAME not in d.page_source and PHONE not in d.page_source
        return str(d.find_element(By.ID, "status").text)

    assert check_progress() == "已收到，待受理"

    c = services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(sw.world.agency_a))
    services.complaint_answer(
        complaint=c, actor=sw.officer_a, answer="经现场检查属实，已责令下架并立案调查。"
    )
    assert check_progress() == "已答复"
    assert "已责令下架并立案调查" in d.find_element(By.ID, "answer").text
    assert sw.world.agency_a.name in d.find_element(By.ID, "progress").text
