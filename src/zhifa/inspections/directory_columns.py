"""The columns of a directory file (检查对象名录库) and how each cell is read.

The standard headers are the model's field names in Chinese (统一社会信用代码, 名称, 主体类型, 行业, 所在区划,
住所, 法定代表人, 联系方式, 信用风险分类, 标签, 在册); the English field names are accepted, and so are the
headers of real exports: the 市场主体 registers and the 双随机 systems' 检查对象名录 (企业名称 / 市场主体名称,
统一代码, 统一社会信用代码/注册号, 企业类型 / 市场主体类型, 所属行业, 行政区划 / 所属区域, 住所（经营场所）,
法定代表人（负责人、经营者）, 联系电话, 风险分类, 登记状态 …). Columns such exports carry that the
directory does not keep (注册号, 登记机关, 成立日期, 注册资本, 经营范围 …) are skipped; any other header
is refused, so that a misspelt column is not silently dropped.

Cells with few distinct values (主体类型, 信用风险分类, 所在区划, 在册) are parsed once per distinct value and
cached: at 1,000,000 rows the parse of a row must cost microseconds."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from zhifa.importer.cells import CellProblem, shown, to_text
from zhifa.importer.job import IGNORED_HEADERS, normalize_header
from zhifa.importer.reading import CellValue
from zhifa.inspections.models import CreditClass, TargetKind


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    max_length: int | None = None
    note: str = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "credit_code",
        "统一社会信用代码",
        required=True,
        aliases=(
            "统一代码",
            "信用代码",
            "社会信用代码",
            "统一社会信用代码/注册号",
            "统一社会信用代码（注册号）",
            "uniscid",
            "unicode",
            "uni_code",
        ),
        note="18 位，按 GB 32100-2015 校验两个校验位；15 位注册号不能代替",
    ),
    Column(
        "name",
        "名称",
        required=True,
        aliases=(
            "企业名称",
            "市场主体名称",
            "主体名称",
            "单位名称",
            "检查对象名称",
            "对象名称",
            "企业（机构）名称",
            "名称（字号）",
            "字号名称",
            "entname",
            "ent_name",
        ),
        max_length=200,
    ),
    Column(
        "kind",
        "主体类型",
        aliases=(
            "市场主体类型",
            "企业类型",
            "类型",
            "对象类型",
            "检查对象类型",
            "主体类别",
            "enttype",
            "ent_type",
        ),
        note="企业、个体工商户、农民专业合作社、外国企业常驻代表机构、其他；也接受“有限责任公司”"
        "“个体户”“农专社”等登记类型；为空时按统一社会信用代码第 1-2 位推断（91 企业、92 个体工商户、"
        "93 农民专业合作社，其余为其他）",
    ),
    Column(
        "sector",
        "行业",
        aliases=(
            "所属行业",
            "行业类别",
            "行业门类",
            "行业分类",
            "国民经济行业",
            "国民经济行业分类",
            "industry",
        ),
        max_length=100,
    ),
    Column(
        "region",
        "所在区划",
        required=True,
        aliases=(
            "区划",
            "行政区划",
            "所属区划",
            "区划代码",
            "行政区划代码",
            "所在地区",
            "所属区域",
            "所属地区",
            "所在区域",
            "住所所在行政区划",
            "region_code",
        ),
        note="区划代码，或在行政区划登记簿中唯一的名称（同名时写全称，如“江北市江北区”）",
    ),
    Column(
        "address",
        "住所",
        aliases=("地址", "经营场所", "注册地址", "经营地址", "企业住所", "住所地址", "住所（经营场所）"),
        max_length=300,
    ),
    Column(
        "legal_representative",
        "法定代表人",
        aliases=(
            "法定代表人（负责人、经营者）",
            "负责人",
            "经营者",
            "法定代表人/负责人",
            "法定代表人/经营者",
            "法人代表",
            "投资人",
            "法定代表人姓名",
        ),
        max_length=50,
    ),
    Column(
        "contact", "联系方式", aliases=("联系电话", "电话", "联系人电话", "手机", "手机号码"), max_length=50
    ),
    Column(
        "credit_class",
        "信用风险分类",
        aliases=("风险分类", "信用风险等级", "信用风险分类结果", "分类结果", "风险等级", "信用等级"),
        note="A、B、C、D（也接受“A类”“信用风险低”等），可为空",
    ),
    Column(
        "tags",
        "标签",
        aliases=("其他标签", "监管标签", "标记"),
        max_length=300,
        note="多个标签用、，,；; 或空格分隔，如“经营异常、投诉多”",
    ),
    Column(
        "active",
        "在册",
        aliases=("是否在册", "状态", "登记状态", "经营状态", "企业状态", "存续状态"),
        note="是/否；也接受登记状态（存续、在业、开业为在册；注销、吊销、撤销、迁出为不在册）；为空视为在册",
    ),
)

# Columns of real exports the directory does not keep: skipped, not refused.
SKIPPED_HEADERS = frozenset(
    normalize_header(h)
    for h in (
        "注册号", "登记机关", "管辖单位", "管辖机关", "属地监管所", "成立日期", "核准日期", "注册资本",
        "经营范围", "营业期限自", "营业期限至", "登记日期", "数据来源", "更新日期", "企业类型代码",
    )
) | IGNORED_HEADERS  # fmt: skip

BY_KEY = {c.key: c for c in COLUMNS}


def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for col in COLUMNS:
        for name in (col.header, col.key, *col.aliases):
            table[normalize_header(name)] = col.key
    return table


_HEADER_LOOKUP = _lookup()


def header_key(text: str) -> str | None:
    """The column key of a header, "" for a column that is skipped, None for an unknown one."""
    norm = normalize_header(text)
    if not norm or norm in SKIPPED_HEADERS:
        return ""
    return _HEADER_LOOKUP.get(norm)


# --- cells ---------------------------------------------------------------------------------------------


def text_cell(value: CellValue) -> str:
    """As typed, surrounding whitespace stripped. Not NFKC: 全角 brackets are right in a Chinese name
    (“某某（北京）有限公司”) and must stay as the register writes them."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return to_text(value)


