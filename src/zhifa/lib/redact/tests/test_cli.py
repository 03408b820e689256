"""``zhifa redact`` / ``python -m zhifa.lib.redact``: stdin text, ``--parties``, JSON with code-point
spans — and every person role in the parties file."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from zhifa.lib.redact import PARTY_ROLES, ROLE_ALIASES, Party, people_from_json
from zhifa.lib.redact.__main__ import main


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], text: str, *args: str
) -> dict[str, Any]:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert main(list(args)) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def test_interface_unchanged(monkeypatch, capsys, tmp_path: Path) -> None:
    parties = tmp_path / "parties.json"
    parties.write_text('[{"name": "张三", "kind": "natural_person"}]', encoding="utf-8")
    text = "当事人：张三，电话13912345678。"
    data = run(monkeypatch, capsys, text, "--parties", str(parties), "--model", "off")
    assert data["text"] == "当事人：张某，电话[已隐去]。"
    for span in data["spans"]:
        assert text[span["start"] : span["end"]] == span["original"]  # code points, not bytes


def test_every_person_role_is_accepted(monkeypatch, capsys, tmp_path: Path) -> None:
    people = [
        {"name": "苏晓梅", "kind": "natural_person", "role": "party"},
        {"name": "周立新", "role": "法定代表人"},
        {"name": "吴敏", "role": "委托代理人"},
        {"name": "郑和平", "role": "证人"},
        {"name": "冯小兰", "role": "工作人员"},
        {"name": "韩东", "role": "employee"},
        {"name": "秦海", "role": "驾驶员"},
        {"name": "罗布", "role": "other"},
        {"name": "程亮", "role": "执法人员"},
        {"name": "汪敏", "role": "officer"},
    ]
    parties = tmp_path / "people.json"
    parties.write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
    text = (
        "当事人苏晓梅，其丈夫周立新为负责人，吴敏代为签收；郑和平、冯小兰、韩东在场，秦海驾车，"
        "罗布送货。执法人员程亮、汪敏检查。"
    )
    data = run(monkeypatch, capsys, text, "--parties", str(parties), "--model", "off")
    redacted = [s["original"] for s in data["spans"] if s["category"] == "person_name"]
    assert redacted == ["苏晓梅", "周立新", "吴敏", "郑和平", "冯小兰", "韩东", "秦海", "罗布"]
    assert "程亮" in data["text"] and "汪敏" in data["text"]


def test_roles_resolve_to_codes() -> None:
    assert set(ROLE_ALIASES.values()) <= set(PARTY_ROLES)
    parties, keep = people_from_json(
        [{"name": "甲乙", "role": "从业人员"}, {"name": "丙丁", "role": "办案人员"}]
    )
    assert parties == [Party("甲乙", "natural_person", role="employee")] and keep == ["丙丁"]
    with pytest.raises(ValueError, match="unknown party role"):
        people_from_json([{"name": "甲乙", "role": "路人甲"}])
    with pytest.raises(ValueError, match="needs a kind"):
        people_from_json([{"name": "甲乙", "role": "party"}])


def test_a_bad_parties_file_is_refused(monkeypatch, capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "张三"}', encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("x"))
    assert main(["--parties", str(bad)]) == 2
    assert "JSON list" in capsys.readouterr().err
