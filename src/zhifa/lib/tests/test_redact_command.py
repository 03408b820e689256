"""The Django management command ``redact`` (zhifa.publicity), run as ``zhifa manage redact``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(
    shutil.which("zhifa", path=str(Path(sys.executable).parent)) is None, reason="no zhifa script"
)
def test_manage_redact(tmp_path: Path) -> None:
    parties = tmp_path / "parties.json"
    parties.write_text('[{"name": "张三", "kind": "natural_person"}]', encoding="utf-8")
    env = {**os.environ, "ZHIFA_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "zhifa.settings"}
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "zhifa"), "manage", "redact", "--parties", str(parties)],
        input="当事人：张三，电话13912345678。",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=True,
    )
    data = json.loads(proc.stdout)
    assert data["text"] == "当事人：张某，电话[已隐去]。"
    assert [s["category"] for s in data["spans"]] == ["person_name", "phone"]
