"""A step vouches for the composed document; its PDF is rendered after the step commits and journaled
on its own, from exactly the content the step's entry names."""

import hashlib
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from zhifa.cases import documents, tasks
from zhifa.cases.models import Document
from zhifa.cases.tests.conftest import step, to_reported
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.lib.officialdoc import from_json, render_pdf

pytestmark = pytest.mark.django_db


def _decided(cw, lead):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    return step(cw, case, "decide", date(2026, 4, 1))


def test_the_step_journals_the_content_and_the_pdf_follows_its_commit(
    cw, lead, django_capture_on_commit_callbacks
):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = step(cw, case, "decide", date(2026, 4, 1))
    doc = Document.objects.get(case=case, kind="penalty_decision")
    # Inside the step: the content and its digest, no PDF yet.
    assert doc.sha256 == "" and doc.rendered_at is None
    assert hashlib.sha256(doc.content.encode()).hexdigest() == doc.content_sha256
    issued = JournalEntry.objects.get(event_type="decision.issued", subject=f"cases.case:{case.pk}")
    assert [a["sha256"] for a in issued.attachment_list] == [doc.content_sha256]
    assert {"kind": "penalty_decision", "number": doc.number, "content_sha256": doc.content_sha256} in (
        issued.payload_data["documents"]
    )
    # After the commit: rendered, stored under the PDF's hash, journaled with both digests.
    for callback in callbacks:
        callback()
    doc = Document.objects.get(case=case, kind="penalty_decision")
    assert doc.sha256 and doc.rendered_at is not None
    rendered = JournalEntry.objects.get(event_type="document.rendered", subject=f"cases.document:{doc.pk}")
    assert rendered.pk == doc.render_entry_id
    assert rendered.event_type == "document.rendered"
    assert rendered.subject == f"cases.document:{doc.pk}"
    assert rendered.payload_data["content_sha256"] == doc.content_sha256
    # The rendering links the step's entry that vouched for the content.
    assert doc.journal_entry_id == issued.pk == rendered.payload_data["issued_in_entry"]
    assert [a["sha256"] for a in rendered.attachment_list] == [doc.sha256]
    with storages["default"].open(documents.pdf_path(doc.sha256), "rb") as fh:
        pdf = fh.read()
    assert hashlib.sha256(pdf).hexdigest() == doc.sha256
    # Anyone can render the vouched-for content again and get the same bytes.
    assert render_pdf(from_json(doc.content)) == pdf


def test_a_step_that_rolls_back_renders_nothing(cw, lead, django_capture_on_commit_callbacks):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case.party.address = " "  # the decision lacks an element: the step is refused
    case.party.save()
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(DomainError):
        step(cw, case, "decide", date(2026, 4, 1))
    assert not Document.objects.filter(case=case, kind="penalty_decision").exists()
    assert not JournalEntry.objects.filter(
        event_type="document.rendered", payload__contains="penalty_decision"
    ).exists()
    assert len(callbacks) == 0


def test_rendering_is_idempotent(cw, lead):
    case = _decided(cw, lead)
    doc = Document.objects.get(case=case, kind="penalty_decision")
    first = documents.render(doc.pk)
    again = documents.render(doc.pk)
    assert again.sha256 == first.sha256 and again.render_entry_id == first.render_entry_id
    assert (
        JournalEntry.objects.filter(
            event_type="document.rendered", subject=f"cases.document:{doc.pk}"
        ).count()
        == 1
    )


def test_content_that_differs_from_the_journaled_digest_is_never_rendered(client, cw, lead):
    case = _decided(cw, lead)
    doc = Document.objects.get(case=case, kind="penalty_decision")
    # The database refuses this (test below); a copy restored from elsewhere, or a database without the
    # triggers, could still hold other content: the renderer checks it against the journaled digest.
    from django.db import connection

    from zhifa.cases.db import ISSUED_DOCUMENTS

    ISSUED_DOCUMENTS.drop(connection)
    forged = doc.content.replace("60000.00", "6000.00")
    Document.objects.filter(pk=doc.pk).update(content=forged)
    ISSUED_DOCUMENTS.install(connection)
    with pytest.raises(DomainError, match="内容与办案记录不一致"):
        documents.render(doc.pk)
    # Rewriting the row's digest too changes nothing: the digest that counts is in the step's entry.
    ISSUED_DOCUMENTS.drop(connection)
    Document.objects.filter(pk=doc.pk).update(content_sha256=hashlib.sha256(forged.encode()).hexdigest())
    ISSUED_DOCUMENTS.install(connection)
    with pytest.raises(DomainError, match="内容与办案记录不一致"):
        documents.render(doc.pk)
    # The download serves nothing and says why.
    client.force_login(cw.head)
    resp = client.get(f"/workbench/cases/{case.pk}/documents/{doc.pk}.pdf", follow=True)
    assert resp.redirect_chain and "内容与办案记录不一致" in resp.content.decode()
    doc.refresh_from_db()
    assert doc.sha256 == ""


