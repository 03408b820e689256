"""Names, addresses, policy, overlaps and the CLI of zhifa.lib.redact."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.lib.redact import Party, Policy, Result, pseudonym_base, redact

PERSON = "natural_person"


def _names(result: Result) -> list[tuple[str, str]]:
    return [(s.original, s.replacement) for s in result.spans if s.category == "person_name"]


# ----------------------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("张三", "张某"),
        ("欧阳修", "欧阳某"),
        ("诸葛亮亮", "诸葛某"),
        ("司马光耀", "司马某"),
        ("欧阳", "欧某"),  # two characters: 欧 + given name 阳
        ("阿依古丽·买买提", "阿某"),
        ("John Smith", "J"),
    ],
)
def test_pseudonym_base(name: str, base: str) -> None:
    assert pseudonym_base(name) == base


def test_known_party_every_occurrence() -> None:
    text = "当事人：刘桂芳，女。经查，刘桂芳在市场销售豇豆。刘桂芳称系从外地购进。"
    result = redact(text, parties=[Party("刘桂芳", PERSON)])
    assert _names(result) == [("刘桂芳", "刘某")] * 3
    assert result.text == "当事人：刘某，女。经查，刘某在市场销售豇豆。刘某称系从外地购进。"


def test_collisions_are_numbered_in_order_of_first_appearance() -> None:
    text = "证人张小明、张大伟和李四在场，张大伟称张小明先到。"
    result = redact(text)
    assert result.text == "证人张某1、张某2和李某在场，张某2称张某1先到。"


def test_one_person_is_not_numbered() -> None:
    assert redact("当事人张小明称，张小明已整改。").text == "当事人张某称，张某已整改。"


def test_already_redacted_names_are_left_alone() -> None:
    for text in ("当事人张某称已整改。", "当事人：张某某，男。", "证人王××、李**在场。"):
        assert redact(text).spans == (), text


def test_legal_person_name_is_kept_and_protects_person_names_inside_it() -> None:
    parties = [
        Party("临江县张三烧烤店", "individual_business"),
        Party("张三", PERSON, role="legal_representative"),
    ]
    result = redact("当事人：临江县张三烧烤店，经营者：张三。张三称已整改。", parties=parties)
    assert result.text == "当事人：临江县张三烧烤店，经营者：张某。张某称已整改。"


def test_individual_business_named_after_its_operator() -> None:
    result = redact(
        "当事人：王五（个体工商户）。王五称已整改。", parties=[Party("王五", "individual_business")]
    )
    assert result.text == "当事人：王某（个体工商户）。王某称已整改。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("法定代表人：陈建华，", "法定代表人：陈某，"),
        ("负责人为高振宇，", "负责人为高某，"),
        ("委托代理人是方晓雯。", "委托代理人是方某。"),
        ("证人王小兵、李春梅的证言", "证人王某、李某的证言"),
        ("驾驶人熊志远驾驶货车", "驾驶人熊某驾驶货车"),
        ("投资人：褚大勇，经营场所", "投资人：褚某，经营场所"),
        ("股东成志刚、安德烈参与", "股东成某、安某参与"),
        ("当事人：阿依古丽·买买提，女", "当事人：阿某，女"),
        ("户主：欧阳春燕。", "户主：欧阳某。"),
        ("联系人：唐志明，电话另告", "联系人：唐某，电话另告"),
    ],
)
def test_context_names(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "当事人：江北市恒达食品有限公司，住所：江北市东湖区。",
        "当事人于2024年3月至5月期间擅自采砂。",
        "当事人应当自收到本决定书之日起十五日内缴纳罚款。",
        "当事人陈述、申辩的权利。",
        "当事人经营者未到场。",
        "负责人：无。",
        "高度重视，王国维护，周年庆典，方面考虑，黄金首饰若干。",
        "双随机、一公开的要求，以及时间和期限。",
        "依据《中华人民共和国安全生产法》第九十四条的规定。",
        "其与亲属关系密切。",
    ],
)
def test_no_false_names(text: str) -> None:
    assert _names(redact(text)) == [], redact(text).spans


def test_free_names_after_role_nouns_and_punctuation() -> None:
    text = "消费者万晓红投诉。经查，顾客赵丽丽反映，其丈夫刘建新在现场阻挠执法。系从严德胜处购进。"
    assert [o for o, _ in _names(redact(text))] == ["万晓红", "赵丽丽", "刘建新", "严德胜"]


def test_officer_names_stay() -> None:
    text = "执法人员王明、李强对当事人进行检查，王明制作了笔录。证人张三在场。"
    result = redact(text)
    assert _names(result) == [("张三", "张某")]
    off = Policy(actions=Policy.national_default().actions, keep_officer_names=False)
    assert {o for o, _ in _names(redact(text, policy=off))} == {"王明", "李强", "张三"}


def test_keep_names() -> None:
    text = "证人张三、李四在场。"
    assert _names(redact(text, keep_names=["李四"])) == [("张三", "张某")]


def test_role_qualified_policy() -> None:
    parties = [Party("陈建华", PERSON, role="legal_representative"), Party("刘桂芳", PERSON)]
    policy = Policy.national_default().with_overrides({"person_name.legal_representative": "keep"})
    result = redact("法定代表人陈建华与刘桂芳均到场。", parties=parties, policy=policy)
    assert result.text == "法定代表人陈建华与刘某均到场。"


# ------------------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "当事人：张三，男，住址：江北市临江县城关镇幸福路12号3栋。",
            "当事人：张某，男，住址：江北市临江县××。",
        ),
        ("家庭住址：浙江省杭州市西湖区文三路188号2单元301室，", "家庭住址：浙江省杭州市西湖区××，"),
        ("户籍地云溪县石门镇石门村4组。", "户籍地云溪县××。"),
        ("家住南岭市东湖区城北街道杏花村112号，", "家住南岭市东湖区××，"),
        ("现住：城关镇幸福路12号，", "现住：××，"),
        ("住江北市东湖区长江路街道学府路15号。", "住江北市东湖区××。"),
        ("住址：临江县", "住址：临江县"),  # nothing below county level
    ],
)
def test_personal_addresses_cut_below_county(text: str, expected: str) -> None:
    assert redact(text).text == expected


def test_organization_addresses_are_kept() -> None:
    texts = [
        "当事人：江北市恒达食品有限公司\n住所：江北市临江县城关镇工业路18号\n法定代表人：陈建华",
        "当事人：临江县老周面馆，经营场所：临江县城关镇人民路56号。",
        "当事人：青山县丰泽养殖专业合作社，法定代表人：时丰泽，住所：青山县丰泽镇大坝村。",
    ]
    for text in texts:
        assert [s for s in redact(text).spans if s.category == "address"] == [], text


def test_neutral_label_after_a_natural_person_is_personal() -> None:
    text = "当事人：马丽娟，女，1995年12月20日出生，住所地：青山县南关街道翠苑小区12栋501。"
    result = redact(text)
    assert result.text.endswith("住所地：青山县××。")


def test_party_address_is_found_anywhere() -> None:
    party = Party("方国栋", PERSON, address="临江县城关镇西街45号")
    text = "当事人在临江县城关镇西街45号自家门前私设地磅。"
    assert redact(text, parties=[party]).text == "当事人在临江县××自家门前私设地磅。"


def test_address_delete_removes_the_whole_address() -> None:
    policy = Policy.national_default().with_overrides({"address": "delete"})
    assert redact("住址：江北市临江县城关镇幸福路12号，", policy=policy).text == "住址：[已隐去]，"


def test_organization_addresses_redacted_when_the_policy_says_so() -> None:
    policy = Policy.national_default().with_overrides({"address.organization": "replace"})
    text = "当事人：江北市恒达食品有限公司，住所：江北市临江县城关镇工业路18号。"
    assert redact(text, policy=policy).text == "当事人：江北市恒达食品有限公司，住所：江北市临江县××。"


# ---------------------------------------------------------------------------------------- policy


def test_national_default() -> None:
    p = Policy.national_default()
    assert p.action("credit_code") == "keep"
    assert p.action("id_number") == "delete"
    assert p.action("person_name", "witness") == "replace"
    assert p.action("address", "organization") == "keep"
    assert p.action("address", "natural_person") == "replace"
    assert hash(p) == hash(Policy.national_default())


def test_with_overrides_and_validation() -> None:
    p = Policy.national_default().with_overrides({"phone": "keep"})
    assert p.action("phone") == "keep"
    assert Policy.national_default().action("phone") == "delete"
    with pytest.raises(ValueError):
        Policy.national_default().with_overrides({"telephone": "keep"})
    with pytest.raises(ValueError):
        Policy.national_default().with_overrides({"phone": "hide"})
    with pytest.raises(ValueError):
        Policy(actions={}, deletion_mark="[1]")


def test_replace_masks_for_identifiers() -> None:
    policy = Policy.national_default().with_overrides(
        {"id_number": "replace", "phone": "replace", "bank_account": "replace", "email": "replace"}
    )
    text = "身份证号11010519491231002X，手机13912345678，卡号6222021234567890128，邮箱zhang@example.cn。"
    reps = [s.replacement for s in redact(text, policy=policy).spans]
    assert reps == ["110105********002X", "139****5678", "***************0128", "z***@example.cn"]


def test_policy_from_json() -> None:
    p = Policy.from_json('{"phone": "keep"}')
    assert p.action("phone") == "keep" and p.action("id_number") == "delete"
    p = Policy.from_json('{"actions": {"credit_code": "replace"}, "deletion_mark": "***"}')
    assert p.action("credit_code") == "replace" and p.deletion_mark == "***"


# -------------------------------------------------------------------------------------- overlaps

_FRAGMENTS = [
    "当事人：",
    "张三",
    "，男，",
    "身份证号码：11010519491231002X",
    "，住址：江北市临江县城关镇幸福路12号3栋，",
    "联系电话：13912345678。",
    "证人李四、王五在场。",
    "消费者赵丽丽投诉。",
    "车牌浙A·12345，",
    "银行账号6222021234567890128，",
    "住所：江北市东湖区建设大道128号，",
    "欧阳春燕",
    "邮箱a@b.cn",
    "\n",
    "１３９１２３４５６７８",
    "高度重视。",
]


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from(_FRAGMENTS), max_size=12), party=st.booleans())
def test_spans_are_sorted_disjoint_and_rebuild_the_output(parts: list[str], party: bool) -> None:
    text = "".join(parts)
    parties = [Party("张三", PERSON, address="江北市临江县城关镇幸福路12号3栋")] if party else []
    result = redact(text, parties=parties)
    pos = 0
    out = []
    for s in result.spans:
        assert s.start >= pos and s.end > s.start
        assert text[s.start : s.end] == s.original
        out.append(text[pos : s.start] + s.replacement)
        pos = s.end
    out.append(text[pos:])
    assert "".join(out) == result.text


def test_empty_text() -> None:
    assert redact("") == Result(text="", spans=())


# ------------------------------------------------------------------------------------------- CLI


def test_cli(tmp_path: Path) -> None:
    parties = tmp_path / "parties.json"
    parties.write_text(
        json.dumps(
            [{"name": "张三", "kind": PERSON, "address": "江北市临江县城关镇幸福路12号"}], ensure_ascii=False
        ),
        encoding="utf-8",
    )
    policy = tmp_path / "policy.json"
    policy.write_text('{"vehicle_plate": "delete"}', encoding="utf-8")
    text = "当事人：张三，住址：江北市临江县城关镇幸福路12号，车牌浙A·12345。"
    proc = subprocess.run(
        [sys.executable, "-m", "zhifa.lib.redact", "--parties", str(parties), "--policy", str(policy)],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    data = json.loads(proc.stdout)
    assert data["text"] == "当事人：张某，住址：江北市临江县××，车牌[已隐去]。"
    assert [s["category"] for s in data["spans"]] == ["person_name", "address", "vehicle_plate"]
    assert set(data["spans"][0]) == {"start", "end", "category", "original", "replacement"}
    assert "张某" in proc.stdout  # ensure_ascii=False


def test_cli_rejects_a_bad_parties_file(tmp_path: Path) -> None:
    bad = tmp_path / "p.json"
    bad.write_text('[{"name": "张三", "kind": "person"}]', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "zhifa.lib.redact", "--parties", str(bad)],
        input="x",
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "unknown party kind" in proc.stderr
