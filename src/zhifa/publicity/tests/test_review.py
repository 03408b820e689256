"""The clerk's confidentiality check (保密审查): hiding and showing text at every occurrence, with the
reason journaled; one pseudonym per person across the summary and the text; the confirmation before
publishing; the page without script."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.models import JournalEntry
from zhifa.publicity import services
from zhifa.publicity.models import PublicationStatus
from zhifa.publicity.registration import NamedPerson, RegisteredDecision, decision_register
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db

TEXT = (
    "行政处罚决定书\n当事人：王小明，住址江北市江北区滨江街道幸福路8号3幢201室，联系电话13812345678。\n"
    "经查，当事人王小明在阳光花园小区门口销售过期食品，阳光花园物业人员证实。执法人员程亮、汪敏检查。\n"
    "证人张大伟证实上述事实。依据《中华人民共和国食品安全法》第一百二十四条，罚款人民币5000元。"
)


@pytest.fixture
def clerk(cw):
    return make_user(username="clerk_review", role="publicity_clerk", agency=cw.world.agency_a)


@pytest.fixture
def pub(cw, clerk):
    decision = RegisteredDecision(
        kind="penalty",
        decision_number="江北市监罚〔2026〕301号",
        decided_on=date(2026, 9, 29),
        title="销售过期食品",
        party_name="王小明",
        party_kind="natural_person",
        content="",
        text=TEXT,
        penalty_kinds=("罚款",),
        fine_amount=Decimal("5000"),
        persons=(NamedPerson(name="张大伟", role="witness"),),
    )
    return decision_register(agency=cw.world.agency_a, decision=decision, actor=clerk)


def test_hiding_a_selection_hides_every_occurrence_and_journals_the_reason(pub, clerk):
    assert "阳光花园" in pub.redacted_text  # a place the engine has no reason to hide
    pub = services.adjust_redaction(
        pub=pub, action="add", text="阳光花园", reason="当事人所住小区", actor=clerk
    )
    assert "阳光花园" not in pub.redacted_text and pub.redacted_text.count("在××小区") == 1
    adjusted = pub.adjustment_list[-1]
    assert adjusted["text"] == "阳光花园" and len(adjusted["occurrences"]) == 2
    assert adjusted["reason"] == "当事人所住小区" and adjusted["category"] == "address"
    entry = JournalEntry.objects.filter(event_type="publication.redaction_adjusted").latest("pk")
    payload = entry.payload_data
    assert (
        payload["action"] == "add"
        and payload["reason"] == "当事人所住小区"
        and payload["category"] == "address"
    )
    first, last = pub.original_text.find("阳光花园"), pub.original_text.rfind("阳光花园")
    assert [tuple(o) for o in payload["occurrences"]] == [(first, first + 4), (last, last + 4)]
    assert "阳光花园" not in entry.payload  # the journal holds positions, not personal data


def test_offsets_of_the_selected_occurrence_are_checked_against_nothing_but_the_text(pub, clerk):
    first = pub.original_text.find("阳光花园")
    pub = services.adjust_redaction(
        pub=pub, action="add", text="阳光花园", start=first + 1, end=first + 5, reason="小区", actor=clerk
    )
    assert "阳光花园" not in pub.redacted_text  # stale offsets: the text decides
    # Offsets alone (no text) select that piece of the original.
    amount = pub.original_text.find("5000元")
    pub = services.adjust_redaction(
        pub=pub, action="add", start=amount, end=amount + 5, category="other", reason="试验", actor=clerk
    )
    assert "5000元" not in pub.redacted_text


def test_showing_again_restores_every_occurrence(pub, clerk):
    assert "程亮" in pub.redacted_text  # officers stay
    pub = services.adjust_redaction(pub=pub, action="add", text="程亮", reason="误", actor=clerk)
    assert "程亮" not in pub.redacted_text
    pub = services.adjust_redaction(
        pub=pub, action="remove", text="程亮", reason="执法人员姓名依法公开", actor=clerk
    )
    assert "程亮" in pub.redacted_text
    with pytest.raises(DomainError, match="没有被隐去"):
        services.adjust_redaction(pub=pub, action="remove", text="程亮", reason="x", actor=clerk)


def test_one_pseudonym_per_person_in_the_summary_and_the_text_before_and_after_corrections(cw, clerk):
    decision = RegisteredDecision(
        kind="penalty",
        decision_number="江北市监罚〔2026〕302号",
        decided_on=date(2026, 9, 29),
        title="销售过期食品",
        party_name="王小明",
        party_kind="natural_person",
        content="",
        text=TEXT.replace("证人张大伟", "证人王大伟"),
        penalty_kinds=("罚款",),
        fine_amount=Decimal("5000"),
    )
    pub = decision_register(agency=cw.world.agency_a, decision=decision, actor=clerk)
    # Two people called 王: numbered in order of first appearance (法释〔2016〕19号 Art.9), the party
    # being 王某1 in the summary as in the text.
    assert pub.party_display == "王某1"
    assert "当事人：王某1" in pub.redacted_text and "证人王某2" in pub.redacted_text
    pub = services.adjust_redaction(pub=pub, action="remove", text="王大伟", reason="试验", actor=clerk)
    assert pub.party_display == "王某" and "当事人：王某，" in pub.redacted_text
    pub = services.adjust_redaction(
        pub=pub, action="add", text="王大伟", category="person_name", reason="证人姓名", actor=clerk
    )
    assert pub.party_display == "王某1"
    assert "当事人：王某1" in pub.redacted_text and "证人王某2" in pub.redacted_text


def test_corrections_need_a_reason_a_clerk_and_a_draft(pub, clerk, cw):
    with pytest.raises(DomainError, match="理由"):
        services.adjust_redaction(pub=pub, action="add", text="阳光花园", reason=" ", actor=clerk)
    with pytest.raises(DomainError, match="没有"):
        services.adjust_redaction(pub=pub, action="add", text="不存在的文字", reason="x", actor=clerk)
    officer = make_user(username="not_a_clerk", role="officer", agency=cw.world.agency_a)
    with pytest.raises(PermissionDenied):
        services.adjust_redaction(pub=pub, action="add", text="阳光花园", reason="x", actor=officer)
    services.approve_and_publish(pub=pub, actor=clerk, on=date(2026, 9, 30))
    with pytest.raises(DomainError, match="公示前"):
        services.adjust_redaction(pub=pub, action="add", text="阳光花园", reason="x", actor=clerk)


def test_the_page_works_without_script_and_asks_for_confirmation_before_publishing(pub, clerk, client):
    client.force_login(clerk)
    url = f"/workbench/publicity/{pub.pk}/"
    page = client.get(url).content.decode()
    assert 'id="review-original"' in page and "publicity/review.js" in page and "<script>" not in page
    # The fallback form: the text typed, no offsets.
    done = client.post(f"{url}add/", {"text": "阳光花园", "category": "", "reason": "小区"}, follow=True)
    assert "已隐去“阳光花园”，共2处" in done.content.decode()
    # Publishing goes through a confirmation page first.
    preview = client.post(f"{url}publish/")
    assert preview.status_code == 200 and "确认公示" in preview.content.decode()
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.DRAFT
    assert "阳光花园" not in preview.content.decode().split('id="confirm-public"')[1].split("</div>")[0]
    client.post(f"{url}publish/", {"confirmed": "yes", "checked": "on"})
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED and "阳光花园" not in pub.redacted_text
