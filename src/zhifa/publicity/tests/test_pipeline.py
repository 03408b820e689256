"""The publication pipeline: decision.issued drafts a redacted publication with its deadline (7 or 20
working days across holidays); the clerk publishes; withdrawal, correction, expiry, early stop; the
kinds never published; search finds 1- and 2-character terms."""

from datetime import date

import pytest
from django.utils import timezone

from zhifa.cases import engine
from zhifa.cases import services as case_services
from zhifa.cases.models import ProcedureSetting
from zhifa.cases.tests.conftest import step, to_reported
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.models import JournalEntry
from zhifa.lib.workdays import months_later
from zhifa.organizations.services import region_create
from zhifa.publicity import rules, selectors, services
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.testing import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(cw):
    return make_user(username="clerk1", role="publicity_clerk", agency=cw.world.agency_a)


def decide(cw, lead, django_capture_on_commit_callbacks, on=date(2026, 4, 1), **proposal):
    case = step(cw, to_reported(cw, lead, **proposal), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    with django_capture_on_commit_callbacks(execute=True):
        return step(cw, case, "decide", on)


def test_decision_drafts_a_redacted_publication(cw, lead, django_capture_on_commit_callbacks):
    lead.party.legal_representative = "陈建国"
    lead.party.save()
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    pub = Publication.objects.get(case=case)
    assert pub.status == PublicationStatus.DRAFT
    assert pub.decision_number == case.decision_number
    # 7 WD from Wed 2026-04-01 (118号 二(六)): Thu (1), Fri (2), 04-04..06 Qingming off,
    # 04-07..10 (3–6), Mon 04-13 (7).
    assert pub.due_on == rules.publication_due("penalty", date(2026, 4, 1)).date == date(2026, 4, 13)
    assert "江北市某食品有限公司" in pub.redacted_text  # a legal person's name stays
    assert "陈建国" in pub.original_text and "陈建国" not in pub.redacted_text  # legal representative
    assert "陈某" in pub.redacted_text
    assert JournalEntry.objects.filter(event_type="publication.drafted").count() == 1


def test_clerk_publishes_and_the_portal_shows_it(client, cw, lead, clerk, django_capture_on_commit_callbacks):
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    pub = Publication.objects.get(case=case)
    with pytest.raises(PermissionDenied):
        services.approve_and_publish(pub=pub, actor=cw.officer_user)
    services.approve_and_publish(pub=pub, actor=clerk, on=date(2026, 4, 2))
    pub.refresh_from_db()
    assert pub.status == "published" and pub.display_until == date(
        2026, 7, 2
    )  # lower fine: 3 months (Art.13)
    page = client.get(f"/decisions/{pub.pk}/").content.decode()
    assert case.decision_number in page and page.index("信息摘要") < page.index(
        "决定书</h2>"
    )  # summary first (Art.4)
    listing = client.get("/decisions/?q=食品").content.decode()
    assert case.decision_number in listing


def test_search_finds_one_and_two_character_terms(cw, lead, clerk, django_capture_on_commit_callbacks):
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    services.approve_and_publish(pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2))
    for term in ("罚", "食品", "食品安全标准", case.decision_number[-8:]):
        assert selectors.public_list(filters=selectors.PublicFilters(q=term)).count() == 1, term
    assert selectors.public_list(filters=selectors.PublicFilters(q="烟花")).count() == 0


def test_withdrawal_within_three_working_days_leaves_the_list(
    client, cw, lead, clerk, django_capture_on_commit_callbacks
):
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    pub = services.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
    )
    pub = services.flag_for_withdrawal(
        pub=pub, reason="行政复议决定撤销原处罚决定", actor=None, on=date(2026, 4, 30)
    )
    assert pub.withdraw_due == date(2026, 5, 8)  # 3 WD from Thu 04-30: 05-01..05 Labour Day, then 05-06..08
    services.withdraw(
        pub=pub,
        reason="原行政处罚决定已被行政复议机关撤销",
        public_notice=True,
        actor=clerk,
        on=date(2026, 5, 6),
    )
    assert selectors.public_list(filters=selectors.PublicFilters(q="食品")).count() == 0
    resp = client.get(f"/decisions/{pub.pk}/")
    assert resp.status_code == 410 and "已被行政复议机关撤销" in resp.content.decode()
    assert JournalEntry.objects.filter(event_type="publication.withdrawn").exists()


