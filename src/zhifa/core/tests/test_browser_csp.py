"""A real browser (headless Chromium through chromedriver) on the key pages of the portal, the workbench,
the API docs and the admin: the Content-Security-Policy refuses nothing there, i.e. no page needs an inline
script, an inline handler, an inline style or anything from another host. Chromium reports every refusal
on the console ("Refused to … because it violates the following Content Security Policy directive"); the
test first shows that such a refusal is seen, then that the pages produce none.

Runs wherever Chromium and chromedriver are installed (Debian packages chromium, chromium-driver);
`.ci/run` sets ZHIFA_REQUIRE_BROWSER=1, which turns a missing browser into a failure."""

import os
import shutil

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser():
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
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _csp_refusals(browser):
    return [
        e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e.get("message", "")
    ]


def _log_in(browser, base, username):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from zhifa.demo.data import DEMO_PASSWORD

    browser.delete_all_cookies()
    browser.get(base + "/accounts/login/")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(DEMO_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda b: "/accounts/login/" not in b.current_url)


def test_key_pages_cause_no_csp_violation(live_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    from zhifa.cases.models import Case
    from zhifa.demo.data import load_demo
    from zhifa.personnel.models import Officer
    from zhifa.publicity.models import Publication

    load_demo()
    base = live_server.url
    refusals: dict[str, list[str]] = {}

    def visit(path):
        browser.get(base + path)
        found = _csp_refusals(browser)
        if found:
            refusals[path] = found

    # The detector sees a refusal: an inline handler injected into a page is blocked and reported.
    browser.get(base + "/")
    _csp_refusals(browser)
    browser.execute_script(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"/nothing.png\" onerror=\"void 0\">')"
    )
    seen: list[str] = []

    def refused(b):
        seen.extend(_csp_refusals(b))
        return any("inline event handler" in m for m in seen)

    WebDriverWait(browser, 10).until(refused)

    for path in (
        "/",
        "/decisions/",
        "/transparency/",
        "/verify/certificate/",
        "/statistics/",
        "/accounts/login/",
    ):
        visit(path)

    # The API docs: Swagger UI renders the operations from our own static files.
    browser.get(base + "/api/v1/docs")
    WebDriverWait(browser, 30).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".swagger-ui .opblock"))
    )
    found = _csp_refusals(browser)
    if found:
        refusals["/api/v1/docs"] = found

    _log_in(browser, base, "officer")
    case = Case.objects.filter(agency__name="江北市市场监督管理局").order_by("pk").first()
    pub = Publication.objects.order_by("pk").first()
    for path in (
        "/workbench/",
        "/workbench/cases/",
        f"/workbench/cases/{case.pk}/",
        "/workbench/deadlines/",
        "/workbench/statistics/",  # its chart is an SVG <img>: the style attributes stay out of the page
        "/workbench/journal/",
        "/review/",
        "/evidence/",
        "/evidence/upload/",
    ):
        visit(path)
    _log_in(browser, base, "clerk")
    visit("/workbench/publicity/")
    if pub is not None:
        visit(f"/workbench/publicity/{pub.pk}/")

    _log_in(browser, base, "admin")
    officer = Officer.objects.order_by("pk").first()
    for path in (
        "/admin/",
        "/admin/personnel/officer/",
        f"/admin/personnel/officer/{officer.pk}/change/",
        "/admin/cases/proceduresetting/add/",
        "/admin/accounts/apitoken/add/",
    ):
        visit(path)
    # The admin's date widget (its calendar is drawn by admin JS) opens without a refusal.
    browser.get(base + "/admin/personnel/trainingrecord/add/")
    shortcuts = browser.find_elements(By.CSS_SELECTOR, ".datetimeshortcuts a")
    if shortcuts:
        shortcuts[-1].click()
    found = _csp_refusals(browser)
    if found:
        refusals["/admin/personnel/trainingrecord/add/"] = found

    assert refusals == {}
