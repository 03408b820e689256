"""Text that is never a person's name: document numbers, law titles, organizations' names, product
brands. A person-name candidate lying inside one of these spans is dropped (legal-rules §6.3: 文号,
law names and organizations are published as they are; a business's registered name stays whole
even when it contains a person's name).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import Final

from zhifa.lib.redact._candidates import HAN, is_han, words

# Characters that end the 机关代字 of a document number on its left: function words and verbs that
# introduce it (移送函焦烟移[2023]… keeps only 焦烟移).
_DOCNO_STOP: Final = "的了在和与及或对向从由到把被将给为是称经据按依见于以即系其该本送达作出函书"
# 湘(岳)文执罚网字〔2021〕第012号, 公(治)撤字[2009]第018号, 威自然执(经)罚字〔2024〕4号,
# 湘攸交处罚〔2025〕092(非)号, （三）文罚字〔2019〕-007, 粤环境监测LB字(2019)第147号.
# Found from its bracketed year outwards (a regex tried at every position of a 3 KB text was the
# slowest part of the rules).
_YEAR_BRACKET: Final = re.compile(r"[〔\[【(（]\s?(?:19|20)\d{2}\s?[〕\]】)）]")
_DOCNO_RIGHT: Final = re.compile(
    rf"\s?(?:第\s?)?-?[0-9A-Za-z\-]{{1,20}}(?:\s?[(（][{HAN}]{{1,3}}[)）])?\s?号?"
)


def _docno_char(c: str) -> bool:
    """A character of a 机关代字: Han (not a function word before it) or a Latin letter."""
    return (is_han(c) and c not in _DOCNO_STOP) or (c.isascii() and c.isalpha())


def _docno_spans(view: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _YEAR_BRACKET.finditer(view):
        right = _DOCNO_RIGHT.match(view, m.end())
        if right is None:
            continue
        i = m.start()
        while i > 0 and m.start() - i < 20:
            c = view[i - 1]
            if c in ")）":
                j = max(view.rfind("(", max(0, i - 6), i - 1), view.rfind("（", max(0, i - 6), i - 1))
                if j < 0:
                    break
                i = j
            elif _docno_char(c) or (c.isspace() and m.start() - i == 0):
                i -= 1
            else:
                break
        while i < m.start() and view[i].isspace():
            i += 1
        if i < m.start():
            out.append((i, right.end()))
    return out


# Licence and registration numbers: 吉械注准20172400270, 粤珠械备20160069号, 粤食药监生产许20010407号.
_LICENCE: Final = re.compile(rf"[{HAN}]{{1,12}}(?:准|备|许|字|证)\d{{6,}}号?")
# 《中华人民共和国食品安全法》, 《行政处罚事先（听证）告知书》: titles are never names.
_TITLE: Final = re.compile(r"《[^《》\n]{1,60}》")

# Organizations' names that a text writes itself: an administrative place (市/县/区/镇 …) or a
# brand, then a suffix of a business form. Single-character suffixes (店 厂 行 …) only after a place,
# so that 证人李四到场 (场) or 在张三家的店 stay what they are. 门店 (a shop in general) is no name.
_ORG_CHAR: Final = "[^\\W\\d_的了在和与及或对向从由到把被将给为是称经据按依见于以即系其该某×*Xx]"
_LONG_SUFFIX: Final = (
    "有限责任公司 股份有限公司 有限公司 分公司 公司 合作社 经营部 门市部 商行 商店 超市 便利店 副食品店 "
    "副食店 食品店 大药房 药房 药店 诊所 门诊部 卫生院 卫生室 医院 酒店 酒楼 宾馆 饭店 餐厅 餐馆 面馆 "
    "小吃店 烧烤店 火锅店 网吧 网咖 加工厂 加工坊 工作室 事务所 养殖场 农场 幼儿园 培训学校 学校 "
    "美容院 理发店 汽修厂 修理厂 修理部 综合门市 门市 烟酒店 烟酒商店 五金店 建材店 服装店 水果店"
)
_SHORT_SUFFIX: Final = "店厂行馆坊场社部"
_PLACE: Final = f"{_ORG_CHAR}{{1,8}}?(?:省|市|县|区|旗|镇|乡|街道|村)"
_LONG_ALT: Final = "|".join(sorted(words(_LONG_SUFFIX), key=len, reverse=True))
# Without a place in front, the name before the suffix is short (张三烧烤店, 乐客网吧): a longer run
# would swallow a sentence (黄伟承认乐客网吧).
_ORG: Final = re.compile(
    f"(?:{_PLACE}){{1,3}}{_ORG_CHAR}{{1,12}}?(?:{_LONG_ALT})"
    f"|{_ORG_CHAR}{{1,4}}?(?:{_LONG_ALT})"
    f"|(?:{_PLACE}){{1,3}}{_ORG_CHAR}{{1,10}}?(?<!门)[{_SHORT_SUFFIX}](?![{HAN}])"
)
_PLACE_START: Final = re.compile(_PLACE)
_SUFFIX_HIT: Final = re.compile(
    f"(?:{'|'.join(sorted(words(_LONG_SUFFIX), key=len, reverse=True))})|[{_SHORT_SUFFIX}](?![{HAN}])"
)
_LONG_SUFFIXES: Final = words(_LONG_SUFFIX)

# Brands and products that start with a surname character and recur in decisions (cigarettes above
# all: unlicensed tobacco retail is among the most frequent penalties).
BRANDS: Final = frozenset(
    words(
        """
        白沙 黄金叶 苏烟 黄鹤楼 芙蓉王 红塔山 玉溪 利群 云烟 真龙 凌云 双喜 红双喜 红河 长白山 黄山 好猫
        金丝猴 娇子 贵烟 七匹狼 泰山 将军 哈德门 牡丹 延安 猴王 金圣 石狮 大前门 荷花 庐山 宽窄 天子
        钻石 红金龙 白将 红梅 都宝 阿诗玛 雄狮 王冠 熊猫 中南海 万宝路 蒙牛 伊利 旺仔 娃哈哈 康师傅
        统一 海昌 博士伦 强生 海天 李锦记 老干妈 乐事 农夫山泉 怡宝 雪花 青岛 燕京 茅台 五粮液 汾酒
        煊赫门 炫赫门 细支 中支 金中支 龙凤呈祥 小熊猫 冬虫夏草 黄金叶 帝豪 天叶 乐途 红旗渠 金砖
        """
    )
)


class Protected:
    """Spans of the text that hold no person name (see the module docstring); ``covers(start, end)``
    says whether one of them contains ``[start, end)``."""

    def __init__(self, spans: Iterable[tuple[int, int]], titles: Iterable[tuple[int, int]] = ()) -> None:
        self.spans = sorted(spans)
        self._index = _Cover(self.spans)
        self._titles = _Cover(sorted(titles))

    def covers(self, start: int, end: int, *, titles: bool = True) -> bool:
        """Whether a protected span contains ``[start, end)``; ``titles=False`` leaves titles in
        《》 out (a known person's name in a title is still that person's)."""
        return self._index.covers(start, end) or (titles and self._titles.covers(start, end))


class _Cover:
    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self._starts = [s for s, _ in spans]
        self._max_end: list[int] = []
        best = -1
        for _, e in spans:
            best = max(best, e)
            self._max_end.append(best)

    def covers(self, start: int, end: int) -> bool:
        # Among the spans starting at or before ``start``, the one reaching furthest decides.
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._max_end[i] >= end


def protected(
    view: str,
    orgs: Iterable[str] = (),
    model_orgs: Sequence[tuple[int, int]] = (),
    *,
    persons: Iterable[str] = (),
) -> Protected:
    """What of ``view`` holds no person name: document numbers, titles in 《》, the organizations'
    names given (``orgs``), organizations' names written in the text, and the model's organizations
    (``model_orgs``) when they end like one."""
    spans: list[tuple[int, int]] = []
    titles: list[tuple[int, int]] = []
    if any(b in view for b in "〔[【(（"):
        spans.extend(_docno_spans(view))
    if "《" in view:
        titles.extend(m.span() for m in _TITLE.finditer(view))
    if "自治" in view:
        spans.extend(_autonomous_places(view))
    spans.extend(m.span() for m in _LICENCE.finditer(view))
    orgs = [*orgs, *declared_orgs(view)]
    for org in orgs:
        if len(org) >= 2:
            start = view.find(org)
            while start >= 0:
                spans.append((start, start + len(org)))
                start = view.find(org, start + 1)
    spans.extend(_org_spans(view))
    # A company named after its owner is also written short (…王永利农资销售有限责任公司 -> 王永利农资):
    # the person's name followed by the next two characters of the registered name is the company.
    for person in persons:
        for org in orgs:
            i = org.find(person)
            tail = org[i + len(person) : i + len(person) + 2] if i >= 0 else ""
            if len(tail) == 2:
                short = person + tail
                start = view.find(short)
                while start >= 0:
                    spans.append((start, start + len(short)))
                    start = view.find(short, start + 1)
    for s, e in model_orgs:
        if _ends_like_org(view[s:e]):
            spans.append((s, e))
    return Protected(spans, titles)


# Autonomous areas: a place name, one or more peoples, 自治 and the level (石柱土家族自治县,
# 寻甸回族彝族自治县, 鄂温克族自治旗). The surname detector saw 石柱土 in the first.
_PEOPLES: Final = words(
    """
    蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡
    纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯
    鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各
    """
)
_AUTONOMOUS: Final = re.compile(
    "(?:(?:" + "|".join(sorted(_PEOPLES, key=len, reverse=True)) + ")族?)+自治(?:县|州|旗|区|乡)"
)


def _autonomous_places(view: str) -> list[tuple[int, int]]:
    """Autonomous areas with the two characters of place name before their peoples."""
    out: list[tuple[int, int]] = []
    for m in _AUTONOMOUS.finditer(view):
        start = m.start()
        back = start
        while back > 0 and start - back < 2 and is_han(view[back - 1]):
            back -= 1
        out.append((back, m.end()))
    return out


# The party's own field declares an organization (当事人：云阳伍晓静中西医结合诊所): its name is kept
# wherever the text writes it, even when a person's name is part of it and no place precedes it.
_DECLARED_RE: Final = re.compile(
    r"(?:当事人|被处罚单位|被处罚人|单位名称|企业名称|公司名称)(?:名称|姓名)?"
    r"(?:[(（][^()（）\n]{0,8}[)）]|或姓名|或名称)?[:：][ \t\u3000]*([^\n，,。；;：:（(]{2,40})"
)
_DECLARED_END: Final = re.compile(f"(?:{_LONG_ALT}|中心|卫生室|卫生所|委员会|协会|商会|[{_SHORT_SUFFIX}])$")


def declared_orgs(view: str) -> list[str]:
    """Organizations' names declared in the party's field (see ``_DECLARED_RE``)."""
    out: list[str] = []
    for m in _DECLARED_RE.finditer(view):
        name = m.group(1).strip()
        if len(name) >= 4 and _DECLARED_END.search(name):
            out.append(name)
    return out


def _org_spans(view: str) -> list[tuple[int, int]]:
    """Organizations' names written in the text: the _ORG pattern, tried only in the 40 characters
    before each business suffix (at every position of the text it was slow)."""
    out: set[tuple[int, int]] = set()
    for hit in _SUFFIX_HIT.finditer(view):
        for m in _ORG.finditer(view, max(0, hit.start() - 40), hit.end()):
            if m.end() == hit.end():
                out.add(m.span())
    return sorted(out)


def _ends_like_org(s: str) -> bool:
    return any(s.endswith(x) for x in _LONG_SUFFIXES) or (
        _PLACE_START.match(s) is not None and s[-1:] in _SHORT_SUFFIX
    )