def _public_outputs(client, pub) -> dict[str, tuple[int, str]]:
    """Every public output that could show a decision: its page, the list (with and without a search),
    the open data (JSON, CSV), the agency's Atom feed, the portal's home and the receipt."""
    urls = {
        "detail": f"/decisions/{pub.pk}/",
        "list": "/decisions/",
        "search": "/decisions/?q=食品",
        "json": "/decisions.json",
        "json_search": "/decisions.json?q=食品",
        "csv": "/decisions.csv",
        "csv_search": "/decisions.csv?q=食品",
        "atom": f"/agencies/{pub.agency_id}/decisions.atom",
        "home": "/",
        "receipt": f"/decisions/{pub.pk}/receipt.json",
    }
    out = {}
    for name, url in urls.items():
        resp = client.get(url)
        body = b"".join(resp.streaming_content) if resp.streaming else resp.content
        out[name] = (resp.status_code, body.decode())
    return out


@pytest.mark.parametrize("public_notice", [True, False])
def test_a_withdrawn_decision_leaves_every_public_output_samr_publicity_art11(
    client, cw, lead, clerk, django_capture_on_commit_callbacks, public_notice
):
    """行政处罚法 Art.48, SAMR 公示规定 Art.11: a withdrawn decision leaves the portal; its page becomes
    the withdrawal notice (number, title, date, and the reason only if stated publicly)."""
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    pub = services.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
    )
    # What only the decision itself shows: the party, the facts of its text, the fine, its digest.
    content = [pub.party_display, "货值金额3000元", "60000", pub.sha256]
    before = _public_outputs(client, pub)
    for name in ("detail", "search", "json", "json_search", "csv", "csv_search", "atom"):
        assert before[name][0] == 200 and pub.party_display in before[name][1], name
    reason = "原行政处罚决定已被行政复议机关撤销"
    services.withdraw(pub=pub, reason=reason, public_notice=public_notice, actor=clerk, on=date(2026, 5, 6))

    found = selectors.public_get(publication_id=pub.pk)
    assert isinstance(found, selectors.WithdrawalNotice)
    assert (found.decision_number, found.title, found.withdrawn_on) == (
        pub.decision_number,
        pub.title,
        date(2026, 5, 6),
    )
    assert found.reason == (reason if public_notice else "")
    assert not any(hasattr(found, f) for f in ("redacted_text", "party_display", "penalty_display"))

    after = _public_outputs(client, pub)
    for name, (_, body) in after.items():
        leaked = [c for c in content if c in body]
        assert not leaked, f"{name} shows {leaked}"
    status, page = after["detail"]
    assert status == 410 and "该信息已撤下" in page and pub.decision_number in page and "2026年5月6日" in page
    assert (reason in page) == public_notice
    assert (reason in after["list"][1]) == public_notice  # the list's 撤下说明
    assert after["receipt"][0] == 404
    assert after["json"][0] == 200 and '"count": 0' in after["json"][1]