def _nfkc(value: CellValue) -> str:
    return unicodedata.normalize("NFKC", text_cell(value)).strip()


_KIND_ALIASES = {
    "个体户": TargetKind.INDIVIDUAL,
    "个体": TargetKind.INDIVIDUAL,
    "个体工商户": TargetKind.INDIVIDUAL,
    "农专社": TargetKind.COOPERATIVE,
    "合作社": TargetKind.COOPERATIVE,
    "农民专业合作社": TargetKind.COOPERATIVE,
    "农民专业合作社分社": TargetKind.COOPERATIVE,
    "外企代表机构": TargetKind.FOREIGN_OFFICE,
    "外国企业常驻代表机构": TargetKind.FOREIGN_OFFICE,
    "外国(地区)企业常驻代表机构": TargetKind.FOREIGN_OFFICE,
    "常驻代表机构": TargetKind.FOREIGN_OFFICE,
    "公司": TargetKind.ENTERPRISE,
    "企业": TargetKind.ENTERPRISE,
    "企业法人": TargetKind.ENTERPRISE,
    "其他": TargetKind.OTHER,
    "其它": TargetKind.OTHER,
}
for _value, _label in TargetKind.choices:
    _KIND_ALIASES[_label] = TargetKind(_value)
    _KIND_ALIASES[_value] = TargetKind(_value)


def parse_kind(value: CellValue) -> str:
    """主体类型: the directory's five kinds by label or code, the task objects of the 双随机 systems (企业 /
    农专社 / 个体户 / 外企代表机构), or a 登记类型 as registers write it (“有限责任公司（自然人投资或控股）”,
    “个人独资企业”, “合伙企业”, “外国（地区）企业常驻代表机构”)."""
    text = _nfkc(value)
    key = text.lower()
    if key in _KIND_ALIASES:
        return _KIND_ALIASES[key].value
    if "个体" in text:
        return TargetKind.INDIVIDUAL.value
    if "合作社" in text:
        return TargetKind.COOPERATIVE.value
    if "代表机构" in text:
        return TargetKind.FOREIGN_OFFICE.value
    if "公司" in text or "企业" in text or "合伙" in text:
        return TargetKind.ENTERPRISE.value
    allowed = "、".join(str(label) for _, label in TargetKind.choices)
    raise CellProblem(
        f"应为{allowed}之一（或“有限责任公司”“个体户”“农专社”等登记类型），收到“{shown(value)}”"
    )


def kind_from_code(code: str) -> str:
    """GB 32100-2015 positions 1-2: registration authority 9 (市场监管) with category 1 企业,
    2 个体工商户, 3 农民专业合作社."""
    return {"91": TargetKind.ENTERPRISE, "92": TargetKind.INDIVIDUAL, "93": TargetKind.COOPERATIVE}.get(
        code[:2], TargetKind.OTHER
    ).value


_CLASS_WORDS = {"低": "A", "一般": "B", "较高": "C", "高": "D"}
_CLASS_RE = re.compile(r"([ABCD])(?:类|级)?(?:[(（].*[)）])?")


def parse_credit_class(value: CellValue) -> str:
    """信用风险分类: ``A``…``D``, ``A类``, ``A类（信用风险低）``, ``信用风险低`` / ``低风险``; blank is
    unclassified."""
    text = _nfkc(value).upper().replace(" ", "")
    if not text:
        return ""
    match = _CLASS_RE.fullmatch(text)
    if match:
        return match[1]
    for label_code, label in CreditClass.choices:
        if text == _nfkc(label).upper():
            return str(label_code)
    words = text.removeprefix("信用风险").removesuffix("风险").removesuffix("类")
    if words in _CLASS_WORDS:
        return _CLASS_WORDS[words]
    raise CellProblem(f"应为 A、B、C、D 之一（或“A类”“信用风险低”等），收到“{shown(value)}”")


_ACTIVE = {
    "是",
    "在册",
    "y",
    "yes",
    "true",
    "1",
    "存续",
    "在业",
    "开业",
    "正常",
    "存续(在营、开业、在册)",
    "在营",
}
_INACTIVE = {"否", "不在册", "n", "no", "false", "0", "注销", "吊销", "撤销", "迁出", "已注销", "已吊销",
             "吊销,未注销", "吊销未注销", "歇业", "除名"}  # fmt: skip


def parse_active(value: CellValue) -> bool:
    if isinstance(value, bool):
        return value
    text = _nfkc(value).lower().replace("，", ",")
    if not text:
        return True
    if text in _ACTIVE:
        return True
    if text in _INACTIVE:
        return False
    raise CellProblem(f"应填“是”或“否”（或登记状态：存续、在业、注销、吊销等），收到“{shown(value)}”")


_TAG_SPLIT = re.compile(r"[、,，;；\s]+")


def parse_tags(value: CellValue) -> str:
    """标签 stored ``,a,b,`` (so that one tag is a ``contains`` query on ``,a,``), duplicates dropped."""
    text = text_cell(value)
    if not text:
        return ""
    tags = list(dict.fromkeys(t for t in _TAG_SPLIT.split(text) if t))
    return "," + ",".join(tags) + "," if tags else ""


def tag_list(stored: str) -> list[str]:
    return [t for t in stored.split(",") if t]
