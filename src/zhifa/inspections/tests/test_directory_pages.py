"""The staff pages of the directory: search and filters scoped to the reader's region, a business's
page, who may read, and the upload queued for the worker with its progress and report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zhifa.inspections.directory import import_targets
from zhifa.inspections.directory_jobs import run_directory_import
from zhifa.inspections.models import DirectoryImport, InspectionTarget
from zhifa.inspections.tests.directory_world import DirWorld, code, csv_bytes, dw, row, write
from zhifa.journal.models import JournalEntry

__all__ = ["dw"]

LIST = "/workbench/inspections/directory/"


def _fill(dw: DirWorld, tmp_path: Path) -> None:
    rows = [
        row(1, 名称="江北市鑫源食品有限公司", 信用风险分类="D", 标签="经营异常"),
        row(2, 名称="江北区老王小吃店", 主体类型="个体工商户", 所在区划="990121", 信用风险分类=""),
        row(3, 名称="江北市恒盛建材有限公司", 信用风险分类="A", 在册="否"),
        row(4, 名称="江南市鑫源商贸有限公司", 所在区划="990202"),
    ]
    report = import_targets(file=write(tmp_path, csv_bytes(rows)), filename="x.csv", actor=dw.admin)
    assert report.ok, report.as_text()


def _names(response: object) -> list[str]:
    return [t.name for t, _tags in response.context["rows"]]  # type: ignore[attr-defined]


def test_staff_see_the_businesses_of_their_agencys_region_only(
    dw: DirWorld, tmp_path: Path, client: Client
) -> None:
    _fill(dw, tmp_path)
    client.force_login(dw.officer)
    response = client.get(LIST)
    assert response.status_code == 200
    assert sorted(_names(response)) == sorted(["江北市鑫源食品有限公司", "江北区老王小吃店"])  # in register
    client.force_login(dw.head_south)
    assert _names(client.get(LIST)) == ["江南市鑫源商贸有限公司"]
    client.force_login(dw.admin)
    assert len(_names(client.get(LIST, {"active": "all"}))) == 4


def test_search_by_name_part_and_by_credit_code(dw: DirWorld, tmp_path: Path, client: Client) -> None:
    _fill(dw, tmp_path)
    client.force_login(dw.clerk)
    assert _names(client.get(LIST, {"q": "鑫源"})) == ["江北市鑫源食品有限公司"]  # not 江南市's
    assert _names(client.get(LIST, {"q": code(2)})) == ["江北区老王小吃店"]
    assert _names(client.get(LIST, {"q": code(2)[:16].lower()})) == ["江北区老王小吃店"]
    assert _names(client.get(LIST, {"q": "不存在的名称"})) == []


def test_filters_region_kind_class_tag_and_register(dw: DirWorld, tmp_path: Path, client: Client) -> None:
    _fill(dw, tmp_path)
    client.force_login(dw.head)
    assert _names(client.get(LIST, {"region": "990121"})) == ["江北区老王小吃店"]
    assert _names(client.get(LIST, {"region": "990202"})) == [], "a region outside the agency's shows nothing"
    assert _names(client.get(LIST, {"kind": "individual"})) == ["江北区老王小吃店"]
    assert _names(client.get(LIST, {"class": "D"})) == ["江北市鑫源食品有限公司"]
    assert _names(client.get(LIST, {"class": "none"})) == ["江北区老王小吃店"]
    assert _names(client.get(LIST, {"tag": "经营异常"})) == ["江北市鑫源食品有限公司"]
    assert _names(client.get(LIST, {"active": "no"})) == ["江北市恒盛建材有限公司"]
    page = client.get(LIST, {"tag": "经营异常"}).content.decode()
    assert "经营异常" in page and "共 1 户" in page


def test_the_list_pages_and_counts_up_to_its_cap(
    dw: DirWorld, tmp_path: Path, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zhifa.inspections import selectors_directory

    rows = [row(n) for n in range(1, 46)]
    assert import_targets(file=write(tmp_path, csv_bytes(rows)), filename="x.csv", actor=dw.head).ok
    client.force_login(dw.officer)
    response = client.get(LIST, {"page": "3"})
    assert len(_names(response)) == 5 and "第 3 / 3 页" in response.content.decode()
    monkeypatch.setattr(selectors_directory, "COUNT_CAP", 30)
    response = client.get(LIST)
    assert "超过 30 户" in response.content.decode() and response.context["page"].paginator.num_pages == 2


def test_the_business_page_shows_staff_only_fields_within_scope(
    dw: DirWorld, tmp_path: Path, client: Client
) -> None:
    _fill(dw, tmp_path)
    mine = InspectionTarget.objects.get(credit_code=code(1))
    theirs = InspectionTarget.objects.get(credit_code=code(4))
    client.force_login(dw.officer)
    page = client.get(reverse("inspections:directory_detail", args=[mine.pk])).content.decode()
    assert "江北市鑫源食品有限公司" in page and "王某" in page and "13800000000" in page and "D类" in page
    assert client.get(reverse("inspections:directory_detail", args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize("who", ["supervisor", "reviewer"])
def test_supervisors_and_reviewers_do_not_read_the_directory(dw: DirWorld, client: Client, who: str) -> None:
    client.force_login(getattr(dw, who))
    response = client.get(LIST)
    assert response.status_code == 403 and "只有执法主体的执法人员" in response.content.decode()


def test_anonymous_is_sent_to_login(client: Client) -> None:
    assert client.get(LIST).status_code == 302


# --- the upload ------------------------------------------------------------------------------------------


def _upload(client: Client, data: bytes, name: str = "名录.csv", **fields: str) -> Any:
    return client.post(
        reverse("inspections:directory_import"),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **fields},
    )


def test_upload_is_queued_then_imported_by_the_worker_with_its_report(
    dw: DirWorld, client: Client, settings: object, tmp_path: Path, django_capture_on_commit_callbacks: object
) -> None:
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    client.force_login(dw.head)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = _upload(client, csv_bytes([row(1), row(2)]))
    job = DirectoryImport.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/workbench/inspections/directory/imports/{job.pk}/"
    )
    assert job.status == "queued" and job.stored_name and not job.dry_run
    page = client.get(response["Location"])
    assert page["Refresh"] == "3" and "排队中" in page.content.decode()
    assert InspectionTarget.objects.count() == 0
    assert run_directory_import.call(job.pk) == "succeeded"
    job.refresh_from_db()
    assert (job.rows, job.created, job.updated, job.unchanged) == (2, 2, 0, 0) and job.file_sha256
    assert InspectionTarget.objects.count() == 2
    assert JournalEntry.objects.filter(event_type="inspection_target.imported").count() == 1
    # The job's start and finish are journaled too (one entry each), on the job, by its uploader.
    started = JournalEntry.objects.get(event_type="directory_import.started")
    finished = JournalEntry.objects.get(event_type="directory_import.finished")
    assert started.pk < finished.pk and started.subject == finished.subject
    assert started.actor_id == finished.actor_id == dw.head.pk
    assert finished.payload_data["status"] == "succeeded" and finished.payload_data["created"] == 2
    assert finished.payload_data["file_sha256"] == job.file_sha256
    assert job.stored_name == "" and list(tmp_path.rglob("*.csv")) == [], (
        "the upload is removed once imported"
    )
    page = client.get(reverse("inspections:directory_import_status", args=[job.pk]))
    assert not page.has_header("Refresh")
    assert "新增 2 户" in page.content.decode() and job.file_sha256 in page.content.decode()


def test_a_refused_upload_shows_its_errors_and_imports_nothing(
    dw: DirWorld, client: Client, settings: object, tmp_path: Path
) -> None:
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    client.force_login(dw.clerk)
    _upload(client, csv_bytes([row(1), row(1)]), dry_run="1")
    job = DirectoryImport.objects.get()
    assert job.dry_run
    assert run_directory_import.call(job.pk) == "refused"
    page = client.get(reverse("inspections:directory_import_status", args=[job.pk])).content.decode()
    assert "共 1 处错误" in page and "第 3 行" in page and "与第 2 行重复" in page
    assert InspectionTarget.objects.count() == 0
    finished = JournalEntry.objects.get(event_type="directory_import.finished")
    assert finished.payload_data["status"] == "refused" and finished.payload_data["error_count"] == 1
    # a second delivery of the same task does nothing
    assert run_directory_import.call(job.pk) == "refused"
    assert JournalEntry.objects.filter(event_type__startswith="directory_import.").count() == 2


def test_upload_form_refuses_officers_and_other_formats(dw: DirWorld, client: Client) -> None:
    client.force_login(dw.officer)
    assert client.get(reverse("inspections:directory_import")).status_code == 403
    assert "导入名录" not in client.get(LIST).content.decode()
    client.force_login(dw.head)
    page = client.get(reverse("inspections:directory_import")).content.decode()
    assert "统一社会信用代码" in page and "企业名称" in page  # the columns and their variants
    response = _upload(client, b"x", "名录.txt")
    assert response.status_code == 400 and "只支持 CSV 和 XLSX" in response.content.decode()
    assert DirectoryImport.objects.count() == 0


def test_another_agencys_job_is_not_shown(dw: DirWorld, client: Client) -> None:
    job = DirectoryImport.objects.create(created_by=dw.head, agency=dw.agency, filename="a.csv")
    client.force_login(dw.head_south)
    assert client.get(reverse("inspections:directory_import_status", args=[job.pk])).status_code == 404


def test_the_name_index_looks_up_the_rarest_characters_of_a_term() -> None:
    from zhifa.inspections.selectors_directory import _index_chars

    freqs = {
        "有": 0.9,
        "限": 0.9,
        "公": 0.9,
        "司": 0.9,
        "1": 0.5,
        "鑫": 0.04,
        "源": 0.03,
        "食": 0.06,
        "品": 0.07,
    }
    assert _index_chars("鑫源食品1有限公司", freqs) == ["源", "鑫", "食"]
    assert _index_chars("罕见鑫", freqs) == ["罕", "见", "鑫"]  # unlisted characters are the rarest
    assert _index_chars("有限公司", freqs) == []  # nothing selective: checked along the page's order
    assert _index_chars("江北食品有限公司1", {}) == ["北", "品", "江"]  # no statistics: not the common ones


@pytest.mark.django_db(transaction=True)
def test_the_progress_of_a_job_is_stored_outside_the_import_transaction() -> None:
    from django.db import connection, transaction

    from zhifa.inspections.directory_uploads import _ProgressWriter
    from zhifa.testing import make_user

    job = DirectoryImport.objects.create(
        created_by=make_user(username="p", role="administrator"), filename="a"
    )
    writer = _ProgressWriter(job.pk)
    writer("read", 50, 100)
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("reading", 50, 100)
    writer("write", 0, None)  # a new phase is stored at once
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("writing", 0, None)
    writer.last = 0.0  # past the once-a-second throttle (a test does not wait a second)
    with transaction.atomic():
        writer("write", 10, 100)
    job.refresh_from_db()
    if connection.vendor == "postgresql":  # through a second connection
        assert (job.done, job.total) == (10, 100)
    else:  # SQLite has one writer: inside the import's transaction the page waits for the end
        assert (job.done, job.total) == (0, None)
    writer.close()
