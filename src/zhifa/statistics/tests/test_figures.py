"""Each statistic against the hand-built year (conftest.py): computed from the record, never typed; a
revoked decision counted in its year and shown again; a summary-procedure fine counted; a decision with
two penalty kinds counted once, under either tie-break rule; registered licensing decisions classified;
every figure traceable to the rows behind it (the drill-down recomputes the same figure)."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.statistics import compute, selectors, services
from zhifa.statistics.figures import CATEGORY_PREFIX, DERIVED
from zhifa.statistics.models import ReportTemplate
from zhifa.statistics.report_templates import TemplateSpec
from zhifa.statistics.sources import recorded_keys
from zhifa.statistics.sources.base import Period, Tally
from zhifa.statistics.tests.conftest import EXPECTED

pytestmark = pytest.mark.django_db

AFTER_YEAR = date(2027, 1, 10)


def _live(year, template_code=None, tie_break=None):
    agency = year.cw.world.agency_a
    if template_code or tie_break:
        t = ReportTemplate.objects.get(code=template_code or "national")
        spec = TemplateSpec.of(t)
        if tie_break:
            spec = TemplateSpec(spec.code, spec.name, spec.amount_unit, tie_break, spec.definition, spec.data)
        tally = compute.tally([agency.pk], Period.of(2026, AFTER_YEAR)).get((agency.pk, 0), Tally())
        return compute.figures(tally, spec)
    return selectors.live_report(agency, 2026, AFTER_YEAR).values


def test_every_statistic_of_the_hand_built_year(year):
    values = _live(year)
    assert {k: values[k] for k in EXPECTED} == EXPECTED


def test_a_revoked_decision_counts_in_the_year_it_was_issued_and_again_as_revoked(year):
    """年报 notes (广州, 开平 …): 包括经行政复议或者行政诉讼被撤销的行政处罚决定数量 — not subtracted."""
    values = _live(year)
    assert year.a.decision_revoked_on == date(2026, 4, 29)
    assert values["penalty_total"] == 4 and values["penalty_revoked"] == 1
    detail = selectors.figure_detail(
        scope=Scope.all(),
        year=2026,
        key="penalty_revoked",
        as_of=AFTER_YEAR,
        agency_id=year.cw.world.agency_a.pk,
    )
    assert detail.refs == [("case", year.a.pk)]


def test_a_summary_procedure_fine_is_a_decision_of_the_year_with_its_fine(year):
    values = _live(year)
    assert values["penalty_summary"] == 1
    detail = selectors.figure_detail(
        scope=Scope.all(), year=2026, key="fines", as_of=AFTER_YEAR, agency_id=year.cw.world.agency_a.pk
    )
    assert ("case", year.s.pk) in detail.refs and detail.value == Decimal("150150.00")


def test_two_penalty_kinds_count_once_under_the_heaviest_art9_order(year):
    """B imposes 没收违法所得 and 罚款: one decision, in 没收违法所得 (later in 行政处罚法 Art.9's order, so
    heavier) — 并处两种以上行政处罚的，算一宗，计入最重的行政处罚类别."""
    values = _live(year, "national", "heaviest")
    assert values["penalty_category:confiscate_income"] == 1 and values["penalty_category:fine"] == 2
    categories = [k for k in values if k.startswith(CATEGORY_PREFIX)]
    assert sum(values[k] for k in categories) == values["penalty_total"]


def test_two_penalty_kinds_count_once_under_the_last_listed_rule(year):
    """The same decision lists 罚款 last: under "the last listed" it counts in 罚款."""
    values = _live(year, "national", "last_listed")
    assert values["penalty_category:confiscate_income"] == 0 and values["penalty_category:fine"] == 3
    categories = [k for k in values if k.startswith(CATEGORY_PREFIX)]
    assert sum(values[k] for k in categories) == values["penalty_total"]


def test_the_nine_kind_variant_groups_kinds_and_states_amounts_in_wan(year):
    values = _live(year, "zhejiang-9")
    assert values["penalty_category:confiscate"] == 1 and values["penalty_category:warning"] == 1
    assert values["penalty_category:fine"] == 2
    spec = TemplateSpec.of(ReportTemplate.objects.get(code="zhejiang-9"))
    rows = {r.key: r for t in compute.tables(spec, values) for r in t.rows}
    assert rows["fine_amount"].display == "15.5150" and rows["fine_amount"].unit == "万元"
    assert rows["licensing_applied"].display == "—"


def test_registered_licensing_decisions_are_classified_by_what_they_decided(year):
    scope, agency = Scope.all(), year.cw.world.agency_a.pk
    numbers = {}
    for key in ("licensing_granted", "licensing_refused", "licensing_revoked"):
        d = selectors.figure_detail(scope=scope, year=2026, key=key, as_of=AFTER_YEAR, agency_id=agency)
        numbers[key] = [i.number for i in d.items]
    assert numbers == {
        "licensing_granted": ["江北市监许〔2026〕1号"],
        "licensing_refused": ["江北市监许〔2026〕2号"],
        "licensing_revoked": ["江北市监许〔2026〕3号"],
    }


def test_applications_are_not_recorded_here_and_have_no_detail(year):
    with pytest.raises(NotFound, match="本平台未记录"):
        selectors.figure_detail(
            scope=Scope.all(),
            year=2026,
            key="licensing_applied",
            as_of=AFTER_YEAR,
            agency_id=year.cw.world.agency_a.pk,
        )


def test_every_figure_is_traceable_the_drill_down_recomputes_it(year):
    """For every recorded figure and category: the detail (rows listed, figure recomputed from them) agrees
    with the grouped aggregates that computed the report."""
    agency = year.cw.world.agency_a.pk
    values = _live(year)
    keys = [k for k in values if (k in recorded_keys() or k.startswith(CATEGORY_PREFIX)) and k not in DERIVED]
    assert len(keys) > 40
    for key in keys:
        d = selectors.figure_detail(scope=Scope.all(), year=2026, key=key, as_of=AFTER_YEAR, agency_id=agency)
        assert d.value == values[key], key
        if isinstance(d.value, int):
            assert len(d.items) == d.value, key


def test_the_region_rolls_up_its_agencies_and_subregions(year):
    view = selectors.region_report(scope=Scope.all(), code="990000", year=2026, as_of=AFTER_YEAR)
    assert view.values["penalty_total"] == 4 and view.values["fine_amount"] == Decimal("155150.00")
    city = next(v for kind, code, v in view.children if kind == "region" and code == "990100")
    assert city["penalty_total"] == 4
    d = selectors.figure_detail(
        scope=Scope.all(), year=2026, key="penalty_total", as_of=AFTER_YEAR, region_code="990000"
    )
    assert d.value == 4 and len(d.refs) == 4


def test_month_tallies_split_each_figure_by_its_own_date(year):
    agency = year.cw.world.agency_a.pk
    monthly = compute.tally([agency], Period.of(2026, AFTER_YEAR), by_month=True)
    assert monthly[(agency, 4)].values["penalty_total"] == 2
    assert monthly[(agency, 5)].values["penalty_summary"] == 1
    assert monthly[(agency, 10)].values["court_enforcement"] == 1
    assert monthly[(agency, 6)].values["licensing_total"] == 3


def test_another_year_holds_none_of_it(year):
    values = selectors.live_report(year.cw.world.agency_a, 2025, AFTER_YEAR).values
    assert values["penalty_total"] == 0 and values["fine_amount"] == Decimal("0.00")
    assert values["officers"] == 4  # a stock: the officers on duty at the end of 2025


def test_a_figure_is_never_typed_the_report_has_no_writer_for_it(year):
    """The services take the narrative only: there is no parameter through which a figure could be set."""
    import inspect

    params = set(inspect.signature(services.report_submit).parameters)
    assert params == {"agency", "year", "narrative", "actor", "on"}


def test_the_dashboard_sums_months_to_the_same_year(year):
    """The dashboard tallies by month once and adds the months up: for the figures it shows, the same as
    the report's whole-period tally."""
    d = selectors.dashboard(scope=Scope.all(), year=2026, today=AFTER_YEAR)
    live = _live(year)
    mine = next(v for a, v in d.agencies if a.pk == year.cw.world.agency_a.pk)
    assert {k: mine[k] for k in d.keys} == {k: live[k] for k in d.keys}
    assert sum(int(v["penalty_total"] or 0) for _, v in d.months) == live["penalty_total"]
    assert [m for m, _ in d.months] == list(range(1, 13))
