"""Penalty decisions made in another case system (or an older one) registered for publication
(registration.py, importing.py): published as penalties under exactly the rules of one decided here —
7 working days (国办发〔2018〕118号 二(六)), the display period by kind and amount (SAMR 公示规定 Art.13),
early stop (Art.14), withdrawal (Art.11) — and with everyone the text names redacted from every public
output (portal page, JSON, CSV), title and penalty included.

The text follows the SAMR 行政处罚决定书 格式范本 (国市监法发〔2021〕42号, as agencies publish it):
当事人 with 主体资格证照名称, 统一社会信用代码, 住所, 法定代表人 and then the facts naming the people
questioned. Personal data masked (invented names, numbers that are not real)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhifa.accounts.services import api_token_create
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.publicity import importing, services
from zhifa.publicity.importing import ImportRefused, import_decisions
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.publicity.registration import NamedPerson, RegisteredDecision, decision_register
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db

REP, AGENT, WITNESS, EMPLOYEE = "欧阳建国", "孙海涛", "钱丽娟", "冯晓东"
NAMES = (REP, AGENT, WITNESS, EMPLOYEE)
TEXT = (
    "江北市市场监督管理局\n行政处罚决定书\n江北市监处罚〔2025〕317号\n"
    "当事人：江北市鲜果贸易有限公司\n主体资格证照名称：营业执照\n统一社会信用代码：91330100MA2H3XYZ7K\n"
    "住所：江北市江北区滨江街道人民路18号\n"
    f"法定代表人（负责人、经营者）：{REP}\n"
    f"委托代理人：{AGENT}，该公司员工\n"
    "2025年3月12日，本局执法人员对当事人经营场所进行检查，发现当事人销售的标示生产日期为2024年12月1日的冷冻鸡腿"
    f"已超过保质期。经询问当事人店员{EMPLOYEE}，上述冷冻鸡腿共计42千克，系当事人从外地购进。"
    f"现场见证人{WITNESS}在现场笔录上签字确认。\n"
    "以上事实，有现场笔录、询问笔录、购货凭证等证据证实。\n"
    "当事人的上述行为违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定。依据《中华人民共和国食品安全法》"
    "第一百二十四条第一款第（五）项的规定，本局决定：\n罚款人民币伍仟元整。\n"
    "江北市市场监督管理局\n2025年4月20日"
)


@pytest.fixture
def clerk(cw):
    return make_user(username="clerk_ext", role="publicity_clerk", agency=cw.world.agency_a)


def external(**overrides: object) -> RegisteredDecision:
    data: dict[str, Any] = {
        "kind": "penalty",
        "decision_number": "江北市监处罚〔2025〕317号",
        "decided_on": date(2026, 9, 29),
        # A 违法行为类型 written by the other system with a person's name in it: redacted too.
        "title": f"销售超过保质期的食品（店员{EMPLOYEE}经手）",
        "party_name": "江北市鲜果贸易有限公司",
        "party_kind": "legal_person",
        "legal_representative": REP,
        "content": "",
        "text": TEXT,
        "penalty_kinds": ("罚款",),
        "fine_amount": Decimal("5000"),
        "persons": (
            NamedPerson(AGENT, "agent"),
            NamedPerson(WITNESS, "证人"),
            NamedPerson(EMPLOYEE, "工作人员"),
        ),
        "source_system": "原执法办案系统",
    }
    data.update(overrides)
    return RegisteredDecision(**data)


def _public_outputs(client: Any, pub: Publication) -> dict[str, str]:
    return {
        "page": client.get(f"/decisions/{pub.pk}/").content.decode(),
        "list": client.get("/decisions/?kind=penalty").content.decode(),
        "json": json.dumps(client.get("/decisions.json").json(), ensure_ascii=False),
        "csv": client.get("/decisions.csv").getvalue().decode("utf-8-sig"),
    }


def test_an_external_penalty_naming_three_people_besides_the_party_is_published_with_all_redacted(
    client, cw, clerk
):
    """SAMR 公示规定 Art.13 (a lower fine only → 3 months) and 国办发〔2018〕118号 (7 working days) for a
    penalty decided in another case system; every person named is gone from every public output."""
    pub = decision_register(agency=cw.world.agency_a, decision=external(), actor=clerk)
    # Tue 2026-09-29 + 7 working days across National Day, as a penalty decided here.
    assert (pub.kind, pub.status, pub.due_on) == ("penalty", PublicationStatus.DRAFT, date(2026, 10, 14))
    assert pub.penalty_display == "罚款，罚款5000元" and pub.case is None
    services.approve_and_publish(pub=pub, actor=clerk, on=date(2026, 10, 9))
    pub.refresh_from_db()
    # 5,000 yuan for a company is below the lower-fine threshold (100,000): shown 3 months, not 3 years.
    assert pub.display_until == date(2027, 1, 9)
    outputs = _public_outputs(client, pub)
    for where, body in outputs.items():
        assert "江北市监处罚〔2025〕317号" in body, where
        for name in NAMES:
            assert name not in body, (where, name)
    assert "江北市鲜果贸易有限公司" in outputs["csv"]  # a legal person's name is public (Art.4 摘要)
    assert "销售超过保质期的食品" in outputs["csv"] and EMPLOYEE not in pub.title
    assert "罚款人民币伍仟元整" in outputs["page"]
    for name in NAMES:
        assert name in pub.original_text and name not in pub.redacted_text
    entry = JournalEntry.objects.get(event_type="decision.registered")
    assert entry.payload_data["persons"] == 5 and entry.payload_data["penalty_kinds"] == ["罚款"]
    assert not any(name in json.dumps(entry.payload_data, ensure_ascii=False) for name in NAMES)


def test_a_large_fine_on_an_external_decision_is_shown_three_years_samr_art13(cw, clerk):
    pub = decision_register(
        agency=cw.world.agency_a, decision=external(fine_amount=Decimal("200000")), actor=clerk
    )
    services.approve_and_publish(pub=pub, actor=clerk, on=date(2026, 10, 9))
    pub.refresh_from_db()
    assert pub.display_until == date(2029, 10, 9)


def test_a_restriction_longer_than_three_years_keeps_it_shown_until_it_ends_samr_art13(cw, clerk):
    pub = decision_register(
        agency=cw.world.agency_a,
        decision=external(penalty_kinds=("限制从业",), fine_amount=None, restriction_until=date(2031, 4, 20)),
        actor=clerk,
    )
    services.approve_and_publish(pub=pub, actor=clerk, on=date(2026, 10, 9))
    pub.refresh_from_db()
    assert pub.display_until == date(2031, 4, 20)


def test_an_external_warning_only_decision_is_not_published_samr_art2(cw, clerk):
    pub = decision_register(
        agency=cw.world.agency_a, decision=external(penalty_kinds=("警告",), fine_amount=None), actor=clerk
    )
    assert pub.status == PublicationStatus.SUPPRESSED and "仅给予警告" in pub.suppressed_reason


def test_early_stop_of_an_external_decision_follows_samr_art14(cw, clerk):
    light = decision_register(agency=cw.world.agency_a, decision=external(), actor=clerk)
    services.approve_and_publish(pub=light, actor=clerk, on=date(2026, 10, 9))
    conditions = dict.fromkeys(services.EARLY_STOP_CONDITIONS, True)
    with pytest.raises(DomainError, match="公示未满三个月"):
        services.stop_early(pub=light, conditions=conditions, actor=clerk, on=date(2026, 12, 1))
    stopped = services.stop_early(pub=light, conditions=conditions, actor=clerk, on=date(2027, 1, 9))
    assert stopped.status == PublicationStatus.STOPPED
    revoked = decision_register(
        agency=cw.world.agency_a,
        decision=external(
            decision_number="江北市监处罚〔2025〕318号", penalty_kinds=("吊销营业执照",), fine_amount=None
        ),
        actor=clerk,
    )
    services.approve_and_publish(pub=revoked, actor=clerk, on=date(2026, 10, 9))
    with pytest.raises(DomainError, match="不得提前停止公示"):
        services.stop_early(pub=revoked, conditions=conditions, actor=clerk, on=date(2027, 6, 1))


def test_withdrawal_of_an_external_decision_redacts_the_public_reason_art11(client, cw, clerk):
    pub = decision_register(agency=cw.world.agency_a, decision=external(), actor=clerk)
    services.approve_and_publish(pub=pub, actor=clerk, on=date(2026, 10, 9))
    flagged = services.flag_for_withdrawal(
        pub=pub, reason=f"复议机关撤销该决定（申请人委托{AGENT}申请复议）", actor=clerk, on=date(2026, 11, 2)
    )
    assert flagged.withdraw_due == date(2026, 11, 5)  # 3 working days (行政处罚法 Art.48)
    gone = services.withdraw(pub=flagged, public_notice=True, actor=clerk, on=date(2026, 11, 3))
    assert gone.status == PublicationStatus.WITHDRAWN and AGENT not in gone.withdraw_reason
    assert AGENT not in client.get(f"/decisions/{pub.pk}/").content.decode()


def test_a_correction_of_an_external_decision_is_redacted_against_its_persons(cw, clerk):
    pub = decision_register(agency=cw.world.agency_a, decision=external(), actor=clerk)
    services.approve_and_publish(pub=pub, actor=clerk, on=date(2026, 10, 9))
    new = services.correct(
        pub=pub, redacted_text=f"更正：见证人为{WITNESS}。", reason="笔误", actor=clerk, on=date(2026, 10, 12)
    )
    assert WITNESS not in new.redacted_text


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"penalty_kinds": ()}, "请填写处罚种类"),
        ({"penalty_kinds": ("拘役",)}, "不是法定处罚种类"),
        ({"fine_amount": None}, "请填写罚款金额"),
        ({"penalty_kinds": ("警告",)}, "处罚种类中应有罚款"),
        ({"persons": (NamedPerson("赵某", "邻居"),)}, "身份“邻居”无效"),
        ({"persons": (NamedPerson(" ", "witness"),)}, "未填写姓名"),
    ],
)
def test_a_bad_external_penalty_is_refused_in_chinese_and_leaves_nothing(cw, clerk, overrides, fragment):
    with pytest.raises(DomainError, match=fragment):
        decision_register(agency=cw.world.agency_a, decision=external(**overrides), actor=clerk)
    assert not Publication.objects.exists() and not JournalEntry.objects.filter(
        event_type="decision.registered"
    )


def test_the_form_registers_an_external_penalty_with_its_persons(client, cw, clerk):
    client.force_login(clerk)
    data = {
        "kind": "penalty",
        "decision_number": "江北市监处罚〔2025〕320号",
        "decided_on": "2026-09-29",
        "title": "销售超过保质期的食品",
        "penalty_kinds": ["没收违法所得", "罚款"],
        "fine_amount": "5000",
        "party_name": "江北市鲜果贸易有限公司",
        "party_kind": "legal_person",
        "legal_representative": REP,
        "persons": f"委托代理人：{AGENT}\n证人：{WITNESS}\n工作人员 {EMPLOYEE}",
        "text": TEXT,
    }
    bad = client.post("/workbench/publicity/register/", {**data, "persons": "邻居：赵某"})
    assert bad.status_code == 200 and "身份“邻居”无效" in bad.content.decode()
    ok = client.post("/workbench/publicity/register/", data)
    pub = Publication.objects.get()
    assert ok.status_code == 302 and pub.kind == "penalty" and pub.fine_amount == Decimal("5000")
    assert [p["role"] for p in pub.person_list] == [
        "party",
        "legal_representative",
        "agent",
        "witness",
        "other",
    ]
    for name in NAMES:
        assert name not in pub.redacted_text


def test_the_api_registers_an_external_penalty_from_another_case_system(client, cw, clerk):
    _, token = api_token_create(user=clerk, name="原执法办案系统", actor=None)
    body = {
        "kind": "penalty",
        "decision_number": "江北市监处罚〔2025〕321号",
        "decided_on": "2026-09-29",
        "title": "销售超过保质期的食品",
        "party_name": "江北市鲜果贸易有限公司",
        "party_kind": "legal_person",
        "legal_representative": REP,
        "penalty_kinds": ["罚款"],
        "fine_amount": "5000.00",
        "persons": [
            {"name": AGENT, "role": "agent"},
            {"name": WITNESS, "role": "witness"},
            {"name": EMPLOYEE, "role": "employee"},
        ],
        "text": TEXT,
    }
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    created = client.post("/api/v1/publicity/decisions", body, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "penalty" and created.json()["due_on"] == "2026-10-14"
    pub = Publication.objects.get()
    assert all(name not in pub.redacted_text for name in NAMES)
    bad = {**body, "decision_number": "X-1", "persons": [{"name": "赵某", "role": "邻居"}]}
    refused = client.post("/api/v1/publicity/decisions", bad, content_type="application/json", **auth)
    assert refused.status_code == 422 and "邻居" in refused.json()["detail"]


# --- bulk import -----------------------------------------------------------------------------------------

CSV_HEADER = (
    "决定书文号,决定日期,违法行为类型,当事人名称,当事人类型,处罚种类,罚款金额,"
    "法定代表人,委托代理人,证人,工作人员,正文文件\n"
)


def _csv(tmp_path: Path, rows: list[str]) -> Path:
    (tmp_path / "texts").mkdir(exist_ok=True)
    for i in range(len(rows)):
        (tmp_path / "texts" / f"{i}.txt").write_text(TEXT, encoding="utf-8")
    path = tmp_path / "decisions.csv"
    path.write_text(CSV_HEADER + "".join(rows), encoding="utf-8")
    return path


def _row(i: int, **over: str) -> str:
    cells = {
        "number": f"江北市监处罚〔2025〕{400 + i}号",
        "on": "2026年9月29日",
        "title": "销售超过保质期的食品",
        "party": "江北市鲜果贸易有限公司",
        "kind": "法人",
        "kinds": "没收违法所得、罚款",
        "fine": "0.5万元",
        "rep": REP,
        "agent": AGENT,
        "witness": f"{WITNESS}、赵小兰",
        "employee": EMPLOYEE,
        "file": f"texts/{i}.txt",
    }
    cells.update(over)
    return ",".join(cells.values()) + "\n"


def test_a_csv_with_a_folder_of_texts_is_registered_like_the_form(cw, clerk, tmp_path):
    path = _csv(tmp_path, [_row(i) for i in range(3)])
    result = import_decisions(agency=cw.world.agency_a, path=path, actor=clerk, batch=2)
    assert (result.rows, result.registered, result.batches) == (3, 3, 2)
    pub = Publication.objects.get(decision_number="江北市监处罚〔2025〕400号")
    assert pub.fine_amount == Decimal("5000.00") and pub.penalty_kinds == ["没收违法所得", "罚款"]
    assert pub.due_on == date(2026, 10, 14) and pub.party_kind == "legal_person"
    assert {p["name"] for p in pub.person_list} >= {REP, AGENT, WITNESS, "赵小兰", EMPLOYEE}
    assert all(name not in pub.redacted_text for name in NAMES)


def test_a_bad_file_registers_nothing_and_names_every_row_and_column(cw, clerk, tmp_path):
    rows = [
        _row(0),
        _row(1, on="明天"),
        _row(2, kinds="拘役"),
        _row(3, number="江北市监处罚〔2025〕400号"),
        _row(4, file="texts/missing.txt"),
    ]
    path = _csv(tmp_path, rows[:4])
    path.write_text(CSV_HEADER + "".join(rows), encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_decisions(agency=cw.world.agency_a, path=path, actor=clerk)
    lines = [e.line() for e in refused.value.errors]
    assert lines == [
        "第 3 行 [决定日期] 日期格式应为 YYYY-MM-DD，收到“明天”",
        "第 4 行 [处罚种类] 处罚种类“拘役”不是法定处罚种类（行政处罚法第九条）",
        "第 5 行 [决定书文号] 与第 2 行的文号重复",
        "第 6 行 [正文文件] 找不到正文文件“texts/missing.txt”",
    ]
    assert not Publication.objects.exists()


def test_json_lines_are_registered_and_bad_lines_named(cw, clerk, tmp_path):
    good = {
        "decision_number": "江北市监处罚〔2025〕500号",
        "decided_on": "2026-09-29",
        "title": "销售超过保质期的食品",
        "party_name": "江北市鲜果贸易有限公司",
        "party_kind": "legal_person",
        "legal_representative": REP,
        "penalty_kinds": ["罚款"],
        "fine_amount": "5000",
        "persons": [{"name": AGENT, "role": "agent"}, {"name": WITNESS, "role": "witness"}],
        "text": TEXT,
    }
    path = tmp_path / "decisions.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_decisions(agency=cw.world.agency_a, path=path, actor=clerk)
    assert [e.row for e in refused.value.errors] == [2] and not Publication.objects.exists()
    (tmp_path / "501.txt").write_text(TEXT, encoding="gb18030")  # an older system's encoding
    by_file = {**good, "decision_number": "江北市监处罚〔2025〕501号", "text": "", "text_file": "501.txt"}
    lines = [json.dumps(row, ensure_ascii=False) for row in (good, by_file)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_decisions(agency=cw.world.agency_a, path=path, actor=clerk)
    assert Publication.objects.get(decision_number="江北市监处罚〔2025〕501号").original_text == TEXT
    pub = Publication.objects.get(decision_number="江北市监处罚〔2025〕500号")
    assert pub.kind == "penalty" and all(n not in pub.redacted_text for n in (REP, AGENT, WITNESS))


def test_a_number_registered_before_the_import_refuses_the_whole_file(cw, clerk, tmp_path):
    """All or nothing for the whole file, not per batch: the fourth row's number is taken, so the rows
    of the first batch, already inserted when it is found, are not registered either."""
    decision_register(
        agency=cw.world.agency_a, decision=external(decision_number="江北市监处罚〔2025〕403号"), actor=clerk
    )
    path = _csv(tmp_path, [_row(i) for i in range(4)])
    with pytest.raises(ImportRefused) as refused:
        import_decisions(agency=cw.world.agency_a, path=path, actor=clerk, batch=2)
    (error,) = refused.value.errors
    assert error.line() == "第 5 行 [决定书文号] 文号为“江北市监处罚〔2025〕403号”的决定已经登记"
    assert list(Publication.objects.values_list("decision_number", flat=True)) == [
        "江北市监处罚〔2025〕403号"
    ]
    assert JournalEntry.objects.filter(event_type="decision.registered").count() == 1


def test_a_number_registered_while_the_import_runs_refuses_the_whole_file(cw, clerk, tmp_path, monkeypatch):
    """The numbers are checked again at the end, under the agency's lock: a decision another clerk
    registered (and committed, on PostgreSQL from another connection) after its batch was checked."""
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 1)
    path = _csv(tmp_path, [_row(i) for i in range(4)])
    seen: list[int] = []

    def clerk_meanwhile(done: int, total: int) -> None:
        seen.append(Publication.objects.count())
        if done == 3:  # the first batch (rows 2 and 3) is in: the same number arrives from elsewhere
            twin = Publication.objects.get(decision_number="江北市监处罚〔2025〕401号")
            twin.pk = None
            twin.save()

    with pytest.raises(ImportRefused) as refused:
        import_decisions(agency=cw.world.agency_a, path=path, actor=clerk, batch=2, progress=clerk_meanwhile)
    assert seen == [0, 2, 2, 5]  # inserted batch by batch while the file is read (and the twin)
    (error,) = refused.value.errors
    assert error.row == 3 and "在导入期间已由他人登记" in error.message
    assert not Publication.objects.exists() and not JournalEntry.objects.filter(
        event_type="decision.registered"
    )


def test_errors_past_the_cap_are_counted_not_listed(cw, clerk, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "MAX_REPORTED", 2)
    path = _csv(tmp_path, [_row(i, kinds="拘役") for i in range(5)])
    out = StringIO()
    with pytest.raises(CommandError, match="共 5 处错误，未登记任何决定"):
        call_command("import_decisions", str(path), "--actor", clerk.username, stdout=out, stderr=StringIO())
    assert out.getvalue().splitlines() == [
        "第 2 行 [处罚种类] 处罚种类“拘役”不是法定处罚种类（行政处罚法第九条）",
        "第 3 行 [处罚种类] 处罚种类“拘役”不是法定处罚种类（行政处罚法第九条）",
        "另有 3 处错误未列出",
    ]


def test_a_json_line_that_is_not_utf8_is_named_by_its_line(cw, clerk, tmp_path):
    path = tmp_path / "decisions.jsonl"
    good = json.dumps({"decision_number": "X"}, ensure_ascii=False).encode()
    path.write_bytes(good + b"\n\n" + '{"title": "罚"}'.encode("gb18030") + b"\n")
    with pytest.raises(ImportRefused) as refused:
        import_decisions(agency=cw.world.agency_a, path=path, actor=clerk, dry_run=True)
    assert [(e.row, e.message) for e in refused.value.errors][-1] == (3, "不是 UTF-8 编码的文本")


def test_a_dry_run_checks_every_row_and_writes_nothing(cw, clerk, tmp_path):
    path = _csv(tmp_path, [_row(i) for i in range(3)])
    result = import_decisions(agency=cw.world.agency_a, path=path, actor=clerk, dry_run=True)
    assert (result.rows, result.registered) == (3, 0) and not Publication.objects.exists()


def test_only_a_publicity_clerk_imports_and_is_told_once(cw, tmp_path):
    officer = make_user(username="officer_ext", role="officer", agency=cw.world.agency_a)
    path = _csv(tmp_path, [_row(i) for i in range(3)])
    with pytest.raises(ImportRefused) as refused:
        import_decisions(agency=cw.world.agency_a, path=path, actor=officer)
    assert [e.line() for e in refused.value.errors] == ["文件 只有公示管理员可以登记待公示的决定"]


def test_the_command_shows_a_progress_bar_and_refuses_in_chinese(cw, clerk, tmp_path):
    path = _csv(tmp_path, [_row(i) for i in range(3)])
    out, err = StringIO(), StringIO()
    call_command(
        "import_decisions", str(path), "--actor", clerk.username, "--batch", "1", stdout=out, stderr=err
    )
    assert "已登记 3 条（3 批）" in out.getvalue()
    assert "3/3 100%" in err.getvalue() and "条/秒" in err.getvalue()
    with pytest.raises(CommandError, match="共 3 处错误，未登记任何决定"):
        call_command(
            "import_decisions", str(path), "--actor", clerk.username, stdout=StringIO(), stderr=StringIO()
        )
    with pytest.raises(CommandError, match="用户“nobody”不存在"):
        call_command("import_decisions", str(path), "--actor", "nobody")


def test_an_xlsx_with_the_text_in_a_column_and_a_fine_in_wan_yuan(cw, clerk, tmp_path):
    """Real exports state fines in 万元 and put the text in a cell; the kind defaults to 行政处罚."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["行政处罚决定书文号", "处罚决定日期", "违法行为类型", "当事人", "当事人类型", "处罚种类"])
    ws.cell(row=1, column=7, value="罚款金额")
    ws.cell(row=1, column=8, value="证人")
    ws.cell(row=1, column=9, value="决定书正文")
    ws.append(
        [
            *(
                "江北市监处罚〔2025〕600号",
                date(2026, 9, 29),
                "销售超过保质期的食品",
                "江北市鲜果贸易有限公司",
            ),
            *("法人", "罚款", "15万元", f"{WITNESS}；{AGENT}", TEXT),
        ]
    )
    path = tmp_path / "decisions.xlsx"
    wb.save(path)
    import_decisions(agency=cw.world.agency_a, path=path, actor=clerk)
    pub = Publication.objects.get()
    assert (pub.kind, pub.fine_amount) == ("penalty", Decimal("150000.00"))
    assert WITNESS not in pub.redacted_text and AGENT not in pub.redacted_text
    services.approve_and_publish(pub=pub, actor=clerk, on=date(2026, 10, 9))
    pub.refresh_from_db()
    assert pub.display_until == date(2029, 10, 9)  # 150,000 yuan is not a lower fine: 3 years (Art.13)