@pytest.mark.parametrize("public_notice", [True, False])
def test_a_changed_decision_is_queued_for_withdrawal_with_its_reason_samr_publicity_art11(
    client, cw, lead, clerk, django_capture_on_commit_callbacks, public_notice
):
    """行政处罚法 Art.48; SAMR 公示规定 Art.11: a published decision changed by a court (decision.changed)
    is flagged for withdrawal within 3 working days; the publication keeps the reason and what
    triggered it (the event, its entry, who took the step), the clerk's queue shows them with the due
    date, and the withdrawal states that reason by default. The public sees the reason only in a
    withdrawal notice stated publicly (selectors.public_get), never while the decision is still up."""
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    pub = services.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
    )
    case = step(cw, case, "serve_decision", date(2026, 4, 2), method="direct")
    change = {"ground": "changed", "authority": "litigation", "reason": "罚款数额畸重"}
    with django_capture_on_commit_callbacks(execute=True):
        step(cw, case, "change_decision", date(2026, 4, 29), changed_to="罚款三万元", **change)
    changed = JournalEntry.objects.get(event_type="decision.changed")
    cause = "行政处罚决定被依法变更（人民法院裁判）：罚款数额畸重"

    pub.refresh_from_db()
    assert (pub.status, pub.withdraw_due, pub.withdraw_flagged_on) == (
        PublicationStatus.PUBLISHED,
        date(2026, 5, 7),  # 3 WD from Wed 04-29: 04-30, Labour Day (05-01..05), 05-06, 05-07
        date(2026, 4, 29),
    )
    assert (pub.withdraw_cause, pub.withdraw_trigger, pub.withdraw_trigger_entry_id) == (
        cause,
        "decision.changed",
        changed.pk,
    )
    assert pub.withdraw_flagged_by == changed.actor_label != ""
    flagged = JournalEntry.objects.get(event_type="publication.withdrawal_due").payload_data
    assert flagged["reason"] == cause and flagged["trigger_entry_id"] == changed.pk

    # Still up: no public output shows the cause (it is staff-only until the clerk states it).
    before = _public_outputs(client, pub)
    assert before["detail"][0] == 200
    assert not [name for name, (_, body) in before.items() if "罚款数额畸重" in body]

    client.force_login(clerk)
    queue = client.get("/workbench/publicity/").content.decode()
    row = queue[queue.index("<h2>待撤下</h2>") : queue.index("<h2>公示合规情况</h2>")]
    assert pub.decision_number in row and cause in row and "2026年5月7日" in row
    assert "处罚决定被变更或者确认违法" in row and f"办理人：{changed.actor_label}" in row
    detail = client.get(f"/workbench/publicity/{pub.pk}/").content.decode()
    assert f'name="reason" required class="wide" value="{cause}"' in detail

    # The clerk withdraws without wording a reason of their own: the flagged reason is stated.
    services.withdraw(pub=pub, public_notice=public_notice, actor=clerk, on=date(2026, 5, 6))
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.WITHDRAWN and pub.withdraw_reason == cause
    withdrawn = JournalEntry.objects.get(event_type="publication.withdrawn").payload_data
    assert withdrawn["reason"] == cause and withdrawn["late"] is False
    notice = selectors.public_get(publication_id=pub.pk)
    assert isinstance(notice, selectors.WithdrawalNotice)
    assert notice.reason == (cause if public_notice else "")
    page = client.get(f"/decisions/{pub.pk}/").content.decode()
    assert ("罚款数额畸重" in page) == public_notice
    queue = client.get("/workbench/publicity/").content.decode()
    assert pub.decision_number not in queue[queue.index("<h2>待撤下</h2>") :]  # off the queue


def test_a_withdrawal_needs_a_reason_when_none_was_flagged(
    cw, lead, clerk, django_capture_on_commit_callbacks
):
    """行政处罚法 Art.48: the withdrawal states its reasons. A decision withdrawn on the clerk's own
    initiative (not flagged) needs one typed; a flag needs one too."""
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    pub = services.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
    )
    with pytest.raises(DomainError, match="撤下须说明理由"):
        services.withdraw(pub=pub, reason=" ", public_notice=True, actor=clerk, on=date(2026, 4, 3))
    with pytest.raises(DomainError, match="应撤下的理由"):
        services.flag_for_withdrawal(pub=pub, reason="", actor=clerk, on=date(2026, 4, 3))
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED and pub.withdraw_due is None
    # Flagged by hand: the clerk is who triggered it; their own wording wins over the flagged reason.
    pub = services.flag_for_withdrawal(
        pub=pub, reason="原决定已被本机关撤销", actor=clerk, on=date(2026, 4, 3)
    )
    assert pub.withdraw_flagged_by == str(clerk) and pub.withdraw_trigger == ""
    pub = services.withdraw(pub=pub, reason="原处罚决定已撤销", public_notice=True, actor=clerk)
    assert pub.withdraw_reason == "原处罚决定已撤销" and pub.withdraw_cause == "原决定已被本机关撤销"


def test_correction_makes_a_new_version_and_keeps_the_old(
    cw, lead, clerk, django_capture_on_commit_callbacks
):
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    pub = services.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
    )
    new = services.correct(
        pub=pub, redacted_text=pub.redacted_text + "\n（更正：文字错误）", reason="文字错误", actor=clerk
    )
    pub.refresh_from_db()
    assert pub.status == "superseded" and new.version == 2 and new.previous == pub
    assert [p.pk for p in selectors.public_list(filters=selectors.PublicFilters())] == [new.pk]

    # A correction typed with the legal representative's name and a phone back in is redacted again
    # (SAMR 公示规定 Art.6): the clerk cannot undo the confidentiality check by correcting.
    newer = services.correct(
        pub=new,
        redacted_text=new.redacted_text + "\n法定代表人陈某联系电话13812345678。",
        reason="补充说明",
        actor=clerk,
    )
    assert "13812345678" not in newer.redacted_text and "（更正：文字错误）" in newer.redacted_text


