"""Person names: known parties, names introduced by a context word, and a surname-aware detector.

Three detectors, from the most to the least trusted (see the priorities in ``_candidates``):

1. **Known parties.** Every occurrence of the name of a natural-person party (and of a 个体工商户 whose
   name is a person's name); a minority name written ``阿依古丽·买买提`` also matches its first part.
   Occurrences inside the name of an organization party (``张三烧烤店``) are left alone: the
   registered name of a business is public.
2. **Context words.** ``当事人、法定代表人、负责人、委托代理人、代理人、证人、经营者、投资人、股东、
   联系人、户主、驾驶人`` (and a few more, see ``_CONTEXT_ROLES``), optionally followed by ``：`` / ``:`` /
   ``为`` / ``是`` / ``，``, then a name; after a colon any 2-4 character run ending at a delimiter is taken
   (minority and foreign names have no Han surname), otherwise the name must start with a surname.
   ``证人张三、李四`` yields both names.
3. **Surname detector.** A surname (single, or one of ``FREE_COMPOUND_SURNAMES``) plus one or two
   characters, standing between a left boundary (punctuation, or a cue such as ``顾客``/``员工``/
   ``与``) and a right boundary (punctuation, or a cue such as ``称``/``在``/``的``/``驾驶``), whose
   characters are plausible in a given name, and which is not an ordinary word (``_common_words``:
   王国, 高度, 方面, 黄金, 周年 … from jieba's dictionary). Then every further occurrence of any name
   found by 2. or 3. is taken as well.

Already redacted forms (``张某``, ``张某某``, ``张××``, ``张**``) are never taken for names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from zhifa.lib.redact._candidates import HAN, P_CONTEXT, P_FREE, P_KNOWN, Candidate, is_han, words
from zhifa.lib.redact._common_words import COMMON_WORDS, VERBISH_PREFIXES
from zhifa.lib.redact._model import Party
from zhifa.lib.redact._protect import BRANDS
from zhifa.lib.redact._surnames import COMPOUND_SURNAMES, FREE_COMPOUND_SURNAMES, SINGLE_SURNAMES

# Characters that (practically) never occur in a given name: function words, administrative and
# organizational suffixes, units, verbs of the decision's own vocabulary, redaction marks.
_BAD_GIVEN: Final = frozenset(
    "的了是在和与及或而不也都就还又把被将对向从到于给让由为以之其这那些个们某×*Xx＊"
    "年月日时分秒号元角省市县区镇乡村路街巷组栋幢室楼层户所局厅处科队站店厂司院校场馆部会社团"
    "行业等者面上下内外里证书表格款项件次条说称讲问答叫看听想要能可该须已曾未没无非否并且但因如若则即当自"
    "按据依违规罚查执供辩诉报投举检售销购买卖营办理负责驾驶使用提签认确"
    "吨斤克米共计约余多份台辆张袋箱瓶盒包罐批株头只名位人库费税价额率量数值类型式律例"
    "本府第"
)
# Characters of _BAD_GIVEN that do occur first in a two-character given name (马会军, 张会明) but end
# organizations' names (商会, 协会): allowed there only.
_MIDDLE_OK: Final = frozenset("会如")
# ... unless the two characters are a word of their own (刘如实供述, 王会同检查).
_GIVEN_WORDS: Final = frozenset(
    words("如实 如下 如果 如何 如此 如同 如期 如数 如若 会同 会议 会上 会后 会计 会员 会长")
)
_REDACTED_GIVEN: Final = frozenset("某×*＊Xx")
# Surnames that are far more often function characters (和, 于, 向, 从, 时, 有 …): the surname
# detector takes them only after a role noun (顾客于某某) or before a word cue (。于海洋称).
_WEAK_SURNAMES: Final = frozenset(
    "和于向从时有年那都后相关国元应通全计公能双别言法商空区凡战占原达展代盖查红游权益须养师越利满步终习连边古易"
    "经"
)

_RIGHT_SINGLE: Final = (
    "等在于称说讲系是为的所未已将对向与和及均也又曾因从到无不没处家之以被把给让替帮跟同持共"
)
_RIGHT_WORDS: Final = words(
    """
    表示 承认 陈述 供述 签字 签名 确认 证实 反映 反应 投诉 举报 报称 报警 报案 介绍 提供 出具 驾驶
    经营 负责 从事 先生 女士 同志 夫妇 本人 一人 二人 同意 购买 购进 购得 销售 出售 生产 使用 拒绝
    拒不 申请 放弃 收到 签收 在场 到场 作为 担任 认为 要求 实施 协助 参与 发生 殴打 组织 阻挠 注射
    开具 提交 办理 缴纳 接受 进行 前往 来到 带领 找到 告诉 告知 通过 委托 授权 雇佣 雇用 安排 指使
    私自 擅自 当场 现场 主动 自愿 共同 一起 一同 联系 支付 收取 获得 取得 赔偿 达成 辩称 声称 证明
    未能 无法 不能 没有 入住 居住 户籍 身份 出生 手持 签订 承包 承租 租赁 雇请 聘用 招用 运输 存放
    加工 制作 配药 发货 施工 运维 讲述 交代 交待 供认 证言 询问 笔录 检查 搬运 收购 销毁 清理 整改
    报告 投案 陪同 负责人 经手 送货 收货 核实 指认 辨认 签署 书写 填写 多次 分别 先后 曾经 随后 当即
    立即 配合 上货 收款 当班 记账 正在 值班 看店 帮忙 打工 上班 询问笔录 调查询问 身份证 出资 借用
    利用 违反 调查 带队
    """
)
_RIGHT_RE: Final = re.compile(
    "(?:" + "|".join(sorted(_RIGHT_WORDS, key=len, reverse=True)) + f"|[{_RIGHT_SINGLE}])"
)

# Left cues. Strong ones are role nouns: what follows is a person, so an ordinary word is accepted as
# a name (旅客田野). Weak ones (single function characters) keep every guard.
_STRONG_LEFT: Final = words(
    """
    员工 职工 店员 店长 厨师 顾客 消费者 投诉人 举报人 报案人 受害人 被害人 被侵害人 申请人 第三人
    见证人 陪同人 妻子 丈夫 儿子 女儿 之子 之女 之妻 之夫 其妻 其夫 其子 其女 父亲 母亲 亲属 朋友
    同事 邻居 村民 居民 司机 工人 保安 经理 会计 出纳 店主 老板 业主 租户 房东 承租人 出租人 购买人
    购买者 购房人 收货人 送货员 快递员 工作人员 管理人员 技术人员 从业人员 服务员 营业员 收银员
    销售员 业务员 检验员 质检员 加油员 分拣员 技师 记录人 签收人 受送达人 代收人 乘车人 乘客 旅客
    游客 患者 病人 学生 家长 合伙人 供货商 批发商 供应商 经销商 商户 摊主 货主 车主 船主 环保员
    农技员 网格员 安全员 保洁员 运维人员 主任 队长 组长 班长 村长 执业药师 药师 医师 医生 护士 律师
    厂长 股东 同伴 孙子 孙女 女婿 儿媳 前台 雇员 帮工 学徒 会员 客户 买家 卖家 店小二 网友 徒弟 师傅
    老师 女友 男友 哥哥 弟弟 姐姐 妹妹 外甥 侄子 证人 网管 帮工 相关人 老公 老婆 同案人 被询问人
    现场负责人 负责人 驾驶员 驾驶人 车主 经营者 投资人 法定代表人 户主 村民 其父 其母 之父 之母 表弟
    表哥 表兄 表姐 表妹 堂弟 堂兄 堂姐 堂妹 岳母 公公 婆婆 儿媳 孙子 外孙 侄女 舅舅 叔叔 伯父 姑姑 阿姨
    成员 组员 总指挥 副总指挥 指挥长 联络员 养殖户 农户 承包户 住户 个体户 销售人 出售人 收购人 承运人
    托运人 运输人 原告 上诉人 被上诉人 原审原告
    """
)
# Last characters of role nouns not listed in _STRONG_LEFT (在场人, 求职者, 专员, 食客 …): a weak cue.
_ROLE_END: Final = frozenset("人员者师工主客商长")
_WEAK_LEFT: Final = "与和及向由经据被让叫请派给对同跟替帮或见找问将把称从"
# Verbs after which a person often follows (委托张三驾驶); every guard still applies.
_VERB_LEFT: Final = words(
    """
    委托 雇佣 雇用 聘用 聘请 安排 指使 要求 通知 告知 询问 约谈 联系 找到 交给 付给 转给 卖给 售给
    售予 介绍 帮助 协助 殴打 打伤 咬伤 撞伤 看到 认识 邀请 委派 派遣 授权 陪同 带领 会同 伙同 指派
    借给 租给 转让给 出租给 赔偿 告诉 发现 查获 传唤 抓获
    """
)
# Words that jieba's dictionary tags as person names (nr) but that are ordinary words in decisions.
_EXTRA_COMMON: Final = frozenset(
    words(
        """
    陈述 陈列 陈设 陈旧 明白 文明 许可 查明 安静 安抚 康复 封锁 周转 林立 关怀 原谅 容纳 杜绝 卓越
    晋升 祝贺 蓬勃 满怀 张贴 张开 张罗 张扬 周密 周旋 周全 华丽 麻木 弘扬 陶醉 施政 敬仰 敬畏 敬佩
    任凭 明智 明朗 明文 顾问 顾客 顾忌 齐全 齐声 权威 公正 师傅 范畴 宁可 诸如 荣获 荣誉 荣耀 养老
    通达 高超 高昂 高喊 严正 毋宁 殷勤 时髦 麻醉 空旷 边远 胡说 胡闹 凌辱 宣言 言语 谢谢 祝福 施礼
    胡同 卫星 雷达 阳光 高潮 洪水 凤凰 米粉 胡子 叶子 祖先 祖宗 王朝 王府 高薪 毛巾 盖子 白领 红旗
    沙滩 温泉 庄园 古董 蓝图 钱财 雷声 钟声 燕子 孔雀 桂花 兰花 梅花 杨柳 田园 田野 白云 金山 师生
    师范 白银 金黄 焦黄 白白 徐徐 冷笑 冷汗 武功 和尚 古老 封锁 郎中 元老 史实 史诗 伯父 伯母 伯伯
    祖母 岳父 童子 王子 向东 向西 向南 向北 向前 向阳 高峰 高山 江河 白雪 常青 金城
    依法 依照 依据 依规 多次 立即 随即 当即 未经 已经 尚未 共同
    """
    )
)
_COMMON: Final = COMMON_WORDS | _EXTRA_COMMON | BRANDS
_LEFT_PUNCT_OK: Final = frozenset(
    "，,。.；;：:、！!？?（(）)“”\"'‘’《》〈〉[]【】「」『』—-–…·/ \t\r\n\u3000"
)


def _lookbehind_group(words: Iterable[str]) -> str:
    by_len: dict[int, list[str]] = {}
    for w in words:
        by_len.setdefault(len(w), []).append(re.escape(w))
    return "|".join(f"(?<={'|'.join(sorted(ws))})" for _, ws in sorted(by_len.items(), reverse=True))


_STRONG_LEFT_RE: Final = re.compile(f"(?:{_lookbehind_group(_STRONG_LEFT)})")
_VERB_LEFT_RE: Final = re.compile(f"(?:{_lookbehind_group(_VERB_LEFT)})")
# 从张三处购进: the place of a person.
_FROM_PLACE_RE: Final = re.compile("处|那里|手中|手里|手上|家中|家里")

_SINGLE_CLASS: Final = "".join(sorted(SINGLE_SURNAMES))
_FREE_COMPOUND_ALT: Final = "|".join(sorted(FREE_COMPOUND_SURNAMES))
# A surname at a position where a name may start (the left boundary is checked in Python).
_SURNAME_AT: Final = re.compile(f"(?:{_FREE_COMPOUND_ALT}|[{_SINGLE_CLASS}])(?=[{HAN}])")

_CONTEXT_ROLES: Final = {
    "法定代表人": "legal_representative",
    "法定代理人": "agent",
    "委托代理人": "agent",
    "主要负责人": "legal_representative",
    "现场负责人": "other",
    "实际经营人": "party",
    "实际控制人": "other",
    "被处罚人": "party",
    "被检查人": "party",
    "被询问人": "other",
    "被侵害人": "other",
    "被害人": "other",
    "受害人": "other",
    "当事人": "party",
    "负责人": "legal_representative",
    "代理人": "agent",
    "证人": "witness",
    "经营者": "party",
    "投资人": "legal_representative",
    "股东": "other",
    "联系人": "other",
    "户主": "other",
    "驾驶人": "other",
    "驾驶员": "other",
    "举报人": "other",
    "投诉人": "other",
    "申请人": "party",
    "第三人": "other",
    "监护人": "other",
    "实际所有人": "other",
    "所有人": "other",
    "车主": "other",
    "原告": "party",
    "上诉人": "party",
}


def _spaced(word: str) -> str:
    """A short label as a pattern that also matches it spread out (当 事 人：…), as forms print
    it; longer labels are not spread out in practice (and the alternation stays fast)."""
    if len(word) > 3:
        return re.escape(word)
    return "[ \t\u3000]?".join(re.escape(c) for c in word)


_CONTEXT_RE: Final = re.compile(
    "(?P<cue>"
    + "|".join(_spaced(w) for w in sorted(_CONTEXT_ROLES, key=len, reverse=True))
    # 法定代表人（负责人等）：… — a bracketed qualifier between the cue and its colon
    + r")(?:姓名|名称)?(?:[(（][^()（）\n]{1,12}[)）])?(?P<sep>[:：]|为|是|[，,])?[ \t\u3000]*"
)
# Published tables put the party's name under (or beside) its column label: 违法主体名称⏎米兰,
# 行政相对人名称⏎|⏎胡翠英, 姓名（名称） | 马德福. The cell holds the party whatever it looks like, an
# ordinary word included (米兰).
_TABLE_RE: Final = re.compile(
    r"(?:违法主体名称|行政相对人名称|当事人名称|当事人姓名|被处罚人姓名|被处罚人名称|相对人名称"
    r"|姓名[(（]名称[)）]|姓名)(?:[ \t\u3000]*(?:\n|\|)[\s|]*|[ \t\u3000]{2,})"
)
_CELL_END: Final = frozenset("\n|，,；;（( \t")
_OFFICER_RE: Final = re.compile(
    r"(?:执法检查人员|执法人员|办案人员|承办人员|检查人员|执法员|承办人|办案民警|承办民警|执法民警|民警)"
    r"(?:[:：]|为|是)?[ \t\u3000]*"
)
# A run after a colon that is not a person: organizations, places, placeholders.
_NOT_A_NAME_CHARS: Final = frozenset("公司局店厂省市县区镇乡村路街号室所院校部社行馆场站队会中心")


def _org_chars_in(run: str) -> bool:
    """Whether ``run`` holds a character of organizations and places (会 only at its end: 马会军 is
    a name, 商会 is not)."""
    return any(
        c in _NOT_A_NAME_CHARS and not (c in _MIDDLE_OK and i < len(run) - 1) for i, c in enumerate(run)
    )


_NOT_A_NAME: Final = frozenset(
    words(
        """
        本人 同上 不详 无 略 其他 见上 暂无 未知 空缺 待定
        性别 民族 年龄 住址 地址 电话 职业 职务 名称 姓名 单位
        """
    )
)
_NAME_DELIMS: Final = frozenset("，,。；;、（(）)\n\r\t ：:/")
_ORG_SUFFIX_RE: Final = re.compile(
    r"(?:有限责任公司|股份有限公司|有限公司|公司|合作社|经营部|商行|超市|药房|药店|诊所|门诊部|卫生院|医院|学校|幼儿园"
    r"|酒店|酒楼|宾馆|饭店|餐厅|面馆|餐饮店|小吃店|书店|商店|五金店|美容店|店|厂|场|中心|事务所|集团|协会"
    r"|委员会|银行|加油站|站|部|馆|社|院|所)$"
)


@dataclass(frozen=True, slots=True)
class KnownName:
    name: str
    role: str


def looks_like_person_name(s: str) -> bool:
    """A 2-4 character Han string starting with a surname and without organization suffixes."""
    if not 2 <= len(s) <= 4 or not all(is_han(c) for c in s):
        return False
    if s[0] not in SINGLE_SURNAMES and s[:2] not in COMPOUND_SURNAMES:
        return False
    return not _ORG_SUFFIX_RE.search(s) and not _org_chars_in(s[1:])


def known_names(parties: Sequence[Party]) -> tuple[list[KnownName], list[str]]:
    """(person names to redact, organization names to protect) from the parties."""
    persons: list[KnownName] = []
    orgs: list[str] = []
    for p in parties:
        name = p.name.strip()
        if not name:
            continue
        if p.kind == "natural_person" or (p.kind == "individual_business" and looks_like_person_name(name)):
            if "某" in name:
                continue
            persons.append(KnownName(name, p.role))
            for sep in "·•・‧.":
                if sep in name:
                    first = name.split(sep, 1)[0].strip()
                    if len(first) >= 2:
                        persons.append(KnownName(first, p.role))
                    break
        else:
            orgs.append(name)
            m = re.search(r"经营者[:：]\s*([^）)，,；;\s]{2,8})", name)
            if m:
                persons.append(KnownName(m.group(1), "legal_representative"))
    return persons, orgs


def find_known(view: str, persons: Sequence[KnownName], orgs: Sequence[str]) -> Iterator[Candidate]:
    if not persons:
        return
    protected: list[tuple[int, int]] = []
    for org in orgs:
        start = view.find(org)
        while start >= 0:
            protected.append((start, start + len(org)))
            start = view.find(org, start + 1)
    by_name: dict[str, str] = {}
    for kn in persons:
        by_name.setdefault(_fold_dots(kn.name), kn.role)
    for name, start, end in _occurrences(view, by_name):
        if any(a <= start and end <= b for a, b in protected):
            continue
        yield Candidate(start, end, "person_name", P_KNOWN, "known", by_name[name], name)


def _occurrences(view: str, names: Iterable[str]) -> list[tuple[str, int, int]]:
    """Non-overlapping occurrences of ``names``, longer names first (a handful of names per document:
    ``str.find`` beats compiling an alternation for every document)."""
    taken: list[tuple[str, int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        if not name:
            continue
        start = view.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(a < end and start < b for _, a, b in taken):
                taken.append((name, start, end))
            start = view.find(name, end)
    taken.sort(key=lambda t: t[1])
    return taken


def _fold_dots(name: str) -> str:
    return name.translate({0x2022: 0xB7, 0x30FB: 0xB7, 0x2027: 0xB7, 0xFF65: 0xB7})


def _given_ok(given: str) -> bool:
    if given in _GIVEN_WORDS:
        return False
    return all(
        is_han(c) and (c not in _BAD_GIVEN or (c in _MIDDLE_OK and i < len(given) - 1))
        for i, c in enumerate(given)
    )


_WORD_CUE_RE: Final = re.compile(
    "(?:" + "|".join(sorted(_RIGHT_WORDS, key=len, reverse=True)) + "|[称说等系])"
)


_MULTI_CUE_RE: Final = re.compile(
    "|".join(sorted((w for w in _RIGHT_WORDS if len(w) > 1), key=len, reverse=True))
)
# What only a person does: says, testifies, confesses, signs.
_SAYING_RE: Final = re.compile("称|证实|供述|陈述|承认|签字|签名|辩称|表示|介绍|反映")


def _word_cue_at(view: str, end: int) -> bool:
    """A right cue that is a word (称, 表示, 驾驶 …), not just punctuation or a particle."""
    return _WORD_CUE_RE.match(view, end) is not None


def right_ok(view: str, end: int) -> bool:
    return end >= len(view) or not is_han(view[end]) or _RIGHT_RE.match(view, end) is not None


def _surname_len(view: str, pos: int, compounds: frozenset[str]) -> int:
    if view[pos : pos + 2] in compounds:
        return 2
    return 1 if view[pos : pos + 1] in SINGLE_SURNAMES else 0


def name_at(view: str, pos: int, *, guard: bool, compounds: frozenset[str] = COMPOUND_SURNAMES) -> int:
    """End of a surname-initial name starting at ``pos`` (0 if none): the longest candidate whose
    given name is plausible and which ends at a right boundary; ``guard`` rejects ordinary words."""
    slen = _surname_len(view, pos, compounds)
    if not slen:
        return 0
    for glen in (2, 1):
        end = pos + slen + glen
        if end > len(view):
            continue
        given = view[pos + slen : end]
        if not _given_ok(given) or not right_ok(view, end):
            continue
        if glen == 2 and _MULTI_CUE_RE.match(view, end - 1) and right_ok(view, end - 1):
            continue  # 田野正在搬运, 高峰联系送来: the third character starts a cue word
        if guard and (
            view[pos:end] in _COMMON
            or (glen == 2 and slen == 1 and view[pos : pos + 2] in VERBISH_PREFIXES)
            or view[pos : pos + 2] in BRANDS
            or view[pos : pos + 3] in BRANDS
        ):
            continue
        return end
    return 0


def _is_redacted_at(view: str, pos: int) -> bool:
    slen = _surname_len(view, pos, COMPOUND_SURNAMES) or 1
    return view[pos + slen : pos + slen + 1] in _REDACTED_GIVEN


def _colon_run(view: str, pos: int) -> int:
    """End of a 2-4 character name run (Han and middle dots) right after a colon, or 0."""
    end = pos
    limit = min(len(view), pos + 20)
    while end < limit and (is_han(view[end]) or view[end] == "·"):
        end += 1
    run = view[pos:end]
    if end < len(view) and view[end] not in _NAME_DELIMS:
        return 0
    if "·" in run:
        parts = run.split("·")
        return end if all(1 <= len(p) <= 8 for p in parts) and len(parts) <= 3 else 0
    if not 2 <= len(run) <= 4:
        return 0
    if _org_chars_in(run) or any(c in _REDACTED_GIVEN for c in run) or run in _NOT_A_NAME:
        return 0
    if _ORG_SUFFIX_RE.search(run):
        return 0
    if run in _COMMON and not (end >= len(view) or view[end] in "\n\r，,；;（("):
        return 0  # an ordinary word is the field's value only when the field ends with it (经营者：向东⏎)
    return end


def _names_list(view: str, pos: int, first_end: int) -> Iterator[tuple[int, int]]:
    """The name at ``pos`` and the ones chained to it with 、/和/及/与."""
    yield pos, first_end
    end = first_end
    while end < len(view) and view[end] in "、和及与":
        nxt = end + 1
        if nxt >= len(view) or _is_redacted_at(view, nxt):
            return
        e = name_at(view, nxt, guard=True)
        if not e:
            return
        yield nxt, e
        end = e


def find_context(view: str) -> Iterator[Candidate]:
    for m in _CONTEXT_RE.finditer(view):
        pos = m.end()
        if pos >= len(view) or not is_han(view[pos]) or _is_redacted_at(view, pos):
            continue
        if _ROLE_RUN_RE.match(view, pos):
            continue  # 车主司机端: another role noun, not a name
        role = _CONTEXT_ROLES[re.sub(r"\s", "", m.group("cue"))]
        end = 0
        if m.group("sep") in (":", "：", "为", "是"):
            end = _colon_run(view, pos)
        if not end:
            end = name_at(view, pos, guard=True)
        if not end:
            continue
        end = extend_dotted(view, pos, end)
        for s, e in _names_list(view, pos, end):
            yield Candidate(s, e, "person_name", P_CONTEXT, "context", role, view[s:e])


def find_table_cells(view: str) -> Iterator[Candidate]:
    """The party's name in a published table's cell (see ``_TABLE_RE``)."""
    for m in _TABLE_RE.finditer(view):
        pos = m.end()
        end = pos
        while end < len(view) and end - pos <= 20 and (is_han(view[end]) or view[end] == "·"):
            end += 1
        run = view[pos:end]
        if end < len(view) and view[end] not in _CELL_END:
            continue
        if not (2 <= len(run) <= 4 or ("·" in run and len(run) <= 20)):
            continue
        if _is_redacted_at(view, pos) or _org_chars_in(run) or run in _NOT_A_NAME:
            continue
        if _ORG_SUFFIX_RE.search(run):
            continue
        yield Candidate(pos, end, "person_name", P_CONTEXT, "context", "party", run)


def find_officers(view: str) -> set[str]:
    """Names written right after 执法人员/办案人员 … (kept when the policy says so)."""
    names: set[str] = set()
    for m in _OFFICER_RE.finditer(view):
        pos = m.end()
        if pos >= len(view) or _is_redacted_at(view, pos):
            continue
        end = _officer_name_at(view, pos)
        if end:
            names.update(view[s:e] for s, e in _names_list(view, pos, end))
            names.update(_officers_with_certificates(view, end))
            e = end
            while e < len(view) and view[e] in "、和及与":
                nxt = _officer_name_at(view, e + 1)
                if not nxt:
                    break
                names.add(view[e + 1 : nxt])
                e = nxt
    return names


# A character of _BAD_GIVEN that officers' given names still start with (王和武): after 执法人员 the
# name is known to be one, so only the list's delimiters need to follow it.
_OFFICER_FIRST_OK: Final = frozenset("和会如")


def _officer_name_at(view: str, pos: int) -> int:
    """End of an officer's name at ``pos`` (after 执法人员 or in their list), or 0."""
    end = dotted_end(view, pos) or name_at(view, pos, guard=False)
    if end:
        return end
    slen = _surname_len(view, pos, COMPOUND_SURNAMES)
    end = pos + slen + 2
    if not slen or end > len(view):
        return 0
    given = view[pos + slen : end]
    if (
        given[0] in _OFFICER_FIRST_OK
        and _given_ok(given[1])
        and (end == len(view) or view[end] in "、，,（(于在对")
    ):
        return end
    return 0


