"""Document numbers: GB/T 9704 format, and two processes issuing at once get consecutive numbers with
no gap and no duplicate; a rolled-back issue gives its number back."""

import subprocess
import textwrap

import pytest
from django.db import transaction

from zhifa.cases.models import DocumentSequence
from zhifa.cases.numbering import format_number, next_number
from zhifa.journal.tests.test_crash import _python
from zhifa.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_format_follows_gbt9704():
    w = make_world()
    w.agency_a.short_code = "江北市监"
    assert format_number(w.agency_a, "penalty_decision", 2026, 12) == "江北市监罚〔2026〕12号"
    assert (
        format_number(w.agency_a, "penalty_decision", 2026, 7) == "江北市监罚〔2026〕7号"
    )  # no zero padding


def test_rollback_returns_the_number():
    w = make_world()
    with transaction.atomic():
        assert next_number(agency=w.agency_a, kind="filing", year=2026)[0] == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        next_number(agency=w.agency_a, kind="filing", year=2026)
        raise RuntimeError("issuing failed")
    with transaction.atomic():
        assert next_number(agency=w.agency_a, kind="filing", year=2026)[0] == 2


def test_two_processes_get_consecutive_numbers():
    w = make_world()
    code = textwrap.dedent(
        f"""
        from django.db import transaction
        from zhifa.cases.numbering import next_number
        from zhifa.organizations.models import Agency
        agency = Agency.objects.get(pk={w.agency_a.pk})
        for _ in range(60):
            with transaction.atomic():
                serial, number = next_number(agency=agency, kind="penalty_decision", year=2026)
                print(serial, flush=True)
        """
    )
    procs = [_python(code, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    serials = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()[-2000:]
        serials += [int(x) for x in out.split()]
    assert sorted(serials) == list(range(1, 121))
    assert DocumentSequence.objects.get(kind="penalty_decision").last == 120
