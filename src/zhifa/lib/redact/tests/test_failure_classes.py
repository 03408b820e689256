"""Each failure class of issue 16, on sentences written for it or masked from published decisions
(see data/build_labelled.py for the sources). These run on the rules alone (``model=False``): the
fallback must hold them; test_model.py covers what only the model adds."""

from __future__ import annotations

import pytest

from zhifa.lib.redact import Party, Policy, Result, redact, redact_together

PERSON = "natural_person"


def names(result: Result) -> list[str]:
    return [s.original for s in result.spans if s.category == "person_name"]


def rules(text: str, **kw: object) -> Result:
    return redact(text, model=False, **kw)  # type: ignore[arg-type]


# ------------------------------------------------- 1. names that no context word announces


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("证据三：当事人《询问笔录》一份，相关人胡家旺、胡勇《询问笔录》各一份。", ["胡家旺", "胡勇"]),
        ("执法人员在出示执法证件后由马志刚配合对网吧进行检查，马志刚予以签字确认。", ["马志刚", "马志刚"]),
        ("分二次对黄伟进行调查询问，黄伟承认接纳未成年人的事实。", ["黄伟", "黄伟"]),
        ("证据一：当事人刘光忠询问笔录、张虎成询问笔录共2份。", ["刘光忠", "张虎成"]),
        ("当事人之妻刘春梅称，房屋由其表弟谭志刚承建。", ["刘春梅", "谭志刚"]),
        ("现场检查发现杜春生正在给一名女性（陈桂英）进行针灸电疗。", ["杜春生", "陈桂英"]),
    ],
)
def test_names_without_a_context_word(text: str, expected: list[str]) -> None:
    assert names(rules(text)) == expected


# ------------------------------------------------- 2. minority and foreign names


def test_dotted_minority_name_and_its_short_form_share_one_pseudonym() -> None:
    r = rules("帮工阿依古丽·买买提负责称重销售。阿依古丽称，进货时未索取票据。")
    assert names(r) == ["阿依古丽·买买提", "阿依古丽"]
    assert r.text == "帮工阿某负责称重销售。阿某称，进货时未索取票据。"


def test_minority_names_without_a_han_surname_after_a_role_noun() -> None:
    text = "网管达瓦次仁配合检查，收银员玉香当班，其母亲央金到场后确认其年龄。"
    assert names(rules(text)) == ["达瓦次仁", "玉香", "央金"]


def test_foreign_name_in_chinese_and_latin_is_one_person() -> None:
    r = rules(
        "申请人：约翰·史密斯（John Smith），男，美国国籍。"
        "经查，约翰·史密斯在该公司从事培训工作，John Smith称。"
    )
    assert "史密斯" not in r.text and "Smith" not in r.text
    assert {s.replacement for s in r.spans if s.category == "person_name"} == {"约某"}


# ------------------------------------------------- 3. names that are ordinary words


def test_names_that_are_ordinary_words_in_context() -> None:
    text = "当事人向东和店员田野正在搬运卷烟。经询问，田野称货物由其联系送来。对向东、田野的询问笔录为证。"
    r = rules(text, parties=[Party("向东", PERSON)])
    assert names(r) == ["向东", "田野", "田野", "向东", "田野"]


def test_ordinary_words_stay_words() -> None:
    text = "执法人员发现一辆厢式货车向东行驶后停靠在店门口。经核算，当事人共购进卷烟40条，早高峰时段卸货。"
    assert rules(text).spans == ()
    # Even when a party is called 向东, the direction is no name.
    r = rules("当事人：向东。货车向东行驶。", parties=[Party("向东", PERSON)])
    assert r.text == "当事人：向某。货车向东行驶。"


def test_brands_that_start_with_a_surname_are_not_names() -> None:
    text = (
        "货架上有白沙烟（精品）3盒、黄金叶（硬帝豪）2条、苏烟（五星红杉树）10盒、"
        "真龙（凌云）1条、南京（煊赫门）0.8条。"
    )
    assert names(rules(text)) == []


# ------------------------------------------------- 4. addresses of natural persons


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "现住址：江苏省南通市崇川区和平桥街道桃园小区12栋2单元502室，户籍所在地：如东县掘港镇新光村八组27号。",
            "现住址：江苏省南通市崇川区××，户籍所在地：如东县××。",
        ),
        ("谭某现住衡阳市蒸湘区联合街道解放西路218号3栋1单元602房。", "谭某现住衡阳市蒸湘区××。"),
        ("家庭住址：乌鲁木齐市天山区团结路街道幸福路128号8栋2单元301室，", "家庭住址：乌鲁木齐市天山区××，"),
        ("住址：湖南省攸县谭桥街道东塔社区老码头组老码头016号。", "住址：湖南省攸县××。"),
        ("家住湖北省建始县业州镇奇洋坝三组4号，", "家住湖北省建始县××，"),
        (
            "当事人：蒋某，联系地址：湖南省江永县桃川镇太平村十一组086号 2020年1月27日，",
            "当事人：蒋某，联系地址：湖南省江永县×× 2020年1月27日，",
        ),
    ],
)
def test_personal_addresses_in_common_forms(text: str, expected: str) -> None:
    assert rules(text).text == expected


def test_the_same_home_written_again_is_redacted_again() -> None:
    text = "家庭住址：海门市常乐镇新港村4组16号\n执法人员对海门市常乐镇新港村4组16号施某家中检查。"
    assert rules(text).text == "家庭住址：海门市××\n执法人员对海门市××施某家中检查。"


def test_an_organizations_address_stays_even_under_a_personal_label() -> None:
    text = (
        "汨罗市恒锋新材料有限公司：\n统一社会信用代码：91430681MA4T2K5X3Q\n"
        "法定代表人：吴泉生\n住址：汨罗市罗江镇金塘村\n"
    )
    r = rules(text)
    assert "汨罗市罗江镇金塘村" in r.text and "吴某" in r.text


# ------------------------------------------------- 5. grouped identifiers, check digits


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("联系电话：+852 9123 4567。", "phone"),
        ("澳门联系电话：(853) 6612 3456。", "phone"),
        ("电话00852-2123-4567。", "phone"),
        ("联系电话：139 1234 5678。", "phone"),
        ("联系电话：+86 139 9912 3456。", "phone"),
        ("联系电话：0731-8552 6614。", "phone"),
        ("房屋所有权证（呼房权证字第01234567号）", "property_certificate"),
        ("已办理房屋所有权证（乌房权证义字第200812345号）", "property_certificate"),
        ("集体土地使用证（乌集用（2009）第00321号）", "property_certificate"),
        ("房产证号：沪房产证字第123456号", "property_certificate"),
        ("房屋（乌房权证义字(2008)第12345号）", "property_certificate"),
    ],
)
def test_grouped_and_older_identifiers(text: str, category: str) -> None:
    assert [s.category for s in rules(text).spans] == [category]


def test_grouped_id_and_card_still_need_their_check_digits() -> None:
    # 11010519491231002X is valid; the same with a wrong check character is not an ID without a label.
    assert [s.category for s in rules("号码110105 19491231 002X在案。").spans] == ["id_number"]
    assert rules("编号110105 19491231 0021在案。").spans == ()
    card = "6222 0212 3456 7890 128"  # Luhn-valid
    assert [s.category for s in rules(f"转账至{card}。").spans] == ["bank_account"]
    assert rules("转账至6222 0212 3456 7890 129。").spans == ()


def test_a_phone_label_does_not_swallow_the_next_line() -> None:
    r = rules("联系方式：13912345678\n2025年8月11日，本局依法调查。")
    assert r.text == "联系方式：[已隐去]\n2025年8月11日，本局依法调查。"


# ------------------------------------------------- 6./7. document numbers, laws and words kept


@pytest.mark.parametrize(
    "number",
    [
        "湘(岳)文执罚网字〔2021〕第012号",
        "焦烟移[2023]第0005号",
        "威自然执(经)罚字〔2024〕4号",
        "公(治)撤字[2009]第018号",
        "湘攸交处罚〔2025〕092(非)号",
        "粤环境监测LB字（2019）第147号",
        "（三）文罚字〔2019〕-007",
        "黔卫健用证字【2016】第0002号",
        "铜梁公(石)行罚决字〔2024〕1127号",
    ],
)
def test_document_numbers_are_never_masked(number: str) -> None:
    text = f"本局向当事人送达了{number}《行政处罚事先告知书》，依据《中华人民共和国烟草专卖法》第三十二条。"
    assert rules(text).spans == ()


