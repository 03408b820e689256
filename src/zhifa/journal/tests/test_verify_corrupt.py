"""`zhifa verify` meets a corrupt journal row (invalid JSON, a payload of the wrong type, a column the
database hands back in a shape that cannot be read) with a Chinese message naming the entry and a
non-zero exit status, never a traceback."""

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from zhifa.journal import sequencer
from zhifa.journal.db import drop_append_only_triggers
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import record
from zhifa.journal.tests.test_crash import _env

pytestmark = pytest.mark.django_db


def _sequenced_entries(n=6):
    with transaction.atomic():
        entries = [
            record(event_type="test.step", subject=f"case.case:{i}", agency_id=1, payload={"i": i})
            for i in range(n)
        ]
    while sequencer.integrate_batch(limit=50, force_checkpoint=True).integrated:
        pass
    return entries


def _zhifa_verify(capsys):
    """Run the command behind `zhifa verify`; returns (exit status, stdout, message). A CommandError is
    what the command line prints as one line and exits with its returncode; anything else would be a
    traceback, and is let through to fail the test."""
    try:
        call_command("verify_journal")
    except CommandError as exc:
        return exc.returncode, capsys.readouterr().out, str(exc)
    return 0, capsys.readouterr().out, ""


def _corrupt(entry_id, column, value):
    drop_append_only_triggers(connection)  # someone with database access
    with connection.cursor() as c:
        c.execute(f"UPDATE journal_journalentry SET {column} = %s WHERE id = %s", [value, entry_id])


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("payload", '{"i": 3', "不是有效的 JSON"),
        ("payload", "[1, 2]", "应为 JSON 对象，实际为 数组"),
        ("payload", "42", "应为 JSON 对象，实际为 数字"),
        ("payload", "null", "应为 JSON 对象，实际为 null"),
        ("payload", '{"x": NaN}', "无法计算叶内容"),
        ("attachments", "not json", "附件摘要（attachments）不是有效的 JSON"),
        ("attachments", '{"a": 1}', "附件摘要（attachments）应为 JSON 数组，实际为 对象"),
    ],
)
def test_verify_names_a_corrupt_entry_and_exits_non_zero(capsys, column, value, says):
    entries = _sequenced_entries()
    victim = entries[3]
    assert _zhifa_verify(capsys)[0] == 0
    _corrupt(victim.pk, column, value)
    code, _, err = _zhifa_verify(capsys)
    assert code == 1
    assert f"记录 #{victim.pk}" in err and "记录已损坏" in err and says in err, err
    assert "Traceback" not in err


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite stores any value in any column")
@pytest.mark.parametrize("value", ["不是日期", 12345])
def test_verify_names_an_entry_whose_time_cannot_be_read(capsys, value):
    entries = _sequenced_entries()
    victim = entries[2]
    _corrupt(victim.pk, "occurred_at", value)
    code, _, err = _zhifa_verify(capsys)
    assert code == 1
    # Depending on the value Django reads it as nothing (the leaf no longer matches) or cannot read it.
    assert f"验证失败（记录 #{victim.pk}" in err and ("无法读取该记录" in err or "被改动" in err), err
    assert "Traceback" not in err


def _insert_corrupt_entry():
    now = timezone.now()
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO journal_journalentry (event_type, subject, agency_id, actor_id, actor_label, "
            "occurred_at, recorded_at, place, payload, attachments) "
            "VALUES ('test.step', 'case.case:99', 1, NULL, '', %s, %s, '', %s, '[]')",
            [now, now, "{broken"],
        )
    return JournalEntry.objects.order_by("-id").values_list("id", flat=True).first()


def test_verify_names_a_corrupt_entry_not_yet_in_the_tree(capsys):
    """A row inserted behind the application (INSERT is allowed) that the sequencer has not hashed yet
    is checked as well: the sequencer would have to read it."""
    _sequenced_entries(3)
    bad = _insert_corrupt_entry()
    code, _, err = _zhifa_verify(capsys)
    assert code == 1
    assert f"记录 #{bad}" in err and "内容（payload）不是有效的 JSON" in err, err
    assert "Traceback" not in err


@pytest.mark.django_db(transaction=True)
def test_zhifa_verify_command_line_exits_1_with_the_entry_named():
    """The real `zhifa verify` in its own process: exit status 1, one Chinese line, no traceback."""
    _sequenced_entries(3)
    bad = _insert_corrupt_entry()
    res = subprocess.run(
        [sys.executable, "-m", "zhifa.cli", "verify"], env=_env(), capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 1, res.stderr
    assert f"记录 #{bad}" in res.stderr and "记录已损坏" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr
