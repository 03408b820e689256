"""The staff task page shows the repeat-inspection warnings of a drawn task (enterprise.draw_repeat_warnings):
the drawn business inspected by another agency within the quiet period is listed, the draw is unchanged."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from zhifa.inspections import codes
from zhifa.inspections.models import Inspection
from zhifa.inspections.tests.visits_world import VisitWorld, drawn_inspection, vw  # noqa: F401


def test_the_task_page_lists_the_drawn_businesses_inspected_again(vw: VisitWorld, client) -> None:  # noqa: F811
    inspection = drawn_inspection(vw)
    assert inspection.task is not None
    url = reverse("inspections:staff_task", args=[inspection.task.pk])
    client.force_login(vw.head)
    page = client.get(url).content.decode()
    assert "重复检查提示" not in page
    Inspection.objects.create(
        agency=vw.cw.world.agency_b,
        target=vw.target,
        kind=Inspection.Kind.ROUTINE,
        code=codes.new_code(),
        status=Inspection.Status.INSPECTED,
        inspected_on=date(2026, 2, 20),
    )
    page = client.get(url).content.decode()
    assert "重复检查提示" in page
    assert f"{vw.target.name}（{vw.target.credit_code}，检查码 <code>{inspection.code}</code>）" in page
    assert f"{vw.cw.world.agency_b.name} 2026-02-20 日常检查" in page
    assert Inspection.objects.filter(task=inspection.task).count() == 1  # the draw is not changed