def test_the_daily_job_renders_what_was_left(cw, lead):
    case = _decided(cw, lead)
    pending = list(Document.objects.filter(case=case, sha256="").values_list("pk", flat=True))
    assert len(pending) >= 3  # 立案审批表, 事先告知书, 送达回证, 决定书 …
    assert tasks.render_pending_documents.call() == len(pending)
    assert not Document.objects.filter(case=case, sha256="").exists()
    assert tasks.render_pending_documents.call() == 0


def test_worker_mode_queues_the_rendering(cw, lead, settings, django_capture_on_commit_callbacks):
    """With ZHIFA_DOCUMENT_RENDERING="worker" the step renders nothing: one task per step carries all the
    documents it issued (serve_notice: the notice and its proof of service), and the worker renders them."""
    from django_tasks_db.models import DBTaskResult

    settings.ZHIFA_DOCUMENT_RENDERING = "worker"
    with django_capture_on_commit_callbacks(execute=True):
        case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    issued = list(
        Document.objects.filter(case=case, kind__in=("notice_of_intent", "proof_of_service")).order_by("id")
    )
    assert len(issued) == 2 and all(d.sha256 == "" for d in issued)  # the step's process rendered nothing
    queued = [
        r.args_kwargs["args"][0]
        for r in DBTaskResult.objects.filter(task_path="zhifa.cases.tasks.render_documents")
    ]
    assert queued[-1] == [d.pk for d in issued] and all(len(ids) >= 1 for ids in queued)
    digests = tasks.render_documents.call([d.pk for d in issued])
    assert digests == [Document.objects.get(pk=d.pk).sha256 for d in issued] and all(digests)


def test_a_character_the_fonts_lack_refuses_the_step(cw, lead):
    """GB/T 9704 7.1: a document must print every character; one the embedded 仿宋 lacks (赟, outside
    GB 2312) refuses the step inside its transaction, before anything is issued."""
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    case.party.name = "王赟"
    case.party.save()
    with pytest.raises(DomainError, match="字体无法显示的字符：赟"):
        step(cw, case, "decide", date(2026, 4, 1))
    assert not Document.objects.filter(case=case, kind="penalty_decision").exists()


def test_download_renders_if_needed_streams_the_pdf_and_journals_the_read(client, cw, lead):
    from zhifa.testing import make_user

    case = _decided(cw, lead)
    doc = Document.objects.get(case=case, kind="penalty_decision")
    assert doc.sha256 == ""
    client.force_login(cw.head)
    page = client.get(f"/workbench/cases/{case.pk}/").content.decode()
    assert f"/workbench/cases/{case.pk}/documents/{doc.pk}.pdf" in page and "PDF 生成中" in page
    resp = client.get(f"/workbench/cases/{case.pk}/documents/{doc.pk}.pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    pdf = b"".join(resp.streaming_content)
    doc.refresh_from_db()
    assert hashlib.sha256(pdf).hexdigest() == doc.sha256
    read = JournalEntry.objects.get(event_type="document.downloaded", subject=f"cases.document:{doc.pk}")
    page = client.get(f"/workbench/cases/{case.pk}/").content.decode()
    assert f"/workbench/journal/{doc.render_entry_id}/receipt.json" in page  # the rendered one
    assert read.actor_id == cw.head.pk and [a["sha256"] for a in read.attachment_list] == [doc.sha256]
    # Bytes in the store that are not the rendered PDF are never served.
    store, path = storages["default"], documents.pdf_path(doc.sha256)
    store.delete(path)
    store.save(path, ContentFile(b"%PDF-1.4 not the document"))
    try:
        resp = client.get(f"/workbench/cases/{case.pk}/documents/{doc.pk}.pdf", follow=True)
        assert resp.redirect_chain and "PDF 与办案记录不一致" in resp.content.decode()
    finally:  # the store outlives the test's transaction: put the real PDF back for later tests
        store.delete(path)
        store.save(path, ContentFile(pdf))
    # Another agency's officer sees nothing.
    client.force_login(make_user(username="envofficer2", role="officer", agency=cw.world.agency_b))
    assert client.get(f"/workbench/cases/{case.pk}/documents/{doc.pk}.pdf").status_code == 404


def test_an_issued_document_is_immutable_in_the_database(cw, lead):
    """What a step issued stays as issued: the database refuses changing its content, number or digests
    and deleting it; the PDF's digest may be filled in once, by the rendering, and never rewritten."""
    from django.db import DatabaseError, transaction

    case = _decided(cw, lead)
    doc = Document.objects.get(case=case, kind="penalty_decision")
    for change in (
        {"content": doc.content.replace("60000.00", "6000.00")},
        {"content_sha256": "0" * 64},
        {"number": "江北市市罚〔2026〕99号"},
        {"issued_on": date(2026, 4, 2)},
    ):
        with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
            Document.objects.filter(pk=doc.pk).update(**change)
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        Document.objects.filter(pk=doc.pk).delete()
    rendered = documents.render(doc.pk)  # filling the PDF digest in, once, is allowed
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        Document.objects.filter(pk=doc.pk).update(sha256="f" * 64)
    assert Document.objects.get(pk=rendered.pk).sha256 == rendered.sha256