def dotted_end(view: str, pos: int) -> int:
    """End of a ·-joined transliterated name starting at ``pos`` (布买热木·吐尔逊), or 0."""
    end = pos
    parts = 0
    while parts < 3:
        start = end
        while end < len(view) and end - start < 8 and view[end] in _TRANSLIT:
            end += 1
        if end - start < 2:
            return 0 if parts < 2 else start - 1
        parts += 1
        if end < len(view) - 2 and view[end] == "·" and view[end + 1] in _TRANSLIT:
            end += 1
            continue
        break
    return end if parts >= 2 else 0


def extend_dotted(view: str, start: int, end: int) -> int:
    """A name cut before a middle dot (艾力 of 艾力·伊敏尼亚孜) extended over the rest of it."""
    if end < len(view) and view[end] == "·" and all(c in _TRANSLIT for c in view[start:end]):
        full = dotted_end(view, start)
        if full > end:
            return full
    return end


# An enforcement certificate number right after an officer's name, in brackets or not
# (温学峰03000121012张琳03000121002, 胡旺林（湘09001700106）).
_CERT_RUN: Final = re.compile(
    r"(?:[，,]?(?:执法证件?号码?|证号)[:：]?)?"
    rf"(?:[(（][^()（）\n]{{0,20}}[)）]|[A-Z{HAN}]?\d{{8,14}})[、，,和及与]?"
)


