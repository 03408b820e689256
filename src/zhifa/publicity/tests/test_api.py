"""The clerk's desk over REST (publicity/api.py): the queue, a draft with its original text (the read
journaled), publish, correct and withdraw — scoped like the workbench (another agency's item is 404) and
refused to anyone but a publicity clerk (403)."""

from typing import Any

import pytest

from zhifa.accounts.services import api_token_create
from zhifa.journal.models import JournalEntry
from zhifa.publicity.models import Publication
from zhifa.publicity.registration import decision_register
from zhifa.publicity.tests.test_registration import licensing
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db


def _auth(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='t', actor=None)[1]}"}


@pytest.fixture
def desk(cw):
    clerk = make_user(username="clerk_api", role="publicity_clerk", agency=cw.world.agency_a)
    other_clerk = make_user(username="clerk_env", role="publicity_clerk", agency=cw.world.agency_b)
    pub = decision_register(agency=cw.world.agency_a, decision=licensing(), actor=clerk)
    return {
        "pub": pub,
        "clerk": _auth(clerk),
        "officer": _auth(cw.officer_user),
        "other_clerk": _auth(other_clerk),
    }


def test_the_queue_and_a_draft_are_scoped_and_reading_the_original_is_journaled(client, desk):
    pub = desk["pub"]
    queue = client.get("/api/v1/publicity/queue", headers=desk["clerk"])
    assert queue.status_code == 200 and [p["id"] for p in queue.json()] == [pub.pk]
    assert queue.json()[0]["status"] == "draft" and queue.json()[0]["status_label"] == "待审核"
    assert client.get("/api/v1/publicity/queue", headers=desk["other_clerk"]).json() == []

    detail = client.get(f"/api/v1/publicity/publications/{pub.pk}", headers=desk["clerk"])
    assert detail.status_code == 200
    assert "王小明" in detail.json()["original_text"] and "王小明" not in detail.json()["redacted_text"]
    assert JournalEntry.objects.filter(
        event_type="publication.original_viewed", subject=f"publicity.publication:{pub.pk}"
    ).exists()

    other = client.get(f"/api/v1/publicity/publications/{pub.pk}", headers=desk["other_clerk"])
    assert other.status_code == 404 and other.json()["detail"]
    overflow = client.get("/api/v1/publicity/publications/99999999999999999999", headers=desk["clerk"])
    assert overflow.status_code == 404


def test_only_a_publicity_clerk_of_the_agency_publishes(client, desk):
    pub = desk["pub"]
    url = f"/api/v1/publicity/publications/{pub.pk}/publish"
    refused = client.post(url, headers=desk["officer"])
    assert refused.status_code == 403 and refused.json()["detail"] == "只有公示管理员可以办理公示"
    assert client.post(url, headers=desk["other_clerk"]).status_code == 404
    pub.refresh_from_db()
    assert pub.status == "draft"

    published = client.post(url, headers=desk["clerk"])
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published" and len(published.json()["sha256"]) == 64
    again = client.post(url, headers=desk["clerk"])
    assert again.status_code == 422 and "不能公示" in again.json()["detail"]


def test_correct_then_withdraw(client, desk):
    pub = desk["pub"]
    client.post(f"/api/v1/publicity/publications/{pub.pk}/publish", headers=desk["clerk"])
    body = {"redacted_text": "食品经营许可决定书（更正）：准予许可。", "reason": "文号笔误"}
    refused = client.post(
        f"/api/v1/publicity/publications/{pub.pk}/correct",
        body,
        content_type="application/json",
        headers=desk["officer"],
    )
    assert refused.status_code == 403
    corrected = client.post(
        f"/api/v1/publicity/publications/{pub.pk}/correct",
        body,
        content_type="application/json",
        headers=desk["clerk"],
    )
    assert corrected.status_code == 201, corrected.content
    new = corrected.json()
    assert new["version"] == 2 and new["previous_id"] == pub.pk and new["status"] == "published"
    assert Publication.objects.get(pk=pub.pk).status == "superseded"

    url = f"/api/v1/publicity/publications/{new['id']}/withdraw"
    no_reason = client.post(url, {}, content_type="application/json", headers=desk["clerk"])
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    assert (
        client.post(
            url, {"reason": "x"}, content_type="application/json", headers=desk["officer"]
        ).status_code
        == 403
    )
    withdrawn = client.post(
        url,
        {"reason": "决定已被撤销", "public_notice": True},
        content_type="application/json",
        headers=desk["clerk"],
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert client.get("/api/v1/publicity/withdrawals", headers=desk["clerk"]).json() == []
