"""Sources are pluggable: the inspections source reads the inspections app when it is installed (its rows
here are written with the ORM because that app's services are being built in parallel), and a platform
without it reads those figures as "not recorded", never as zero."""

from datetime import date

import pytest

from zhifa.core.scope import Scope
from zhifa.statistics import selectors
from zhifa.statistics.sources import all_sources, inspections, recorded_keys, register, unregister
from zhifa.testing import make_world

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not inspections.available(), reason="the inspections app is not installed")
def test_inspections_count_by_kind_and_business_and_per_business():
    from zhifa.inspections.models import Inspection, InspectionTarget

    w = make_world()
    shop = InspectionTarget.objects.create(
        credit_code="91990100MA0000001X",
        name="江北市鲜果店",
        kind="enterprise",
        region=w.city,
        region_path=w.city.path,
    )
    mill = InspectionTarget.objects.create(
        credit_code="91990100MA0000002X",
        name="江北市米厂",
        kind="enterprise",
        region=w.city,
        region_path=w.city.path,
    )
    rows = [
        (shop, "random", "result_entered", date(2026, 3, 1)),
        (shop, "routine", "inspected", date(2026, 5, 1)),
        (mill, "special", "published", date(2026, 6, 1)),
        (mill, "case", "cancelled", date(2026, 7, 1)),  # cancelled: not an inspection carried out
        (mill, "routine", "assigned", None),  # not yet carried out
        (mill, "routine", "inspected", date(2025, 12, 30)),  # another year
    ]
    for i, (target, kind, status, on) in enumerate(rows):
        Inspection.objects.create(
            agency=w.agency_a, target=target, kind=kind, status=status, inspected_on=on, code=f"JC{i:06d}"
        )
    values = selectors.live_report(w.agency_a, 2026, date(2027, 1, 5)).values
    assert values["inspections_total"] == 3
    assert (values["inspections_random"], values["inspections_routine"], values["inspections_special"]) == (
        1,
        1,
        1,
    )
    assert values["inspections_case"] == 0 and values["inspections_targets"] == 2
    assert str(values["inspections_per_target"]) == "1.50"
    d = selectors.figure_detail(
        scope=Scope.all(),
        year=2026,
        key="inspections_targets",
        as_of=date(2027, 1, 5),
        agency_id=w.agency_a.pk,
    )
    assert d.value == 2 and {i.title for i in d.items} == {"江北市鲜果店", "江北市米厂"}


def test_a_figure_without_its_source_reads_not_recorded():
    w = make_world()
    source = next(s for s in all_sources() if s.name == "review")
    unregister("review")
    try:
        assert "review_opinions" not in recorded_keys()
        live = selectors.live_report(w.agency_a, 2026, date(2027, 1, 5))
        assert live.values["review_opinions"] is None
        row = next(r for t in live.tables for r in t.rows if r.key == "review_opinions")
        assert row.display == "—"
    finally:
        register(source)
    assert selectors.live_report(w.agency_a, 2026, date(2027, 1, 5)).values["review_opinions"] == 0