def _officers_with_certificates(view: str, end: int) -> set[str]:
    """Officers listed after the first one (ending at ``end``), each followed by a certificate
    number: 执法人员温学峰03000121012张琳03000121002 lists two officers."""
    out: set[str] = set()
    for _ in range(6):
        m = _CERT_RUN.match(view, end)
        if m is None or m.end() >= len(view):
            break
        e = dotted_end(view, m.end()) or name_at(view, m.end(), guard=False)
        if not e or _CERT_RUN.match(view, e) is None:
            break
        out.add(view[m.end() : e])
        end = e
    return out


def _left_strength(view: str, pos: int) -> int:
    """2: role noun before (顾客张三), 1: punctuation or a weak cue, 0: inside a word."""
    if pos == 0:
        return 1
    prev = view[pos - 1]
    if prev in _LEFT_PUNCT_OK:
        return 1
    if not is_han(prev):
        return 0
    if _STRONG_LEFT_RE.match(view, pos):
        return 2
    # 应急指挥部成员为杨云霞, 副总指挥为何东升, 专业组成员中有张建: a role noun, then 为/是/有
    if prev in "为是有" and pos >= 3:
        back = pos - 2 if view[pos - 2 : pos] == "中有" else pos - 1
        if _STRONG_LEFT_RE.match(view, back):
            return 2
    if prev == "从":
        end = name_at(view, pos, guard=False)
        if end and _FROM_PLACE_RE.match(view, end):
            return 2
    if _VERB_LEFT_RE.match(view, pos) or prev in _ROLE_END:
        return 1
    if prev in _WEAK_LEFT and view[pos - 1 : pos + 1] not in _COMMON:
        return 1
    return 0


