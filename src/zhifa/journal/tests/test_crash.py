"""Crash safety and mutual exclusion of the sequencer, with real processes on the test database:
a sequencer killed in the middle of a batch loses nothing, and two sequencers started at once do not
corrupt the tree."""

import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.db import connection, transaction

from zhifa.journal import sequencer
from zhifa.journal.models import JournalEntry, TreeLeaf, TreeState
from zhifa.journal.services import record
from zhifa.journal.verify import verify

pytestmark = pytest.mark.django_db(transaction=True)


def _env():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "ZHIFA_DATABASE_URL": url,
        "ZHIFA_VAR_DIR": str(settings.VAR_DIR),
        "DJANGO_SETTINGS_MODULE": "zhifa.settings",
    }


def _python(code, **kw):
    # The child records the tests' own `test.*` event types, as the parent does (conftest).
    script = (
        "import django; django.setup()\n"
        "from zhifa.journal import events; events.allow_namespace('test', '测试')\n"
    ) + textwrap.dedent(code)
    return subprocess.Popen([sys.executable, "-c", script], env=_env(), **kw)


def _record(n):
    with transaction.atomic():
        for i in range(n):
            record(event_type="test.crash", subject=f"x:{i}", agency_id=None, payload={"i": i})


def test_sequencer_killed_mid_batch_loses_nothing():
    _record(300)
    sequencer.integrate_batch(limit=100, force_checkpoint=True)  # leaves 0..~100 committed, key published
    size_before = TreeState.objects.get().size
    # A sequencer process that dies abruptly after writing leaves and nodes but before its commit.
    killed = _python(
        """
        import os
        from zhifa.journal import sequencer
        original = sequencer._store
        def die_after_write(*args, **kwargs):
            original(*args, **kwargs)
            os._exit(9)
        sequencer._store = die_after_write
        sequencer.integrate_batch(limit=150)
        """
    )
    assert killed.wait(timeout=60) == 9
    assert TreeState.objects.get().size == size_before
    assert TreeLeaf.objects.count() == size_before
    assert JournalEntry.objects.count() == 301
    while sequencer.integrate_batch(limit=100, force_checkpoint=True).integrated:
        pass
    report = verify()
    assert report.ok, report.as_text()
    assert report.size == 301 and report.entries_not_in_tree == []


def test_two_sequencers_at_once_take_turns():
    _record(3000)
    procs = [
        _python(
            """
            from zhifa.journal import sequencer
            while sequencer.integrate_batch(limit=137, force_checkpoint=True).integrated:
                pass
            """,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err.decode()[-2000:]
    while sequencer.integrate_batch(force_checkpoint=True).integrated:
        pass
    report = verify()
    assert report.ok, report.as_text()
    assert report.size == JournalEntry.objects.count() == 3001
    # Every entry is exactly one leaf.
    assert TreeLeaf.objects.values("entry_id").distinct().count() == 3001
