"""The daily job goes through the one task interface: queued in the database, run by the worker."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhifa.personnel.models import Certificate, CertificateStatus
from zhifa.testing import make_certificate, make_officer, make_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_daily_job_is_queued_and_run_by_the_database_worker(capsys):
    w = make_world()
    o = make_officer(agency=w.agency_a)
    cert = make_certificate(officer=o, field=w.field_market, area=w.city, valid_from=date(2020, 1, 1))
    # The certificate's period ends yesterday: valid at registration time, expired by the daily run.
    Certificate.objects.filter(pk=cert.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    call_command("daily_jobs")
    # Certificates, missed case deadlines, expired uploads, expired publications.
    assert DBTaskResult.objects.filter(status="READY").count() == 4
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.EXPIRED
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