def _relaxed_name_at(view: str, pos: int) -> int:
    """After a role noun (营业员秦雨萱收款): a surname and two plausible given-name characters (or
    one), without a right cue, as long as it is no ordinary word and starts no verb."""
    slen = _surname_len(view, pos, FREE_COMPOUND_SURNAMES)
    if not slen:
        return 0
    for glen in (2, 1):
        end = pos + slen + glen
        if end > len(view) or not _given_ok(view[pos + slen : end]):
            continue
        if (
            view[pos:end] in _COMMON
            or view[pos : pos + 2] in _COMMON
            or view[pos : pos + 2] in VERBISH_PREFIXES
        ):
            return 0
        return end
    return 0


def find_free(view: str) -> Iterator[Candidate]:
    chained = -1  # end of the last name found followed by 、: the next one counts as after a role noun
    for m in _SURNAME_AT.finditer(view):
        pos = m.start()
        strength = 2 if pos == chained + 1 and chained >= 0 else _left_strength(view, pos)
        if not strength or _is_redacted_at(view, pos):
            continue
        if _ROLE_RUN_RE.match(view, pos):
            continue  # 车主司机端APP: a role noun (司机) is no name, even after another one
        end = name_at(view, pos, guard=strength < 2, compounds=FREE_COMPOUND_SURNAMES)
        if end and strength == 2 and view[pos:end] in _COMMON and not _word_cue_at(view, end):
            continue  # 亲属关系, but 旅客田野证实
        if not end and strength == 1 and (pos == 0 or view[pos - 1] in _LEFT_PUNCT_OK):
            # An ordinary word opening a clause and followed by a verb of saying (，田野称货物…)
            # is a person.
            end = name_at(view, pos, guard=False, compounds=FREE_COMPOUND_SURNAMES)
            if end and not (view[pos:end] in _COMMON and _SAYING_RE.match(view, end)):
                end = 0
        if not end and strength == 2:
            end = _relaxed_name_at(view, pos)
        if end and m.group() in _WEAK_SURNAMES:
            # 和, 于, 经 … are far more often words: a right cue is needed, and punctuation on the
            # left unless a role noun stands there (丈夫和申请人 is no name; 顾客于海洋称 is).
            punct_left = pos == 0 or view[pos - 1] in _LEFT_PUNCT_OK
            if not ((punct_left or strength == 2) and _word_cue_at(view, end)):
                continue
        if end and strength < 2 and counted_thing(view, pos, end):
            continue
        if end:
            if end < len(view) and view[end] == "、":
                chained = end
            # "free" after a role noun (its context vouches for it), "guess" after punctuation or a
            # function character (the model may overrule it)
            source = "free" if strength == 2 else "guess"
            yield Candidate(pos, end, "person_name", P_FREE, source, "other", view[pos:end])