def test_licence_numbers_and_chinese_amounts_are_not_names() -> None:
    text = "医疗器械注册证编号：吉械注准20172400270，罚款人民币伍万贰仟壹佰贰拾元，柒仟陆佰陆拾柒元整。"
    assert rules(text).spans == ()


# ------------------------------------------------- 8. a business named after a person stays whole


def test_business_names_containing_a_persons_name_stay_whole() -> None:
    text = (
        "当事人：广德市王建华副食品店\n经营者：王建华\n"
        "经查，王建华在广德市王建华副食品店销售过期食品。张三烧烤店另案处理。"
    )
    r = rules(text, parties=[Party("广德市王建华副食品店", "individual_business"), Party("王建华", PERSON)])
    assert r.text.count("广德市王建华副食品店") == 2
    assert "张三烧烤店" in r.text
    assert names(r) == ["王建华", "王建华"]


def test_a_company_named_after_its_owner_in_short_form() -> None:
    parties = [Party("佳木斯市建三江王永利农资销售有限责任公司", "legal_person"), Party("王永利", PERSON)]
    r = rules("法定代表人：王永利。执法人员在前锋农场王永利农资检查，王永利如实交代。", parties=parties)
    assert r.text == "法定代表人：王某。执法人员在前锋农场王永利农资检查，王某如实交代。"


def test_a_name_in_an_organizations_address_stays() -> None:
    text = "当事人：某农资销售有限责任公司；住所（住址）：前锋农场周立波1号楼12门市；法定代表人：王永利"
    assert "周立波" in rules(text).text


# ------------------------------------------------- 9. officers listed are kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("本局执法人员程亮、汪敏对当事人进行检查。", ["程亮", "汪敏"]),
        ("指定孔浩然（2507103003）、汪春燕（25071030010）负责承办。", ["孔浩然", "汪春燕"]),
        ("相关材料由魏振东、孔浩然当场清点、签收。指定孔浩然（2507103003）负责承办。", ["魏振东", "孔浩然"]),
        (
            "执法人员刘立军（R200400178）、解国栋（R280400162）在出示执法证件后进行检查。",
            ["刘立军", "解国栋"],
        ),
        ("办案民警：陆建平、顾晓东", ["陆建平", "顾晓东"]),
        ("部长 王祥林\n由部长王祥林签署公布。", ["王祥林"]),
        ("被申请人：某区人力资源和社会保障局。\n法定代表人：魏晓红，局长。", ["魏晓红"]),
    ],
)
def test_officers_and_officials_are_kept(text: str, kept: list[str]) -> None:
    r = rules(text)
    assert names(r) == []
    for name in kept:
        assert name in r.text


def test_a_party_who_is_also_named_as_officer_stays_a_party() -> None:
    r = rules("执法人员张三、李四到场。", parties=[Party("张三", PERSON)])
    assert names(r) == ["张三"]


def test_the_officer_policy_switch_redacts_officers_too() -> None:
    policy = Policy(actions=Policy.national_default().actions, keep_officer_names=False)
    assert names(rules("本局执法人员程亮、汪敏对当事人进行检查。", policy=policy)) == ["程亮", "汪敏"]


# ------------------------------------------------- 10. one pseudonym per person


def test_one_pseudonym_per_person_across_title_summary_and_text() -> None:
    title = "张大伟销售过期食品案"
    summary = "张大伟"
    text = "当事人张小明和证人张大伟在场，张大伟称张小明先到。"
    results = redact_together([title, summary, text], parties=[Party("张大伟", PERSON)], model=False)
    assert [r.text for r in results] == [
        "张某1销售过期食品案",
        "张某1",
        "当事人张某2和证人张某1在场，张某1称张某2先到。",
    ]
    for original, r in zip([title, summary, text], results, strict=True):
        for s in r.spans:
            assert original[s.start : s.end] == s.original


def test_a_name_read_short_once_keeps_the_full_names_pseudonym() -> None:
    r = rules("证人张三丰称，张三在场。张三丰、李四在场。")
    assert {s.replacement for s in r.spans if s.original.startswith("张")} == {"张某"}
