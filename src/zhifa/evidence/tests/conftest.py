"""Evidence test fixtures: an isolated blob store and upload folder per test (and no running hash left
over from another test), the two-agency environment, tus clients for a user of each agency."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from zhifa.evidence import uploads
from zhifa.evidence.tests.helpers import Env, Tus, make_env


@pytest.fixture(autouse=True)
def isolated_store(settings: Any, tmp_path: Path) -> Path:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "blobs")},
        },
    }
    settings.ZHIFA_EVIDENCE_UPLOAD_DIR = tmp_path / "uploads"
    uploads.forget_all_running_hashes()
    return tmp_path


@pytest.fixture
def env(db: Any) -> Env:
    return make_env()


@pytest.fixture
def tus_a(env: Env) -> Tus:
    return Tus(Client(), env.token_a)


@pytest.fixture
def tus_b(env: Env) -> Tus:
    return Tus(Client(), env.token_b)