# A list of things counted with a classifier other than a person's (抛竿1根、单钩1个; 修山、白竹洲、
# 马迹塘三个水电站): what the list holds are objects or places, not people (人, 名, 位 count those).
_COUNT: Final = (
    "[0-9０-９一二三四五六七八九十两]{1,4}[个只根条把块件台辆盒袋瓶包箱桶斤吨座处家所套副株棵头匹艘]"
)
_COUNT_RE: Final = re.compile(_COUNT + "(?!人)")
_LIST_ITEM_RE: Final = re.compile(rf"[{HAN}]{{1,6}}?(?=[、和及与]|{_COUNT})")


def counted_thing(view: str, start: int, end: int) -> bool:
    """The candidate ``view[start:end]`` is an item of a list of counted things (see ``_COUNT_RE``):
    a count follows it, or follows the 、-list it stands in."""
    pos = end
    for _ in range(8):
        if _COUNT_RE.match(view, pos):
            return True
        if pos >= len(view) or view[pos] not in "、和及与":
            return False
        m = _LIST_ITEM_RE.match(view, pos + 1)
        if m is None:
            return False
        pos = m.end()
    return False


def find_repeats(view: str, names: dict[str, str]) -> Iterator[Candidate]:
    """Every occurrence of already detected names (name -> role); ordinary words need a boundary."""
    if not names:
        return
    for name, start, end in _occurrences(view, names):
        if name in _COMMON and not (_left_strength(view, start) and right_ok(view, end)):
            continue
        yield Candidate(start, end, "person_name", P_FREE, "repeat", names[name], name)


