"""The operator's command: `zhifa redact` works on stdin with no database (issue 6's CLI contract);
`zhifa demo --no-serve` then `zhifa verify` (the README's first command, then the record checked)."""

import json
import os
import subprocess
import sys

import pytest


def test_zhifa_redact_prints_text_and_code_point_spans(tmp_path):
    parties = tmp_path / "parties.json"
    parties.write_text(
        json.dumps([{"name": "李明", "kind": "natural_person"}], ensure_ascii=False), encoding="utf-8"
    )
    text = "当事人李明，身份证号11010519491231002X，电话13912345678。"
    out = subprocess.run(
        [sys.executable, "-m", "zhifa.cli", "redact", "--parties", str(parties)],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    result = json.loads(out.stdout)
    assert "11010519491231002X" not in result["text"] and "13912345678" not in result["text"]
    for span in result["spans"]:
        assert text[span["start"] : span["end"]] == span["original"]
    assert {s["category"] for s in result["spans"]} == {"person_name", "id_number", "phone"}


@pytest.mark.slow
@pytest.mark.skipif(
    bool(os.environ.get("ZHIFA_DATABASE_URL")), reason="the embedded default; runs in the SQLite pass"
)
def test_zhifa_demo_then_verify_checks_every_entry(tmp_path):
    """`zhifa demo --no-serve` leaves a verified record (issue 11 part 8): the demo's whole journal is
    in the tree under a signed checkpoint, so `zhifa verify` right after it checks every entry and none
    waits for the sequencer."""
    env = {**os.environ, "ZHIFA_VAR_DIR": str(tmp_path / "var")}
    env.pop("ZHIFA_DATABASE_URL", None)  # the embedded default, as the README's first command runs it
    env.pop("DJANGO_SETTINGS_MODULE", None)
    demo = subprocess.run(
        [sys.executable, "-m", "zhifa.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr[-3000:]
    verify = subprocess.run(
        [sys.executable, "-m", "zhifa.cli", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr[-3000:]
    assert "验证通过" in verify.stdout
    assert "尚未纳入树" not in verify.stdout
    checked = int(verify.stdout.split("验证通过：")[1].split(" 条记录")[0])
    assert checked > 100, verify.stdout  # the demo journal, not an empty tree
