"""What the inspections portal must never show, checked on everything it serves (HTML, JSON, CSV):

* a natural person: the legal representative (经营者) of an individual business, its contact and its
  address, and an officer's ID number or phone (officers are public by name and certificate number only,
  亮证执法);
* what is not published: a result entered but not published (its outcome's row, its findings), the
  findings and case number of a published one, an inspection without a result, a draft plan or task;
* and every HTML page works without JavaScript and passes the Content-Security-Policy: no <script>, no
  inline style, no on*= handler, the policy header present (core/middleware.py)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from zhifa.core.middleware import csp_header_value
from zhifa.core.tests.test_web_hardening import _Page
from zhifa.inspections.tests.public_world import (
    ADDRESS,
    CASE_NUMBER,
    CONTACT,
    FINDINGS,
    LEGAL_REPRESENTATIVE,
    UNPUBLISHED_FINDINGS,
    PublicWorld,
    build,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw() -> PublicWorld:
    return build()


def public_urls(pw: PublicWorld) -> list[str]:
    c, i, o = pw.company.credit_code, pw.individual.credit_code, pw.other.credit_code
    pages = [
        "/",
        "/inspections/",
        "/inspections/items/",
        "/inspections/plans/",
        f"/inspections/plans/{pw.plan.pk}/",
        f"/inspections/tasks/{pw.task.pk}/",
        f"/inspections/draws/{pw.draw.pk}/",
        "/inspections/results/",
        f"/inspections/results/?q={i}",
        f"/inspections/results/?task={pw.task.pk}",
        "/inspections/businesses/?q=江北",
        *(f"/inspections/businesses/{code}/" for code in (c, i, o)),
        f"/agencies/{pw.w.agency_a.pk}/",
    ]
    data = [
        "/inspections/items.json",
        "/inspections/items.csv",
        "/inspections/plans.json",
        "/inspections/results.json",
        "/inspections/results.csv",
        *(f"/inspections/businesses/{code}.json" for code in (c, i, o)),
        *(f"/inspections/businesses/{code}.csv" for code in (c, i, o)),
    ]
    return pages + data


def body(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    text = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        # the JSON as a reader's program sees it (ensure_ascii=False already; escapes decoded)
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


def test_no_personal_data_and_nothing_unpublished_anywhere_public(client, pw):
    officers = pw.officers
    forbidden = {
        "legal representative": LEGAL_REPRESENTATIVE,
        "contact": CONTACT,
        "address of the individual business": ADDRESS,
        "address of the enterprise (addresses are not published at all)": "江北区工业路1号",
        "findings": FINDINGS,
        "case number": CASE_NUMBER,
        "unpublished findings": UNPUBLISHED_FINDINGS,
        "inspection code of an unpublished result": pw.unpublished_code,
        "inspection code without a result": pw.unresulted_code,
        "credit class tag": "投诉多",
        **{f"officer {o.name}'s ID number": o.id_number for o in officers},
        **{f"officer {o.name}'s phone": o.phone for o in officers},
        "draft plan": pw.draft_plan.name,
        "draft task": pw.draft_task.name,
    }
    seen: dict[str, list[str]] = {}
    for url in public_urls(pw):
        text = body(client, url)
        for what, value in forbidden.items():
            if value and value in text:
                seen.setdefault(url, []).append(what)
    assert seen == {}
    # the individual business itself is public: its trade name and credit code
    page = body(client, f"/inspections/businesses/{pw.individual.credit_code}/")
    assert pw.individual.name in page and pw.individual.credit_code in page


def test_unpublished_result_never_appears(client, pw):
    """A result entered but not yet published (published_on empty) is not on the results list, its JSON
    and CSV, nor on the business's page; it appears once published."""
    from datetime import date

    label = "不配合检查情节严重"
    urls = [
        "/inspections/results.json",
        "/inspections/results.csv",
        f"/inspections/businesses/{pw.individual.credit_code}.json",
        f"/inspections/businesses/{pw.individual.credit_code}.csv",
        "/inspections/results.json?outcome=not_cooperative",
    ]
    for url in urls:
        assert label not in body(client, url), url
    for url in ("/inspections/results/", f"/inspections/businesses/{pw.individual.credit_code}/"):
        page = body(client, url)
        assert label not in page[page.index("<tbody>") :], url
    pw.individual_unpublished.published_on = date(2026, 6, 30)
    pw.individual_unpublished.save()
    assert label in body(client, f"/inspections/businesses/{pw.individual.credit_code}.json")


def test_pages_work_without_javascript_and_pass_the_csp(client, pw):
    for url in public_urls(pw):
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        assert response.get("Content-Security-Policy") == csp_header_value(), url
        text = response.content.decode()
        assert not re.search(r"<script\b", text), url  # nothing to run: no script at all
        parser = _Page()
        parser.feed(text)
        assert parser.problems == [], (url, parser.problems)
        assert 'name="viewport"' in text  # the portal's base: sized for a phone
        # On a phone a responsive table's cell is a flex row (site.css): its content is one element, or
        # a link, a line break and a note would sit side by side and widen the page past the screen.
        cells = re.findall(r'<td data-label="[^"]*">(.{0,25})', text)
        if url.startswith("/inspections/"):
            assert all(c.startswith('<span class="wrap-any">') for c in cells), (url, cells)
        assert "no-store" not in response.get("Cache-Control", ""), url


def test_error_pages_pass_the_csp_too(client, pw):
    for url, status in (
        ("/inspections/businesses/NOT-A-CODE/", 400),
        (f"/inspections/businesses/{pw.company.credit_code[:-2]}AA/", 400),
        (f"/inspections/plans/{pw.draft_plan.pk}/", 404),
        ("/inspections/draws/424242/", 404),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert response.get("Content-Security-Policy") == csp_header_value(), url
        parser = _Page()
        parser.feed(response.content.decode())
        assert parser.problems == [], url
