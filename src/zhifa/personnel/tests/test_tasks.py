"""The daily job goes through the one task interface: registered by personnel (core.jobs), queued in the
database with every other app's daily job, run by the worker."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhifa.core.jobs import daily_jobs
from zhifa.personnel.models import Certificate, CertificateStatus
from zhifa.testing import make_certificate, make_officer, make_world

pytestmark = pytest.mark.django_db(transaction=True)

EXPIRE = "zhifa.personnel.tasks.expire_certificates"


def test_personnel_registers_its_daily_job_by_name():
    """Certificate expiry is personnel's daily job (other apps add theirs; their number is not ours)."""
    jobs = {job.task.module_path: job.label for job in daily_jobs()}
    assert jobs[EXPIRE] == "执法证到期处理"


def test_daily_job_is_queued_and_run_by_the_database_worker(capsys):
    w = make_world()
    o = make_officer(agency=w.agency_a)
    cert = make_certificate(officer=o, field=w.field_market, area=w.city, valid_from=date(2020, 1, 1))
    # The certificate's period ends yesterday: valid at registration time, expired by the daily run.
    Certificate.objects.filter(pk=cert.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    call_command("daily_jobs")
    assert "已加入队列：执法证到期处理" in capsys.readouterr().out
    # Every registered job is queued once, personnel's among them.
    queued = list(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))
    assert sorted(queued) == sorted(job.task.module_path for job in daily_jobs())
    assert queued.count(EXPIRE) == 1
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.EXPIRED
    assert DBTaskResult.objects.get(task_path=EXPIRE).status == "SUCCESSFUL"
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
