"""The 执法流程图 the portal publishes is generated from the procedures the engine enforces, with each
deadline as it applies to the agency (国办发〔2018〕118号 二(四): flowcharts published before enforcement)."""

from decimal import Decimal

import pytest

from zhifa.cases import engine
from zhifa.cases.models import ProcedureSetting
from zhifa.cases.outline import outline, outlines

pytestmark = pytest.mark.django_db


def _steps(o):
    return {t.label: t for s in o.states for t in s.steps}


def test_every_registered_procedure_is_outlined_from_its_definition(cw):
    charts = outlines(agency=cw.world.agency_a)
    assert sorted(o.kind for o in charts) == sorted(engine.PROCEDURES) and charts[0].kind == "general"
    for o in charts:
        proc = engine.PROCEDURES[o.kind]
        assert o.states[0].label == proc.state_label(proc.initial)
        assert {s.code for s in o.states} == set(proc.states)
        assert sum(len(s.steps) for s in o.states) == sum(len(t.sources) for t in proc.transitions.values())


def test_general_procedure_shows_the_deadlines_with_their_articles(cw):
    o = outline("general", agency=cw.world.agency_a)
    steps = _steps(o)
    (filing,) = o.states[0].opens  # started when the lead is opened (SAMR 程序规定 Art.18)
    assert filing.text == "立案审查：15 个工作日内" and "第十八条" in filing.rule
    assert "立案审查" in steps["立案"].ends
    decision = next(d for t in steps.values() for d in t.starts if d.label == "作出处罚决定")
    assert (decision.length, decision.working_days) == (90, False)
    assert "第六十条" in decision.rule and decision.text == "作出处罚决定：90 日内"
    payment = next(d for t in steps.values() for d in t.starts if d.label == "缴纳罚款")
    assert payment.conditional and payment.text.endswith("（适用时）")
    assert any(s.final for s in o.states)


def test_a_regional_setting_changes_the_published_deadline(cw):
    before = next(
        d
        for t in _steps(outline("general", agency=cw.world.agency_a)).values()
        for d in t.starts
        if d.label == "陈述申辩与听证申请"
    )
    assert before.length == 5
    ProcedureSetting.objects.create(
        key="statement_working_days", region=cw.world.province, value=Decimal("7"), basis="本省规定"
    )
    after = next(
        d
        for t in _steps(outline("general", agency=cw.world.agency_a)).values()
        for d in t.starts
        if d.label == "陈述申辩与听证申请"
    )
    assert after.length == 7 and after.working_days


def test_the_portal_publishes_the_flowchart(client, cw):
    agency = cw.world.agency_a
    page = client.get(f"/agencies/{agency.pk}/").content.decode()
    assert f"/agencies/{agency.pk}/procedures/" in page
    chart = client.get(f"/agencies/{agency.pk}/procedures/")
    html = chart.content.decode()
    assert chart.status_code == 200 and "执法流程图" in html
    assert "作出处罚决定：90 日内" in html and "《中华人民共和国行政处罚法》第六十条" in html
    assert client.get("/agencies/999999/procedures/").status_code == 404


def test_the_notice_states_the_statement_period_the_clock_runs(cw, lead):
    """SAMR 程序规定 Art.57: the 事先告知书 tells the party the period it has; where a region sets another
    than 5 working days, the notice says that one, as the clock counts it."""
    from zhifa.cases.documents import compose
    from zhifa.cases.tests.conftest import to_reported

    case = to_reported(cw, lead)
    text = "".join(str(p) for p in compose(case, "notice_of_intent", "X", case.filed_on)[0].paragraphs)
    assert "五个工作日内提出" in text
    ProcedureSetting.objects.create(
        key="statement_working_days", region=cw.world.province, value=Decimal("7"), basis="本省规定"
    )
    text = "".join(str(p) for p in compose(case, "notice_of_intent", "X", case.filed_on)[0].paragraphs)
    assert "七个工作日内提出" in text