# ------------------------------------------------------------ names without a Han surname, and more

# Characters of transliterated names (Uyghur, Kazakh, Tibetan, Mongolian, foreign): a ·-joined run
# made mostly of them is a person's name even when nothing announces it (帮工阿依古丽·买买提称).
_TRANSLIT: Final = frozenset(
    "阿艾爱安昂奥巴拜班邦包保贝本比别宾波伯布才参查达代丹德迪丁东都杜多厄尔法凡菲费弗福甫嘎盖甘刚戈格根"
    "古故哈海汗罕豪合赫黑亨胡华霍吉加贾杰金卡凯坎康柯科克肯库夸拉莱赖兰朗劳勒雷里力丽利莉连林琳刘龙鲁路"
    "伦罗洛玛马迈麦曼茂梅美蒙米密敏明莫默姆穆纳娜乃奈南尼妮努诺帕潘佩皮普齐奇恰乔钦琴热日如萨塞赛桑瑟沙"
    "莎山珊善尚舍申什史斯松苏索塔泰坦汤唐特提天图托瓦万旺威维温文沃乌吾西希夏辛休雅亚扬耶伊依因尤于玉约"
    "扎泽曾詹仁次仓卓玛央金拉姆措吉扎西多吉尼玛格桑普布顿珠旦增巴桑达瓦买买提艾则孜热合曼吐尔逊阿卜杜"
    "买提肉孜努尔哈力克库尔班古丽帕提麦麦提依明斯琴其木格乌力吉阿拉坦高娃巴图额尔敦苏和朝鲁宝音图雅"
    "香木琼旦曲珍嘎朵罕岩翰逊森顿登恩埃欧治瑞丝蒂芬伯廉尼诺不"
)


