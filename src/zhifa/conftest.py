"""Test-wide fixtures. The journal's append-only triggers and the immutability triggers of evidence and
issued documents are dropped before a transactional test's flush and re-installed for every other test,
so that the guard is always on where a test relies on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from zhifa.cases.db import ISSUED_DOCUMENTS
from zhifa.evaluation.rubrics import ensure_shipped_rubric
from zhifa.evidence.db import drop_immutability_triggers, install_immutability_triggers
from zhifa.journal import events
from zhifa.journal.db import drop_append_only_triggers, install_append_only_triggers
from zhifa.statistics.db import FROZEN_REPORTS
from zhifa.statistics.report_templates import ensure_shipped_templates

# Tests record and subscribe to made-up `test.*` event types; the platform's own are in the catalogue.
events.allow_namespace("test", "测试")


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest) -> None:
    """Argon2 is deliberately slow; tests that don't test hashing use a fast hasher
    (accounts/tests/test_login.py checks Argon2 itself). Skipped when pytest runs without Django
    (`-p no:django`, for the pure lib/ tests)."""
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings: Any = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",  # still verifies hashes made at class setup
    ]


@pytest.fixture(autouse=True)
def _journal_guard(request: pytest.FixtureRequest) -> Iterator[None]:
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    marker_db = "django_db_blocker" in request.fixturenames and (
        request.node.get_closest_marker("django_db") is not None
        or "db" in request.fixturenames
        or "transactional_db" in request.fixturenames
    )
    if not marker_db:
        yield
        return
    transactional = "transactional_db" in request.fixturenames or any(
        m.kwargs.get("transaction") for m in request.node.iter_markers("django_db")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    # Data that migrations install (the shipped statistics templates, the evaluation rubric) is gone
    # after a transactional test's flush: put it back, as a new database has it.
    ensure_shipped_templates()
    ensure_shipped_rubric()
    install_append_only_triggers(connection)
    install_immutability_triggers(connection)
    ISSUED_DOCUMENTS.install(connection)
    FROZEN_REPORTS.install(connection)
    yield
    if transactional:
        drop_append_only_triggers(connection)
        drop_immutability_triggers(connection)
        ISSUED_DOCUMENTS.drop(connection)
        FROZEN_REPORTS.drop(connection)
