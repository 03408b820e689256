"""A real browser (headless Chromium through chromedriver) on the portal: it searches a two-character
term, opens a decision, and no ID number or phone of the data appears on any portal page it visits.

Runs wherever Chromium and chromedriver are installed (Debian packages chromium, chromium-driver);
`.ci/run` installs them and sets ZHIFA_REQUIRE_BROWSER=1, which turns a missing browser into a failure."""

import os
import re
import shutil
from datetime import date

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
        "--window-size=390,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _personal_data():
    from zhifa.cases.models import Party
    from zhifa.personnel.models import Officer

    values = set()
    for id_number, phone in [
        *Officer.objects.values_list("id_number", "phone"),
        *Party.objects.values_list("id_number", "phone"),
    ]:
        values |= {v for v in (id_number, phone) if v}
    return values


def test_portal_search_and_decision_show_no_personal_data(
    live_server, browser, django_capture_on_commit_callbacks
):
    from selenium.webdriver.common.by import By

    from zhifa.cases import engine
    from zhifa.cases import services as case_services
    from zhifa.demo.data import load_demo
    from zhifa.publicity import services
    from zhifa.publicity.models import Publication

    summary = load_demo()
    assert summary.officers >= 100
    from zhifa.accounts.models import User
    from zhifa.organizations.models import Agency, Region
    from zhifa.personnel.models import Officer
    from zhifa.personnel.selectors import may_act

    agency = Agency.objects.get(name="江北市市场监督管理局")
    from decimal import Decimal

    from zhifa.catalog.models import BenchmarkTier, MajorDecisionRule

    # A fine below the hearing threshold (Art.63) and the agency's major-decision thresholds, so the
    # decision needs neither a hearing nor legal review (both are tested elsewhere).
    limits = [Decimal("10000")] + [
        r.fine_threshold_natural
        for r in MajorDecisionRule.objects.filter(agency=agency)
        if r.fine_threshold_natural
    ]
    tier = (
        BenchmarkTier.objects.filter(benchmark__item__agency=agency, fine_min__lt=min(limits), fine_min__gt=0)
        .select_related("benchmark__item")
        .order_by("fine_min")
        .first()
    )
    assert tier is not None, "the demo has no small-fine tier"
    benchmark, item = tier.benchmark, tier.benchmark.item
    place = Region.objects.filter(level="township", path__startswith=agency.region.path).first()
    assert place is not None
    filed = date(2026, 3, 4)
    officers = [
        o
        for o in Officer.objects.filter(agency=agency)
        if may_act(officer=o, item=item, area=place, on=filed).allowed
    ][:2]
    head = User.objects.get(username="head")
    party = case_services.party_create(
        agency=agency,
        kind="natural_person",
        name="李明",
        address="江北市临江县城关镇幸福路12号",
        id_number="11010519491231002X",
        phone="13912345678",
    )
    lead = case_services.case_open(
        agency=agency,
        procedure="general",
        item=item,
        party=party,
        title="销售过期食品",
        place=place,
        discovered_on=date(2026, 3, 2),
        act_on=date(2026, 2, 20),
        officers=officers,
        actor=None,
    )
    case = engine.execute(case=lead, transition="file", actor=head, on=filed)
    case = engine.execute(
        case=case,
        transition="report",
        actor=head,
        on=date(2026, 3, 20),
        data={
            "penalty_kinds": ["罚款"],
            "fine_amount": str(tier.fine_min),
            "benchmark_id": benchmark.pk,
            "benchmark_tier": tier.tier,
            "tier_reason": "首次违法",
            "facts": "当事人李明（身份证号11010519491231002X，电话13912345678）销售过期食品。",
        },
    )
    case = engine.execute(
        case=case, transition="serve_notice", actor=head, on=date(2026, 3, 23), data={"hearing_offered": True}
    )
    case = engine.execute(
        case=case, transition="close_statement", actor=head, on=date(2026, 3, 31), data={"waived": True}
    )
    from zhifa.review.gate import review_state

    assert review_state(case)[0], review_state(case)[1]
    with django_capture_on_commit_callbacks(execute=True):
        engine.execute(case=case, transition="decide", actor=head, on=date(2026, 4, 1))
    clerk = User.objects.get(username="clerk")
    pub = services.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
    )
    secrets = _personal_data()
    assert "11010519491231002X" in secrets and "13912345678" in secrets

    visited = []

    def visit(url):
        browser.get(url)
        visited.append((browser.current_url, browser.page_source))

    visit(live_server.url + "/")
    visit(live_server.url + "/decisions/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("食品")  # a two-character term
    box.submit()
    visited.append((browser.current_url, browser.page_source))
    assert "q=" in browser.current_url and pub.decision_number in browser.page_source
    browser.find_element(By.PARTIAL_LINK_TEXT, pub.decision_number).click()
    visited.append((browser.current_url, browser.page_source))
    assert "信息摘要" in browser.page_source and "李某" in browser.page_source
    visit(live_server.url + f"/agencies/{agency.pk}/")
    officer_cert = officers[0].certificates.first().number
    visit(live_server.url + f"/verify/certificate/{officer_cert}/")
    assert "有效" in browser.page_source
    for url, html in visited:
        text = re.sub(r"\s+", "", html)
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{url} shows {leaked}"