def find_dotted(view: str) -> Iterator[Candidate]:
    """·-joined names (阿依古丽·买买提, 约翰·史密斯): the transliteration characters on both sides of
    a middle dot (at least two on each side; a third part is taken the same way)."""
    pos = view.find("·")
    last_end = -1
    while pos >= 0:
        start = pos
        while start > 0 and pos - start < 8 and view[start - 1] in _TRANSLIT:
            start -= 1
        end = pos + 1
        while end < len(view) and end - pos <= 8 and view[end] in _TRANSLIT:
            end += 1
        if pos - start >= 2 and end - pos - 1 >= 2 and start >= last_end:
            # a third part: 阿卜杜拉·买买提·吐尔逊
            while end < len(view) - 2 and view[end] == "·" and view[end + 1] in _TRANSLIT:
                nxt = end + 1
                while nxt < len(view) and nxt - end <= 8 and view[nxt] in _TRANSLIT:
                    nxt += 1
                end = nxt
            # a right cue or punctuation must follow (买买提负责: the run stops at 负? 负 is no
            # transliteration character, so it does)
            yield Candidate(start, end, "person_name", P_FREE + 1, "dotted", "other", view[start:end])
            last_end = end
        pos = view.find("·", max(pos + 1, last_end))


def dotted_short_forms(names: Iterable[str]) -> dict[str, str]:
    """The first part of a ·-joined name (阿依古丽 of 阿依古丽·买买提), used alone later in a text."""
    out: dict[str, str] = {}
    for name in names:
        if "·" in name:
            first = name.split("·", 1)[0]
            if len(first) >= 2:
                out.setdefault(first, name)
    return out


# After a role noun, a name without a Han surname (网管达瓦次仁配合检查, 收银员玉香当班, 母亲央金到场):
# 2-4 characters, no function or suffix character, ending at punctuation or a right cue.
_ROLE_RUN_RE: Final = re.compile(
    "(?P<role>" + "|".join(sorted(_STRONG_LEFT, key=len, reverse=True)) + f")(?=[{HAN}])"
)


def _role_ends(view: str) -> Iterator[int]:
    """Where role nouns end; a role noun overlapping the one found (其母亲: 其母, then 母亲) too."""
    for m in _ROLE_RUN_RE.finditer(view):
        yield m.end()
        again = _ROLE_RUN_RE.match(view, m.start() + 1)
        if again is not None and again.end() > m.end():
            yield again.end()


def find_after_roles(view: str) -> Iterator[Candidate]:
    """Surname-less names of minorities after a role noun. Without a dictionary the rules cannot tell
    丈夫 or 运输 from a name, so the run must be made of transliteration characters (达瓦次仁, 央金,
    玉香); other such names are the model's to find."""
    for pos in _role_ends(view):
        if _is_redacted_at(view, pos):
            continue
        for length in (4, 3, 2):
            end = pos + length
            if end > len(view):
                continue
            run = view[pos:end]
            if not all(is_han(c) for c in run) or run in _COMMON or run in _NOT_A_NAME:
                continue
            if end < len(view) and is_han(view[end]) and _WORD_CUE_RE.match(view, end) is None:
                continue
            if any(c in _NOT_A_NAME_CHARS or c not in _TRANSLIT for c in run):
                continue
            yield Candidate(pos, end, "person_name", P_FREE, "role", "other", run)
            break


