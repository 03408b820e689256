"""Publicity's reactions to decisions are never lost: a draft that failed is drafted on the retry (the
worker's task, the daily job), a decision whose reaction was lost to a crash is caught up, and until then
the clerk's compliance table counts the decision issued with no publication at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from zhifa.cases.tests.conftest import step, to_reported
from zhifa.core.scope import Scope
from zhifa.journal import events
from zhifa.journal.models import JournalEntry, PendingReaction
from zhifa.journal.tasks import catch_up_reactions, retry_reactions
from zhifa.publicity import pipeline, selectors
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db


@contextmanager
def publications_refused() -> Iterator[None]:
    """A real failure, not a mock: the database refuses every new publication row (as a full disk, a
    lock timeout or a broken migration would) while the block runs."""
    table = Publication._meta.db_table
    pg = connection.vendor == "postgresql"
    with connection.cursor() as c:
        if pg:
            c.execute(
                "CREATE OR REPLACE FUNCTION zhifa_test_refuse() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'publication refused'; END; $$ LANGUAGE plpgsql"
            )
            c.execute(
                f"CREATE TRIGGER test_refuse BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION zhifa_test_refuse()"
            )
        else:
            c.execute(
                f"CREATE TRIGGER test_refuse BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'publication refused'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as c:
            c.execute(f"DROP TRIGGER test_refuse ON {table}" if pg else "DROP TRIGGER test_refuse")


def _to_statement_closed(cw, lead):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    return step(cw, case, "close_statement", date(2026, 3, 31))


def _undrafted(cw) -> int:
    rows = selectors.compliance(scope=Scope(agency_id=cw.world.agency_a.pk))
    return sum(r.undrafted for r in rows)


def test_a_draft_that_failed_once_appears_on_the_workers_retry(cw, lead, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    case = _to_statement_closed(cw, lead)
    with publications_refused(), django_capture_on_commit_callbacks(execute=True):
        case = step(cw, case, "decide", date(2026, 4, 1))
    # The decision stands; its draft failed and is owed, with the error and the time of the next try.
    assert case.state == "decided" and not Publication.objects.filter(case=case).exists()
    owed = PendingReaction.objects.get(subscriber="publicity.draft")
    assert owed.attempts == 1 and "publication refused" in owed.last_error
    assert DBTaskResult.objects.filter(task_path="zhifa.journal.tasks.retry_reactions").exists()
    assert _undrafted(cw) == 1  # the clerk sees the decision with no publication

    PendingReaction.objects.update(next_attempt_at=timezone.now())  # the retry delay has passed
    assert retry_reactions.call() == {"handled": 1, "failed": 0}
    pub = Publication.objects.get(case=case)
    assert pub.status == PublicationStatus.DRAFT and pub.decision_number == case.decision_number
    assert not PendingReaction.objects.exists() and _undrafted(cw) == 0


def test_a_decision_whose_reaction_was_lost_is_drafted_by_the_daily_job(client, cw, lead):
    """The deciding transaction committed and the process died before its on-commit dispatch (here the
    test transaction's callbacks never run): the clerk's page counts it, the daily job drafts it."""
    from zhifa.core.jobs import daily_jobs

    case = step(cw, _to_statement_closed(cw, lead), "decide", date(2026, 4, 1))
    assert not Publication.objects.filter(case=case).exists()
    clerk = make_user(username="clerk9", role="publicity_clerk", agency=cw.world.agency_a)
    client.force_login(clerk)
    page = client.get("/workbench/publicity/").content.decode()
    assert "已决定未生成公示" in page and 'class="s-revoked">1<' in page

    job = next(j for j in daily_jobs() if j.task.module_path.endswith("catch_up_reactions"))
    assert job.task.call() == {"handled": 1, "failed": 0, "still_owed": 0}
    assert Publication.objects.get(case=case).status == PublicationStatus.DRAFT
    assert _undrafted(cw) == 0


def test_the_draft_reaction_is_idempotent(cw, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = step(cw, _to_statement_closed(cw, lead), "decide", date(2026, 4, 1))
    issued = JournalEntry.objects.get(event_type="decision.issued")
    pipeline.on_decision_issued(issued)  # run again, as a retry after a lost acknowledgement would
    assert Publication.objects.filter(case=case).count() == 1
    assert JournalEntry.objects.filter(event_type="publication.drafted").count() == 1
    assert catch_up_reactions.call()["handled"] == 0  # nothing owed


def test_real_entries_carry_their_catalogued_payload_keys(cw, lead, django_capture_on_commit_callbacks):
    """Every entry a case's life writes (opening, steps, the decision, its documents, the draft …) carries
    at least the payload keys its catalogue entry declares."""
    with django_capture_on_commit_callbacks(execute=True):
        step(cw, _to_statement_closed(cw, lead), "decide", date(2026, 4, 1))
    seen = set()
    for entry in JournalEntry.objects.all():
        declared = events.require(entry.event_type).keys
        missing = set(declared) - set(entry.payload_data)
        assert not missing, f"{entry.event_type} lacks {sorted(missing)}"
        seen.add(entry.event_type)
    assert {"case.file", "case.report", "decision.issued", "publication.drafted", "document.rendered"} <= seen
