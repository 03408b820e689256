"""Supervision's sections of the staff to-do list (core.todo; issue 18 §2): a supervisor's home lists the
matters waiting for the supervisor (a document to issue or serve, a report to review); the agency head's
lists the matters its agency must correct and report on (条例 第八条: the correction is the agency's own)."""

from __future__ import annotations

from typing import Any

import pytest

from .test_matters import open_matter, served

pytestmark = pytest.mark.django_db


def _section(client: Any, user: Any, title: str) -> str:
    client.force_login(user)
    page: str = client.get("/workbench/").content.decode()
    if title not in page:
        return ""
    start = page.index(title)
    return page[start : page.index("</section>", start)]


def test_supervisor_sees_matters_awaiting_a_document_and_the_head_those_to_correct(
    client: Any, sw: Any
) -> None:
    waiting = open_matter(sw, title="待出具文书的事项", source_ref="12345-2026-000999")
    rectifying = served(sw)
    mine = _section(client, sw.supervisor, "监督事项待我办理")
    assert "待出具文书的事项" in mine and f"/matters/{waiting.pk}/" in mine
    assert f"/matters/{rectifying.pk}/" not in mine  # the agency's move now, not the supervisor's
    theirs = _section(client, sw.head_a, "待整改的监督事项")
    assert f"/matters/{rectifying.pk}/" in theirs and "整改期限" in theirs
    assert _section(client, sw.officer_b, "待整改的监督事项") == ""  # another agency: nothing shown