_LATIN_AFTER: Final = re.compile(r"\(([A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]*\.?){1,3})\)")


def latin_after(view: str, end: int) -> str:
    """The Latin form in brackets right after a name ending at ``end`` ("" if none)."""
    m = _LATIN_AFTER.match(view, end)
    return m.group(1) if m else ""


def find_latin_forms(view: str, names: Iterable[tuple[int, int]]) -> list[str]:
    """A Latin form written in brackets right after a person's name (约翰·史密斯（John Smith）)."""
    out: list[str] = []
    for _, end in names:
        m = _LATIN_AFTER.match(view, end)
        if m:
            out.append(m.group(1))
    return out


# Officers named with their enforcement certificate (孔浩然（2507103003）, 胡旺林（湘09001700106）,
# 刘立军（R200400178）) or assigned to the case (指定孔浩然、汪春燕负责承办; 指定由谢昌武、唐保成办理).
_CERT_AFTER: Final = re.compile(rf"\((?:执法证号|执法证件号|证号)?[:：]?[A-Z{HAN}]?\d{{8,14}}\)")
_ASSIGNED_RE: Final = re.compile(r"指定(?:由)?")


def find_officers_more(view: str) -> set[str]:
    names: set[str] = set()
    for m in _CERT_AFTER.finditer(view):
        start = m.start()
        for length in (4, 3, 2):
            s = start - length
            if s < 0:
                continue
            if name_at(view, s, guard=False) == start and (
                s == 0 or not is_han(view[s - 1]) or view[s - 1] in "员、和及由与"
            ):
                names.add(view[s:start])
                break
    for m in _ASSIGNED_RE.finditer(view):
        pos = m.end()
        end = name_at(view, pos, guard=False)
        if not end:
            continue
        found = [view[s:e] for s, e in _names_list(view, pos, end)]
        tail = view[end : end + 40]
        if re.match(r"(?:\([^)]{0,20}\))?(?:、|$)", tail) or re.search(r"(?:负责)?(?:承办|办理|调查)", tail):
            names.update(found)
            # names after a certificate bracket in the same list: 指定孔浩然（…）、汪春燕（…）负责承办
            rest = view[end:]
            while True:
                b = _CERT_AFTER.match(rest)
                if not b:
                    break
                rest = rest[b.end() :]
                if not rest.startswith("、"):
                    break
                e = name_at(rest, 1, guard=False)
                if not e:
                    break
                names.add(rest[1:e])
                rest = rest[e:]
    return names | _chained_officers(view, names)


def _chained_officers(view: str, officers: set[str]) -> set[str]:
    """Names listed with 、 next to an officer are officers too (由魏振东、孔浩然当场清点)."""
    out: set[str] = set()
    for name in officers:
        start = view.find(name)
        while start >= 0:
            end = start + len(name)
            if view[end : end + 1] == "、":
                e = name_at(view, end + 1, guard=False)
                if e:
                    out.add(view[end + 1 : e])
            if start > 1 and view[start - 1] == "、":
                for length in (3, 2):
                    s = start - 1 - length
                    if s >= 0 and name_at(view, s, guard=False) == start - 1:
                        out.add(view[s : start - 1])
                        break
            start = view.find(name, end)
    return out - officers


def left_strength(view: str, pos: int) -> int:
    """What stands before ``pos``: 2 a role noun, 1 punctuation or a cue, 0 the inside of a word."""
    return _left_strength(view, pos)


def left_boundary(view: str, pos: int) -> bool:
    """Punctuation, a line break or the start of the text before ``pos``."""
    return pos == 0 or view[pos - 1] in _LEFT_PUNCT_OK


def boundary_ok(view: str, start: int, end: int) -> bool:
    """An ordinary-word name (向东, 田野) counts only between a boundary and a right cue or punctuation
    (向东行驶 is a direction)."""
    return bool(_left_strength(view, start)) and right_ok(view, end)


def is_common_word(name: str) -> bool:
    return name in _COMMON or name in BRANDS


# Officials named with their office (部长 王某某; 法定代表人：魏某某，局长。): public in their office,
# like the officers on a case (legal-rules §6.3).
_OFFICE: Final = (
    "部长|副部长|厅长|副厅长|局长|副局长|主任|副主任|市长|副市长|县长|副县长|区长|副区长|镇长|乡长|处长|科长|"
    "所长|站长|大队长|支队长|总队长|书记|检察长|庭长|审判长|审判员|书记员"
)
_OFFICE_BEFORE_RE: Final = re.compile(f"(?:{_OFFICE})[ \t\u3000]*(?=[{HAN}])")
_OFFICE_AFTER_RE: Final = re.compile(f"[，,][ \t]*(?:{_OFFICE})(?:[。；;，,\n]|$)")


def find_officials(view: str) -> set[str]:
    names: set[str] = set()
    for m in _OFFICE_BEFORE_RE.finditer(view):
        if m.start() > 0 and view[m.start() - 1] in "生":
            continue  # 学生会主席 … no; 生产队长 is no office either
        end = name_at(view, m.end(), guard=False) or _relaxed_name_at(view, m.end())
        if end:
            names.add(view[m.end() : end])
    for m in _OFFICE_AFTER_RE.finditer(view):
        start = m.start()
        for length in (4, 3, 2):
            s = start - length
            if s >= 0 and name_at(view, s, guard=False) == start and (s == 0 or view[s - 1] in ":：\n \t"):
                names.add(view[s:start])
                break
    return names
