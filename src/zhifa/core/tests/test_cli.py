"""The operator's command: `zhifa redact` works on stdin with no database (issue 6's CLI contract)."""

import json
import subprocess
import sys


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