def test_expiry_and_early_stop(cw, lead, clerk, django_capture_on_commit_callbacks):
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    pub = services.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
    )
    with pytest.raises(DomainError, match="未满三个月"):
        services.stop_early(pub=pub, conditions={}, actor=clerk, on=date(2026, 5, 1))
    with pytest.raises(DomainError, match="未因同一类违法行为再次受到行政处罚"):
        services.stop_early(
            pub=pub,
            conditions={"obligations_fulfilled": True, "harm_removed": True, "not_listed": True},
            actor=clerk,
            on=date(2026, 7, 2),  # three calendar months after 04-02 (Art.14)
        )
    assert services.expire_due(today=date(2026, 7, 3)) == 1
    pub.refresh_from_db()
    assert pub.status == "expired"


def test_the_early_stop_minimum_is_a_regional_setting_samr_publicity_art14(
    cw, lead, clerk, django_capture_on_commit_callbacks
):
    """SAMR 公示规定 Art.14: three months by default; a region that asks for six refuses at three."""
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    pub = services.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
    )
    ProcedureSetting.objects.create(key="publicity_early_stop_min_months", region=cw.world.province, value=6)
    all_four = dict.fromkeys(services.EARLY_STOP_CONDITIONS, True)
    with pytest.raises(DomainError, match="未满六个月"):
        services.stop_early(pub=pub, conditions=all_four, actor=clerk, on=date(2026, 7, 2))
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED


def test_early_stop_succeeds_and_the_decision_leaves_the_portal_samr_publicity_art14(
    client, cw, lead, clerk, django_capture_on_commit_callbacks
):
    """SAMR 公示规定 Art.14: on application, after three months, with all four conditions met, the
    clerk stops the publication early on its page; it leaves every public output, and the journal
    records the conditions and who stopped it."""
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    published_on = months_later(timezone.localdate(), -4)  # the clerk's page acts today
    pub = services.approve_and_publish(pub=Publication.objects.get(case=case), actor=clerk, on=published_on)
    number = pub.decision_number
    before = _public_outputs(client, pub)
    assert before["detail"][0] == 200 and number in before["search"][1] and number in before["csv"][1]

    client.force_login(clerk)
    url = f"/workbench/publicity/{pub.pk}/stop_early/"
    page = client.get(f"/workbench/publicity/{pub.pk}/").content.decode()
    assert url in page and all(label in page for label in services.EARLY_STOP_CONDITIONS.values())
    # Three conditions of four: refused, in Chinese, naming the missing one; nothing changes.
    three = {"obligations_fulfilled": "on", "harm_removed": "on", "not_listed": "on"}
    refused = client.post(url, three, follow=True).content.decode()
    assert "不符合提前停止公示条件" in refused and "未因同一类违法行为再次受到行政处罚" in refused
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED
    # All four: stopped.
    assert client.post(url, {**three, "no_repeat": "on"}).status_code == 302
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.STOPPED
    entry = JournalEntry.objects.get(
        event_type="publication.stopped_early", subject=f"publicity.publication:{pub.pk}"
    )
    assert entry.payload_data["conditions"] == dict.fromkeys(services.EARLY_STOP_CONDITIONS, True)
    assert entry.actor_id == clerk.pk

    client.logout()
    after = _public_outputs(client, pub)
    for name, (_, body) in after.items():
        assert number not in body, f"{name} still shows {number}"
    assert after["detail"][0] == 404 and after["receipt"][0] == 404
    assert selectors.public_list(filters=selectors.PublicFilters(q="食品")).count() == 0  # unindexed
    assert services.expire_due(today=months_later(published_on, 40)) == 0  # not expired later


def test_three_years_for_heavier_penalties(cw, lead):
    case = to_reported(cw, lead, fine_amount="200000", benchmark_tier="serious")
    assert rules.display_until(case, date(2026, 4, 2)) == date(2029, 4, 2)  # SAMR 公示规定 Art.13


def test_low_fine_threshold_and_display_periods_are_regional_samr_publicity_art13(cw, lead):
    """SAMR 公示规定 Art.13: the "较低数额" is fixed at provincial level, so the threshold and the
    two display periods are the agency's region's ProcedureSetting over the national default."""
    case = to_reported(cw, lead)  # a 60,000 yuan fine on a company
    on = date(2026, 4, 2)
    assert rules.display_until(case, on) == date(2026, 7, 2)  # default: below 100,000 → 3 months
    # The province makes 50,000 the lower fine for organisations: the same fine is shown 3 years.
    ProcedureSetting.objects.create(
        key="publicity_low_fine_organization", region=cw.world.province, value=50000, basis="示范省规定"
    )
    assert rules.display_until(case, on) == date(2029, 4, 2)
    # The city shows the others two years (the most specific region wins).
    ProcedureSetting.objects.create(key="publicity_display_months", region=cw.world.city, value=24)
    assert rules.display_until(case, on) == date(2028, 4, 2)
    # A natural person's threshold is its own setting: 5,000 is low by default, not under 3,000.
    case.party.kind, case.fine_amount = "natural_person", 5000
    ProcedureSetting.objects.create(key="publicity_display_months_light", region=cw.world.city, value=6)
    assert rules.display_until(case, on) == date(2026, 10, 2)
    ProcedureSetting.objects.create(key="publicity_low_fine_natural", region=cw.world.province, value=3000)
    assert rules.display_until(case, on) == date(2028, 4, 2)
    # An agency of another province keeps the national defaults; a registered decision (no case) too.
    elsewhere = region_create(code="980000", name="邻省", level="province", parent=None, actor=None)
    other = make_agency(name="邻省市场监督管理局", region=elsewhere)
    assert rules.display_until(None, on, agency=other) == date(2029, 4, 2)
    assert rules.display_until(None, on, agency=cw.world.agency_a) == date(2028, 4, 2)


def test_publishing_applies_the_regions_display_period_samr_publicity_art13(
    cw, lead, clerk, django_capture_on_commit_callbacks
):
    ProcedureSetting.objects.create(key="publicity_display_months_light", region=cw.world.city, value=6)
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    pub = services.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
    )
    assert pub.display_until == date(2026, 10, 2)
    entry = JournalEntry.objects.get(event_type="publication.published")
    assert entry.payload_data["display_until"] == "2026-10-02"


def test_warning_only_minors_and_referrals_are_never_published(
    client, cw, django_capture_on_commit_callbacks
):
    party = case_services.party_create(
        agency=cw.world.agency_a,
        kind="natural_person",
        name="小李",
        address="江北市",
        birth_date=date(2000, 1, 1),
    )
    case = case_services.case_open(
        agency=cw.world.agency_a,
        procedure="summary",
        item=cw.world.item_a,
        party=party,
        title="警告",
        place=cw.world.city,
        discovered_on=date(2026, 5, 6),
        act_on=date(2026, 5, 6),
        place_text="城关街道农贸市场门口",
        officers=cw.officers[:2],
        penalty_kinds=["警告"],
        actor=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        engine.execute(
            case=case,
            transition="decide_on_spot",
            actor=None,
            on=date(2026, 5, 6),
            data={"facts": "未按规定公示营业执照"},
        )
    pub = Publication.objects.get(case=case)
    assert pub.status == "suppressed" and "仅给予警告" in pub.suppressed_reason
    with pytest.raises(DomainError):
        services.approve_and_publish(pub=pub, actor=None)
    pub.refresh_from_db()
    assert pub.status == "suppressed" and pub.published_on is None
    # Not on the portal, nor in its open data (SAMR 公示规定 Art.2).
    outputs = _public_outputs(client, pub)
    for name, (_, body) in outputs.items():
        assert pub.decision_number not in body, f"{name} shows the suppressed {pub.decision_number}"
    assert outputs["detail"][0] == 404 and outputs["receipt"][0] == 404
    assert client.get("/decisions.json").json()["count"] == 0
    minor = case_services.party_create(
        agency=cw.world.agency_a,
        kind="natural_person",
        name="小王",
        address="江北市",
        birth_date=date(2010, 1, 1),
    )
    case.party = minor
    case.penalty_kinds = ["罚款"]
    assert "未成年人" in rules.never_publish(case)


def test_deadline_for_other_decisions_is_twenty_working_days():
    # From Fri 2026-09-25 (Mid-Autumn): 09-28..30 (1–3), 10-01..07 off, 10-08/09 (4–5), Sat 10-10 make-up (6),
    # then 10-12 … 10-29 (7–20).
    assert rules.publication_due("other", date(2026, 9, 25)).date == date(2026, 10, 29)
