"""Benchmark the public portal at 1,000,000 published decisions on PostgreSQL: search and detail pages.

Run from the repository root against a FRESH PostgreSQL database of your own (it refuses a database that
already holds cases or publications unless --force; drop the scratch database afterwards):

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE zhifa_bench_portal"
    export ZHIFA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhifa_bench_portal
    export ZHIFA_VAR_DIR=$(mktemp -d /tmp/bench-portal-XXXX)
    .venv/bin/python bench/bench_portal.py --migrate fill   [--rows 1000000]
    .venv/bin/python bench/bench_portal.py search [--reps 30] [--only 罚 王某 …] [--no-http]
    .venv/bin/python bench/bench_portal.py search --no-selector --no-http --alternatives \
        [--kinds hybrid_probe recent_topk_then_rank …] [--k 20 --probe 4500] [--stats-target 1000] [--rum]
    .venv/bin/python bench/bench_portal.py pages  [--workers 4 --mode processes|threads --duration 30]
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE zhifa_bench_portal"

(`fill` refuses a database that holds cases or publications; `search` and `pages` run only on a
database that `fill` filled — it leaves a marker table `bench_portal_filled` — unless --force.)

Prints one JSON object per line on stdout (progress on stderr); each has "bench", "db" and "load1" (the
1-minute load average while it was measured: this is a shared 2-core machine).

fill     Generates --rows decision texts (200–400 characters, from templates over Zipf-weighted
         vocabularies: a few very common terms — 罚, 当事人, 食品 — and long tails of products, places,
         brand names, surnames, amounts and dates), and loads them with COPY (psycopg cursor.copy) into
         an UNLOGGED staging table together with their publicity.search.tokenize() token strings. Then,
         with the two GIN indexes dropped, one INSERT … SELECT per 100,000 rows copies them into
         publicity_publication (status published) with search_uni/search_bi =
         to_tsvector('simple', tokens) — exactly what search.index() writes — rebuilds the GIN indexes
         (the migration's definitions) and runs VACUUM ANALYZE. Reports each phase's time and the sizes
         (pg_relation_size, pg_indexes_size, pg_total_relation_size).
search   For 1- to 4-character queries, and a few with the portal's filters: the list view's reads in
         process — selectors.public_search(filters=PublicFilters(q=…)), selectors.public_total()
         and the first page of 20 — and HTTP GET /decisions/?q=… against `zhifa serve` (waitress)
         started on 127.0.0.1 by the script, sequentially over one keep-alive connection (plus the
         unfiltered first page, whose count is capped/estimated). Reports hits (COUNT of matches), the
         plan search.search() chose (rank_all / newest; how: window / candidates) with the planner's
         estimate that chose it, p50, p95, QPS (sequential) and the first (cold-ish) run, then
         EXPLAIN (ANALYZE, BUFFERS) of every statement the product ran for the --explain slowest
         queries. Target p95 <= 50 ms for every length.
         --alternatives times query shapes as plain SQL on the same columns (diagnostics; the product
         is search.search()): recent_only (newest 20 matches, no ranking), recent_topk_then_rank
         (newest 1000 matches ranked), cutoff_1y_ranked (ranking every match of the last year),
         hybrid_probe (the prototype of what search.search() now does: rank all matches when the
         per-lexeme estimate is below --probe, else rank the newest --k), rum_rank (--rum: builds RUM
         indexes — apt-get install postgresql-15-rum — and orders by <=> from the index).
         --stats-target sets the tsvector columns' statistics target on the scratch database first
         (migration publicity 0003 sets 1000; this overrides it for experiments).
         The scratch database keeps what these add (RUM indexes, statistics target).
pages    Starts --workers waitress servers (`zhifa serve --threads 1` on free ports; or one
         `zhifa serve --threads N` with --mode threads) on 127.0.0.1 and loads GET /decisions/<id>/ with
         random published ids for --duration (<= 60) seconds using wrk (apt-get install wrk; one wrk
         per server sharing --connections), reporting requests/s and latency percentiles (the worst
         wrk's). Target >= 300 pages/s. The servers are stopped by their pid when done.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import hashlib
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import _common
from _common import ROOT

_common.bootstrap()

OUT = _common.Output("bench_portal")
emit, progress = OUT.emit, OUT.progress
MARKER = "bench_portal_filled"


def summary(values_ms: list[float], prefix: str = "") -> dict[str, float]:
    return _common.summary(values_ms, prefix, count=True, mean=False, qps=True)


# --------------------------------------------------------------------------- setup


def setup(args: argparse.Namespace) -> None:
    _common.django_setup(
        OUT,
        migrate=args.migrate,
        vendor="postgresql",
        vendor_hint="bench_portal is for PostgreSQL: set ZHIFA_DATABASE_URL to a scratch database of "
        "your own",
    )
    from django.db import connection

    from zhifa.cases.models import Case
    from zhifa.publicity.models import Publication

    filled = _marker_exists()
    busy = Case.objects.exists() or Publication.objects.exists()
    if args.bench == "fill":
        _common.refuse_unless_scratch(OUT, "cases or publications" if busy else "", force=args.force)
    elif busy and not filled and not args.force:
        OUT.refuse("refusing to run: this database was not filled by `bench_portal.py fill` (or --force)")
    emit(
        "machine",
        python=platform.python_version(),
        cpus=os.cpu_count(),
        database=str(connection.settings_dict["NAME"]),
        server_version=connection.pg_version,
        settings=_pg_settings(),
    )


def _marker_exists() -> bool:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT to_regclass(%s) IS NOT NULL", [MARKER])
        return bool(c.fetchone()[0])


def _pg_settings() -> dict[str, str]:
    from django.db import connection

    names = [
        "shared_buffers",
        "work_mem",
        "maintenance_work_mem",
        "effective_cache_size",
        "jit",
        "max_parallel_workers_per_gather",
        "gin_fuzzy_search_limit",
    ]
    with connection.cursor() as c:
        c.execute("SELECT name, setting || coalesce(unit, '') FROM pg_settings WHERE name = ANY(%s)", [names])
        return dict(c.fetchall())


# --------------------------------------------------------------------------- text generation


def _zipf(items: Sequence[str], s: float = 1.1) -> tuple[Sequence[str], list[float]]:
    weights = [1 / (k + 1) ** s for k in range(len(items))]
    total, cum = 0.0, []
    for w in weights:
        total += w
        cum.append(total)
    return items, cum


# Surnames with roughly their share of the population (公安部 2020 ranking), the rest in a long tail.
SURNAMES_TOP = [
    ("王", 7.1),
    ("李", 7.0),
    ("张", 6.7),
    ("刘", 5.4),
    ("陈", 4.5),
    ("杨", 3.1),
    ("黄", 2.2),
    ("赵", 2.0),
    ("吴", 1.9),
    ("周", 1.8),
    ("徐", 1.4),
    ("孙", 1.4),
    ("马", 1.2),
    ("朱", 1.2),
    ("胡", 1.1),
    ("郭", 1.1),
    ("何", 1.0),
    ("林", 1.0),
    ("高", 1.0),
    ("罗", 0.9),
]
SURNAMES_TAIL = (
    "郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方"
    "白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红建国志文斌辉宇浩鑫鹏飞波俊峰凯"
    "琳晨佳欣怡雪梅燕婷倩丹宁晓春亮海龙云林森荣彬健坤帆旭阳晖琦瑶璐颖瑾诚毅"
)
BRAND = (
    "鑫源恒盛泰丰华达宏福隆昌兴荣祥瑞德顺和康安嘉美佳新金银海天宝通利明辉龙凤永佰汇诚信"
    "益万豪聚鼎创锦绿洲博远腾飞骏驰伟业宇晟东方南北星月阳光蓝图百川千禧君越江河山湖"
)
INDUSTRY = [
    "食品",
    "餐饮",
    "商贸",
    "超市",
    "农产品",
    "药房",
    "贸易",
    "服装",
    "五金",
    "建材",
    "电器",
    "酒业",
    "水产",
    "肉类",
    "粮油",
    "烟酒",
    "日用品",
    "化妆品",
    "母婴用品",
    "医疗器械",
    "家具",
    "汽车维修",
    "网络科技",
]
FORMS = ["有限公司", "有限公司", "有限公司", "商行", "经营部", "店", "超市", "门市部"]
COUNTIES = [
    "江北区",
    "临江县",
    "城南区",
    "城东区",
    "开发区",
    "高新区",
    "滨海新区",
    "青山区",
    "西湖区",
    "白云区",
]
ROAD_CHARS = "解放人民中山建设和平胜利新华文化幸福东风团结朝阳光明长江黄河青年工业学府滨江环城迎宾"

VIOLATIONS = _zipf(
    [
        "销售不符合食品安全标准的食品",
        "未取得营业执照擅自从事经营活动",
        "经营超过保质期的食品",
        "发布虚假广告",
        "未按规定明码标价",
        "使用未经检定的计量器具",
        "销售不合格产品",
        "未建立并遵守进货查验记录制度",
        "从业人员未取得健康证明从事接触直接入口食品的工作",
        "销售侵犯注册商标专用权的商品",
        "价格欺诈",
        "未取得食品经营许可从事食品经营活动",
        "生产经营标签不符合规定的预包装食品",
        "对商品作虚假或者引人误解的商业宣传",
        "未按规定公示营业执照信息",
        "经营病死、毒死或者死因不明的禽畜肉类",
        "特种设备未经定期检验继续使用",
        "销售未经注册的医疗器械",
        "未凭处方销售处方药",
        "经营未备案的化妆品",
        "在网络交易中未公示经营者身份信息",
        "拒绝、阻碍市场监督管理部门依法实施监督检查",
        "不按规定报送年度报告",
        "销售掺杂掺假的商品",
        "生产不符合强制性国家标准的电动自行车",
        "销售无中文标签的进口食品",
        "违规使用食品添加剂",
        "提供虚假材料取得许可",
        "伪造产品产地",
        "擅自改变登记事项",
        "收取不合理费用",
        "商业贿赂",
        "利用格式条款侵害消费者权益",
        "出租、出借营业执照",
        "在食品中添加药品",
        "未履行缺陷产品召回义务",
    ],
    1.05,
)
PRODUCTS = _zipf(
    [
        "猪肉",
        "大米",
        "食用油",
        "白酒",
        "蔬菜",
        "牛奶",
        "面包",
        "饮料",
        "月饼",
        "鸡蛋",
        "水产品",
        "奶粉",
        "熟食",
        "糕点",
        "茶叶",
        "调味品",
        "速冻饺子",
        "火腿肠",
        "辣条",
        "酱油",
        "啤酒",
        "矿泉水",
        "保健食品",
        "口罩",
        "电线电缆",
        "燃气灶",
        "电动自行车",
        "儿童玩具",
        "化妆品",
        "洗发水",
        "防晒霜",
        "助听器",
        "血压计",
        "眼镜",
        "服装",
        "鞋子",
        "插座",
        "充电宝",
        "安全帽",
        "灭火器",
        "化肥",
        "农药",
        "种子",
        "钢筋",
        "水泥",
        "涂料",
        "瓷砖",
        "轮胎",
        "润滑油",
        "汽油",
        "柴油",
        "液化石油气",
        "煤炭",
        "香烟",
        "红酒",
        "蜂蜜",
        "枸杞",
        "人参",
        "燕窝",
        "阿胶",
        "海参",
        "牛肉干",
        "羊肉串",
        "小龙虾",
        "螺蛳粉",
        "豆腐",
        "粉条",
        "腐竹",
        "花生油",
        "芝麻酱",
        "方便面",
        "饼干",
        "巧克力",
        "冰淇淋",
        "酸奶",
        "果汁",
        "咖啡",
        "婴儿米粉",
        "纸尿裤",
        "奶瓶",
        "电热毯",
        "暖手宝",
        "吹风机",
        "电饭煲",
        "压力锅",
        "热水器",
        "空调",
        "冰箱",
        "洗衣机",
        "电视机",
    ],
    1.0,
)
LAWS = _zipf(
    [
        ("中华人民共和国食品安全法", 34, 124),
        ("中华人民共和国广告法", 28, 55),
        ("中华人民共和国价格法", 14, 40),
        ("中华人民共和国产品质量法", 13, 49),
        ("中华人民共和国计量法", 9, 26),
        ("无证无照经营查处办法", 2, 13),
        ("中华人民共和国反不正当竞争法", 8, 20),
        ("中华人民共和国商标法", 57, 60),
        ("中华人民共和国药品管理法", 55, 126),
        ("医疗器械监督管理条例", 55, 86),
        ("化妆品监督管理条例", 29, 60),
        ("中华人民共和国特种设备安全法", 40, 84),
        ("中华人民共和国电子商务法", 15, 76),
        ("中华人民共和国消费者权益保护法", 20, 56),
        ("明码标价和禁止价格欺诈规定", 5, 21),
    ],
    1.0,
)
EVIDENCE = [
    "现场检查笔录",
    "询问笔录",
    "检验报告",
    "进货单据",
    "销售记录",
    "照片",
    "视频资料",
    "营业执照复印件",
    "当事人身份证明",
    "抽样检验结果通知书",
    "扣押物品清单",
    "证人证言",
    "电子数据",
    "价格标签",
    "广告宣传资料",
]
LENIENCE = [
    "",
    "",
    "",
    "鉴于当事人积极配合调查，主动消除违法行为危害后果，依法从轻处罚，",
    "鉴于当事人系初次违法且违法行为轻微，依法减轻处罚，",
    "综合考虑违法行为的事实、性质、情节和社会危害程度，",
]
TEST_ITEMS = ["菌落总数", "大肠菌群", "铅", "酸价", "过氧化值", "标签标识", "净含量"]
REVIEW_ORGANS = ["江北市人民政府", "示范省市场监督管理局", "江北市市场监督管理局"]


def _pick(rng: random.Random, zipf: tuple[Sequence[Any], list[float]]) -> Any:
    items, cum = zipf
    return items[bisect.bisect_left(cum, rng.random() * cum[-1])]


def _surname(rng: random.Random) -> str:
    r = rng.random() * 100
    acc = 0.0
    for s, share in SURNAMES_TOP:
        acc += share
        if r < acc:
            return s
    return rng.choice(SURNAMES_TAIL)


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def decision(rng: random.Random, serial: int, agency_name: str, abbr: str, decided: date) -> dict[str, str]:
    """One decision: original and redacted text, title, party and penalty lines."""
    violation = _pick(rng, VIOLATIONS)
    product = _pick(rng, PRODUCTS)
    law, art1, art2 = _pick(rng, LAWS)
    county = rng.choice(COUNTIES)
    road = "".join(rng.sample(ROAD_CHARS, 2)) + rng.choice(["路", "街", "大道", "巷"])
    addr = f"{county}{road}{rng.randint(1, 999)}号"
    act = decided - timedelta(days=rng.randint(20, 200))
    natural = rng.random() < 0.4
    if natural:
        surname = _surname(rng)
        given = "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))
        real, shown = surname + given, surname + "某" * (1 + (len(given) > 1))
        shop = "".join(rng.sample(BRAND, 2)) + rng.choice(
            ["小吃店", "便利店", "批发部", "水果店", "烟酒店", "粮油店"]
        )
        who_orig = f"当事人：{real}（{shop}经营者），住所：{addr}。"
        who_red = f"当事人：{shown}（{shop}经营者），住所：{county}××。"
    else:
        real = shown = (
            f"{rng.choice(['江北市', '示范省', ''])}{''.join(rng.sample(BRAND, 2))}"
            f"{rng.choice(INDUSTRY)}{rng.choice(FORMS)}"
        )
        rep = _surname(rng) + "".join(rng.choices(GIVEN, k=2))
        code = f"91990100MA{rng.randrange(16**8):08X}"
        who_orig = f"当事人：{real}，统一社会信用代码：{code}，住所：{addr}，法定代表人：{rep}。"
        who_red = f"当事人：{real}，统一社会信用代码：{code}，住所：{addr}，法定代表人：{rep[0]}某某。"
    value = rng.choice([rng.randint(50, 999), rng.randint(1000, 20000), rng.randint(100, 5000)])
    fine = rng.choice([500, 1000, 2000, 3000, 5000, 10000, 20000, 30000, 50000, 100000]) * rng.choice(
        (1, 1, 2, 3)
    )
    confiscate = rng.random() < 0.4
    income = rng.randint(100, 9000)
    evidence = "、".join(rng.sample(EVIDENCE, rng.randint(2, 5)))
    penalty = f"罚款人民币{fine}元" + (f"，没收违法所得人民币{income}元" if confiscate else "")
    qty = rng.randint(2, 500)
    unit = rng.choice(["件", "箱", "公斤", "瓶", "袋", "台", "盒"])
    facts = rng.choice(
        [
            f"经查，当事人自{_cn_date(act)}起在{county}{road}经营场所{violation}，涉及{product}{qty}{unit}，货值金额{value}元",
            f"{_cn_date(act)}，执法人员对当事人经营场所进行检查，发现当事人{violation}，现场查获{product}{qty}{unit}，货值金额共计{value}元",
            f"根据群众举报，本局于{_cn_date(act)}依法对当事人进行检查。经查，当事人{violation}，涉案{product}{qty}{unit}，违法所得{income}元",
        ]
    )
    extra = rng.choice(
        [
            "",
            f"经抽样检验，涉案{product}的{rng.choice(TEST_ITEMS)}项目不符合标准要求。",
            "当事人在规定期限内未提出陈述、申辩意见。",
            f"当事人提出陈述申辩意见称系初次违法，本局经复核后{rng.choice(['部分采纳', '不予采纳'])}。",
        ]
    )
    number = f"{abbr}罚〔{decided.year}〕{serial}号"
    pay = rng.choice(["", "当事人应当自收到本决定书之日起十五日内缴纳罚款。"])
    body = (
        f"{facts}。{extra}上述事实有{evidence}等证据为证。当事人的行为违反了《{law}》第{art1}条，"
        f"依据《{law}》第{art2}条，{rng.choice(LENIENCE)}决定{penalty}。{pay}如不服本决定，可在六十日内向"
        f"{rng.choice(REVIEW_ORGANS)}申请行政复议或者在六个月内向"
        f"{rng.choice(['江北区人民法院', '临江县人民法院', '江北市中级人民法院'])}提起行政诉讼。"
    )
    title = violation
    return {
        "decision_number": number,
        "title": title,
        "party_display": shown,
        "penalty_display": ("罚款；没收违法所得" if confiscate else "罚款") + f"，罚款{fine}元",
        "original_text": f"{agency_name}\n行政处罚决定书\n{number}\n{who_orig}\n{body}\n{_cn_date(decided)}",
        "redacted_text": f"{agency_name}\n行政处罚决定书\n{number}\n{who_red}\n{body}\n{_cn_date(decided)}",
    }


# --------------------------------------------------------------------------- fill


def _defaulted_columns() -> list[tuple[str, Any]]:
    """The publication table's NOT NULL columns that the COPY does not fill, with their model default as
    the database value. The search vectors are filled by the INSERT itself."""
    from django.db import connection
    from django.db.models import NOT_PROVIDED

    from zhifa.publicity.models import Publication

    out: list[tuple[str, Any]] = []
    for f in Publication._meta.concrete_fields:
        if f.primary_key or f.null or f.column in COLUMNS or f.column in ("search_uni", "search_bi"):
            continue
        if f.default is NOT_PROVIDED and not (
            f.blank and f.get_internal_type() in ("CharField", "TextField")
        ):
            OUT.refuse(
                f"bench_portal fill: Publication.{f.name} is NOT NULL with no default; add it to COLUMNS"
            )
        out.append((f.column, f.get_db_prep_save(f.get_default(), connection)))
    return out


COLUMNS = [
    "agency_id",
    "kind",
    "decision_number",
    "decided_on",
    "title",
    "party_display",
    "penalty_display",
    "region_path",
    "original_text",
    "redacted_text",
    "spans",
    "adjustments",
    "status",
    "suppressed_reason",
    "due_on",
    "provisional_due",
    "published_on",
    "display_until",
    "withdraw_reason",
    "public_notice",
    "version",
    "sha256",
    "search_tokens",
]


def _agencies() -> list[tuple[int, str, str, str]]:
    """A dozen market-regulation agencies in the test world's city and counties: (id, name, abbr, path)."""
    from zhifa.organizations.models import Region
    from zhifa.organizations.services import region_create
    from zhifa.testing import make_agency, make_world

    w = make_world()
    out = [(w.agency_a.pk, w.agency_a.name, "江北市监", w.agency_a.region.path)]
    for k, county in enumerate(COUNTIES):
        region = Region.objects.filter(name=county).first() or region_create(
            code=f"9901{30 + k:02d}", name=county, level="county", parent=w.city, actor=None
        )
        agency = make_agency(name=f"江北市{county}市场监督管理局", region=region)
        out.append((agency.pk, agency.name, f"江{county[:2]}市监", region.path))
    return out


def bench_fill(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.utils import timezone

    from zhifa.publicity.search import tokenize
    from zhifa.publicity.services import public_text

    rng = random.Random(args.seed)
    agencies = _agencies()
    agency_w = _zipf([a for a in agencies], 0.8)
    today = timezone.localdate()
    connection.ensure_connection()
    pg = connection.connection
    pg.autocommit = True
    cur = pg.cursor()
    cur.execute("DROP TABLE IF EXISTS bench_portal_stage")
    cur.execute(
        "CREATE UNLOGGED TABLE bench_portal_stage (n bigserial, "
        + ", ".join(f"{c} text" for c in COLUMNS)
        + ", uni text, bi text)"
    )
    progress(f"generate + tokenize + COPY {args.rows} rows into the UNLOGGED staging table")
    t0 = time.perf_counter()
    gen_s = tok_s = 0.0
    serials: dict[int, int] = {}
    chars = 0

    class _Agency:  # what services.public_text() reads of pub.agency
        def __init__(self, name: str) -> None:
            self.name = name

    class _Pub:
        pass

    with cur.copy(f"COPY bench_portal_stage ({', '.join(COLUMNS)}, uni, bi) FROM STDIN") as copy:
        for i in range(args.rows):
            g = time.perf_counter()
            agency_id, name, abbr, path = _pick(rng, agency_w)
            decided = today - timedelta(days=int(rng.random() ** 1.3 * 3 * 365) + 3)
            serials[agency_id] = serials.get(agency_id, 0) + 1
            d = decision(rng, serials[agency_id], name, abbr, decided)
            published = decided + timedelta(days=rng.randint(1, 7))
            pub = _Pub()
            pub.__dict__.update(d)
            pub.agency = _Agency(name)
            text = public_text(pub)  # the same text approve_and_publish() indexes
            t = time.perf_counter()
            gen_s += t - g
            tokens = tokenize(text)
            tok_s += time.perf_counter() - t
            chars += len(d["redacted_text"])
            copy.write_row(
                (
                    agency_id,
                    "penalty",
                    d["decision_number"],
                    decided,
                    d["title"],
                    d["party_display"],
                    d["penalty_display"],
                    path,
                    d["original_text"],
                    d["redacted_text"],
                    "[]",
                    "[]",
                    "published",
                    "",
                    decided + timedelta(days=7),
                    False,
                    published,
                    published + timedelta(days=3 * 365),
                    "",
                    False,
                    1,
                    hashlib.sha256(d["redacted_text"].encode()).hexdigest(),
                    "",
                    tokens.uni,
                    tokens.bi,
                )
            )
            if (i + 1) % 100_000 == 0:
                progress(f"  {i + 1} rows ({time.perf_counter() - t0:.0f} s)")
    copy_s = time.perf_counter() - t0
    emit(
        "fill.copy",
        rows=args.rows,
        mean_redacted_chars=round(chars / args.rows, 1),
        generate_s=round(gen_s, 1),
        tokenize_s=round(tok_s, 1),
        copy_total_s=round(copy_s, 1),
    )

    progress("INSERT … SELECT with to_tsvector, GIN indexes dropped")
    cur.execute("DROP INDEX IF EXISTS publicity_search_uni")
    cur.execute("DROP INDEX IF EXISTS publicity_search_bi")
    t1 = time.perf_counter()
    cols = ", ".join(COLUMNS)
    casts = {
        "agency_id": "::bigint",
        "decided_on": "::date",
        "due_on": "::date",
        "published_on": "::date",
        "display_until": "::date",
        "provisional_due": "::boolean",
        "public_notice": "::boolean",
        "version": "::smallint",
    }
    select = ", ".join(f"{c}{casts.get(c, '')}" for c in COLUMNS)
    # Every other NOT NULL column gets its model default, so that a column added later does not break
    # the fill (it did once: withdraw_cause); a NOT NULL column with no default is named and refused.
    extra = _defaulted_columns()
    if extra:
        cols += ", " + ", ".join(c for c, _ in extra)
        select += ", " + ", ".join("%s" for _ in extra)
    step = 100_000
    for lo in range(1, args.rows + 1, step):
        cur.execute(
            f"INSERT INTO publicity_publication ({cols}, search_uni, search_bi) "
            f"SELECT {select}, to_tsvector('simple', uni), to_tsvector('simple', bi) "
            f"FROM bench_portal_stage WHERE n >= %s AND n < %s ORDER BY n",
            [*(v for _, v in extra), lo, lo + step],
        )
        progress(f"  inserted {min(lo + step - 1, args.rows)} ({time.perf_counter() - t1:.0f} s)")
    insert_s = time.perf_counter() - t1

    progress("CREATE the GIN indexes (the migration's definitions)")
    t2 = time.perf_counter()
    cur.execute("CREATE INDEX publicity_search_uni ON publicity_publication USING GIN (search_uni)")
    uni_s = time.perf_counter() - t2
    cur.execute("CREATE INDEX publicity_search_bi ON publicity_publication USING GIN (search_bi)")
    bi_s = time.perf_counter() - t2 - uni_s
    cur.execute("DROP TABLE bench_portal_stage")
    t3 = time.perf_counter()
    cur.execute("VACUUM ANALYZE publicity_publication")
    vacuum_s = time.perf_counter() - t3
    cur.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (rows bigint, filled_at timestamptz DEFAULT now())")
    cur.execute(f"INSERT INTO {MARKER} (rows) VALUES (%s)", [args.rows])
    emit(
        "fill",
        rows=args.rows,
        insert_select_tsvector_s=round(insert_s, 1),
        gin_uni_build_s=round(uni_s, 1),
        gin_bi_build_s=round(bi_s, 1),
        vacuum_analyze_s=round(vacuum_s, 1),
        total_s=round(time.perf_counter() - t0, 1),
        **sizes(),
    )


def sizes() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(
            "SELECT pg_size_pretty(pg_relation_size('publicity_publication')), "
            "pg_size_pretty(pg_total_relation_size('publicity_publication')), "
            "pg_size_pretty(pg_indexes_size('publicity_publication')), "
            "pg_size_pretty(pg_relation_size('publicity_search_uni')), "
            "pg_size_pretty(pg_relation_size('publicity_search_bi')), "
            "(SELECT pg_size_pretty(pg_relation_size(reltoastrelid)) FROM pg_class "
            " WHERE relname = 'publicity_publication')"
        )
        r = c.fetchone()
    return {
        "table_size": r[0],
        "toast_size": r[5],
        "total_size": r[1],
        "indexes_size": r[2],
        "gin_uni_size": r[3],
        "gin_bi_size": r[4],
    }


# --------------------------------------------------------------------------- servers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def servers(count: int, threads: int, overrides: dict[str, int] | None = None) -> Iterator[list[int]]:
    """`zhifa serve` processes on 127.0.0.1 (same environment as this script); stopped by their pid.
    ``overrides``: Django settings for the servers, through a settings module that imports the
    product's and sets them."""
    exe = str(ROOT / ".venv" / "bin" / "zhifa")
    if not os.path.exists(exe):
        exe = shutil.which("zhifa") or exe
    procs, ports = [], []
    logdir = Path(tempfile.mkdtemp(prefix="bench-portal-serve-"))
    env = dict(os.environ)
    if overrides:
        lines = ["from zhifa.settings import *  # noqa: F403"]
        lines += [f"{k} = {v!r}" for k, v in overrides.items()]
        (logdir / "bench_portal_settings.py").write_text("\n".join(lines) + "\n")
        env["DJANGO_SETTINGS_MODULE"] = "bench_portal_settings"
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(logdir), env.get("PYTHONPATH", "")) if p)
    try:
        for _ in range(count):
            port = _free_port()
            with open(logdir / f"serve-{port}.log", "wb") as log:  # the child keeps its own descriptor
                procs.append(
                    subprocess.Popen(
                        [exe, "serve", "--host", "127.0.0.1", "--port", str(port), "--threads", str(threads)],
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        env=env,
                    )
                )
            ports.append(port)
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"server on {port} did not start (see {logdir})") from None
                    time.sleep(0.2)
        progress(f"{count} server(s) × {threads} thread(s) on ports {ports} (logs in {logdir})")
        yield ports
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


class Http:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path: str) -> tuple[int, bytes]:
        self.conn.request("GET", path)
        r = self.conn.getresponse()
        return r.status, r.read()


# --------------------------------------------------------------------------- search

QUERIES = [
    # (length, query, note)
    (1, "罚", "in every decision"),
    (1, "王", "commonest surname"),
    (1, "鳖", "rare / absent character"),
    (2, "食品", "very common word"),
    (2, "王某", "redacted natural-person name"),
    (2, "口罩", "mid-frequency word (~0.8%)"),
    (2, "燕窝", "rare product"),
    (3, "营业执", "prefix of 营业执照"),
    (3, "螺蛳粉", "rare product"),
    (4, "食品安全", "common phrase"),
    (4, "明码标价", "mid-frequency phrase"),
]

# The same search with the portal's filters (applied inside search.search on PostgreSQL): (query,
# filter name, note). The filter values are worked out from the filled data (see _filter_cases).
FILTERED = [
    ("食品", "smallest_agency", "very common word, smallest agency"),
    ("口罩", "smallest_agency", "mid-frequency word, smallest agency"),
    ("食品", "last_30_days", "very common word, decided in the last 30 days"),
    ("食品", "a_year_ago", "very common word, decided in one month a year ago"),
    ("罚", "last_30_days", "in every decision, decided in the last 30 days"),
]


def _hits(q: str) -> int:
    from django.db import connection

    from zhifa.publicity.search import _query_parts

    parts = _query_parts(q)
    where = " AND ".join(f"search_{col} @@ phraseto_tsquery('simple', %s)" for col, _ in parts)
    with connection.cursor() as c:
        c.execute(
            f"SELECT count(*) FROM publicity_publication WHERE {where}", [" ".join(t) for _, t in parts]
        )
        return int(c.fetchone()[0])


def _explain(sql: str, params: list[Any] | None) -> list[str]:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return [r[0] for r in c.fetchall()]


def _timed(fn: Any, reps: int, budget_s: float) -> tuple[float, list[float]]:
    """First call (cold-ish) and then up to `reps` timed calls, stopping early (>= 5) past the budget."""
    t = time.perf_counter()
    fn()
    first = (time.perf_counter() - t) * 1000
    times: list[float] = []
    start = time.perf_counter()
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        if len(times) >= 5 and time.perf_counter() - start > budget_s:
            break
    return first, times


def _filter_cases() -> list[tuple[int, str, str, dict[str, Any]]]:
    """FILTERED as (length, query, note, PublicFilters keyword arguments)."""
    from django.db import connection
    from django.utils import timezone

    with connection.cursor() as c:
        c.execute(
            "SELECT agency_id FROM publicity_publication WHERE status = 'published' "
            "GROUP BY agency_id ORDER BY count(*) LIMIT 1"
        )
        smallest = int(c.fetchone()[0])
    today = timezone.localdate()
    year_ago = today - timedelta(days=365)
    kwargs: dict[str, dict[str, Any]] = {
        "smallest_agency": {"agency_id": smallest},
        "last_30_days": {"since": today - timedelta(days=30)},
        "a_year_ago": {"since": year_ago - timedelta(days=30), "until": year_ago},
    }
    return [(len(q), q, note, kwargs[name]) for q, name, note in FILTERED]


def _query_string(q: str, kw: dict[str, Any]) -> str:
    """The portal URL's query string for PublicFilters(q=q, **kw)."""
    params = {"q": q}
    if "agency_id" in kw:
        params["agency"] = str(kw["agency_id"])
    if "kind" in kw:
        params["kind"] = kw["kind"]
    if "since" in kw:
        params["from"] = kw["since"].isoformat()
    if "until" in kw:
        params["to"] = kw["until"].isoformat()
    return urllib.parse.urlencode(params)


def _hits_filtered(q: str, kw: dict[str, Any]) -> int:
    from zhifa.publicity import search, selectors

    base = selectors.public_search(filters=selectors.PublicFilters(**kw)).items
    return int(search._filtered(base, [(col, " ".join(t)) for col, t in search._query_parts(q)]).count())


def bench_search(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhifa.publicity import search, selectors

    emit(
        "search.sizes",
        rows=_count(),
        settings={
            "rank_all_below": search.rank_all_below(),
            "newest_k": search.newest_k(),
            "newest_window": search.newest_window(),
            "newest_candidates_below": search.newest_candidates_below(),
            "exact_count_up_to": selectors.exact_count_up_to(),
        },
        statistics_target=_stats_targets(),
        **sizes(),
    )
    overrides = {name: int(value) for name, _, value in (i.partition("=") for i in args.setting or [])}
    if overrides:
        # Here for the selector timings, and in the HTTP server's settings module (servers()).
        from django.conf import settings as dj

        for name, value in overrides.items():
            setattr(dj, name, value)
        emit("search.settings_override", settings=overrides)
    cases: list[tuple[int, str, str, dict[str, Any]]] = [(n, q, note, {}) for n, q, note in QUERIES]
    if not args.no_filtered:
        cases += _filter_cases()
    cases += [(len(q), q, "--extra", {}) for q in args.extra or []]
    cases = [case for case in cases if not args.only or case[1] in args.only]
    if not args.no_selector:
        results = []
        for length, q, note, kw in cases:
            filters = selectors.PublicFilters(q=q, **kw)
            hits = _hits_filtered(q, kw) if kw else _hits(q)
            chosen = selectors.public_search(filters=filters).search
            assert chosen is not None

            def run(filters: selectors.PublicFilters = filters, hits: int = hits) -> None:
                # What decision_list() reads, without rendering.
                found = selectors.public_search(filters=filters)
                selectors.public_total(found)
                rows = list(found.rows()[:20])
                assert len(rows) == min(20, hits), (filters, len(rows), hits)

            first, times = _timed(run, args.reps, args.budget)
            s = summary(times)
            emit(
                "search.selector",
                length=length,
                q=q,
                filters={k: str(v) for k, v in kw.items()},
                note=note,
                hits=hits,
                strategy=chosen.strategy,
                how=chosen.how,
                estimate=chosen.estimate,
                first_ms=round(first, 1),
                **s,
                met=s["p95_ms"] <= 50,
            )
            results.append((s["p95_ms"], q, kw))
        for _p95, q, kw in sorted(results, key=lambda r: r[0], reverse=True)[: args.explain]:
            with CaptureQueriesContext(connection) as ctx:
                found = selectors.public_search(filters=selectors.PublicFilters(q=q, **kw))
                selectors.public_total(found)
                list(found.rows()[:20])
            plans = [
                {"sql": query["sql"], "plan": _explain(query["sql"], None)}
                for query in ctx.captured_queries
                if not query["sql"].startswith("EXPLAIN")
            ]
            emit(
                "search.explain",
                q=q,
                filters={k: str(v) for k, v in kw.items()},
                what="the statements the list view's reads ran (EXPLAINs of the estimate not repeated)",
                statements=plans,
            )
        connection.close()
    if not args.no_http:
        with servers(1, 4, overrides) as ports:
            client = Http(ports[0])
            client.get("/decisions/")  # warm-up
            for length, q, note, kw in [(0, "", "no query: the unfiltered first page", {}), *cases]:
                path = "/decisions/?" + _query_string(q, kw) if q else "/decisions/"

                def get(path: str = path) -> None:
                    status, _body = client.get(path)
                    assert status == 200, (path, status)

                first, times = _timed(get, args.reps, args.budget)
                s = summary(times)
                emit(
                    "search.http",
                    length=length,
                    q=q,
                    filters={k: str(v) for k, v in kw.items()},
                    note=note,
                    first_ms=round(first, 1),
                    **s,
                    met=s["p95_ms"] <= 50,
                )
    if args.alternatives:
        alternatives(args, [(n, q, note) for n, q, note, kw in cases if not kw])


def _stats_targets() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(
            "SELECT attname, attstattarget FROM pg_attribute "
            "WHERE attrelid = 'publicity_publication'::regclass AND attname IN ('search_uni', 'search_bi')"
        )
        return {name: int(target) for name, target in c.fetchall()}


def _count() -> int:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM publicity_publication WHERE status = 'published'")
        return int(c.fetchone()[0])


def _alt_sql(kind: str, q: str) -> tuple[str, list[Any]]:
    """Query shapes that return the top 20 without ranking every match (plain SQL, for comparison)."""
    from zhifa.publicity.search import _query_parts

    parts = _query_parts(q)
    toks = [" ".join(t) for _, t in parts]
    match = " AND ".join(f"search_{col} @@ phraseto_tsquery('simple', %s)" for col, _ in parts)
    rank = " + ".join(f"ts_rank_cd(search_{col}, phraseto_tsquery('simple', %s))" for col, _ in parts)
    if kind == "recent_topk_then_rank":
        # The 1000 most recently published matches, ranked among themselves.
        sql = (
            f"SELECT id FROM (SELECT id, published_on, search_uni, search_bi FROM publicity_publication "
            f"WHERE status = 'published' AND {match} ORDER BY published_on DESC, id DESC LIMIT 1000) t "
            f"ORDER BY {rank} DESC, published_on DESC LIMIT 20"
        )
        return sql, [*toks, *toks]
    if kind == "recent_only":
        # No ranking: newest first (the portal's order without a query).
        sql = (
            f"SELECT id FROM publicity_publication WHERE status = 'published' AND {match} "
            f"ORDER BY published_on DESC, id DESC LIMIT 20"
        )
        return sql, toks
    if kind == "cutoff_1y_ranked":
        # The product's ranking, restricted to the last year's publications.
        sql = (
            f"SELECT id FROM publicity_publication WHERE status = 'published' AND {match} "
            f"AND published_on >= current_date - 365 ORDER BY {rank} DESC, published_on DESC LIMIT 20"
        )
        return sql, [*toks, *toks]
    if kind == "rum_rank":
        # RUM: ORDER BY distance straight from the index (distance ~ 1/rank).
        order = " + ".join(f"(search_{col} <=> phraseto_tsquery('simple', %s))" for col, _ in parts)
        sql = (
            f"SELECT id FROM publicity_publication WHERE status = 'published' AND {match} "
            f"ORDER BY {order} LIMIT 20"
        )
        return sql, [*toks, *toks]
    raise ValueError(kind)


# hybrid: with fewer than PROBE candidates all matches are ranked (cost ~ N detoasted tsvectors); with
# more, the newest HYBRID_K matches are ranked (walking newest-first costs ~ K·rows/N detoasts). The two
# costs meet at N = sqrt(K·rows) ~ 7,000 for K = 50 and 1M rows: the worst case of this shape.
PROBE = 7000
HYBRID_K = 50


def hybrid(c: Any, q: str, probe: int = PROBE, k: int = HYBRID_K) -> tuple[list[int], str]:
    """Two steps: the planner's estimate of the matches (EXPLAIN per lexeme: pg_stats, no data read;
    a lexeme too rare to be among the column's most common elements is estimated low, which bounds the
    rank-everything branch by that frequency), then either the product's ranking (few matches) or
    the newest HYBRID_K matches walked down the (status, published_on) index — bitmap scans off for that
    statement, as the planner underestimates phrase matches — ranked among themselves. The prototype of
    search.search(), which bounds the walk by a window instead of turning bitmap scans off."""
    from zhifa.publicity.search import _query_parts

    parts = _query_parts(q)
    toks = [" ".join(t) for _, t in parts]
    match = " AND ".join(f"search_{col} @@ phraseto_tsquery('simple', %s)" for col, _ in parts)
    rank = " + ".join(f"ts_rank_cd(search_{col}, phraseto_tsquery('simple', %s))" for col, _ in parts)
    # The planner's estimate for each lexeme (pg_stats' most common elements of the tsvector column);
    # the rarest lexeme bounds the matches from above. No index or table is read.
    n = None
    for col, lexemes in parts:
        for lexeme in lexemes:
            c.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM publicity_publication "
                f"WHERE search_{col} @@ to_tsquery('simple', %s)",
                [lexeme],
            )
            plan = c.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            rows = plan[0]["Plan"]["Plan Rows"]
            n = rows if n is None else min(n, rows)
    if n < probe:
        c.execute(
            f"SELECT id FROM publicity_publication WHERE status = 'published' AND {match} "
            f"ORDER BY {rank} DESC, published_on DESC LIMIT 20",
            [*toks, *toks],
        )
        return [r[0] for r in c.fetchall()], f"rank_all (estimated {n:.0f} matches)"
    c.execute("BEGIN")
    c.execute("SET LOCAL enable_bitmapscan = off")
    c.execute(
        f"SELECT id FROM (SELECT id, published_on, search_uni, search_bi FROM publicity_publication "
        f"WHERE status = 'published' AND {match} ORDER BY published_on DESC, id DESC LIMIT {k:d}) t "
        f"ORDER BY {rank} DESC, published_on DESC LIMIT 20",
        [*toks, *toks],
    )
    rows = [r[0] for r in c.fetchall()]
    c.execute("COMMIT")
    return rows, f"newest_{k}_ranked (estimated {n:.0f} matches)"


def alternatives(args: argparse.Namespace, queries: list[tuple[int, str, str]]) -> None:
    from django.db import connection

    kinds = args.kinds or ["recent_only", "recent_topk_then_rank", "cutoff_1y_ranked", "hybrid_probe"]
    if args.rum and "rum_rank" not in kinds:
        kinds.append("rum_rank")
    if "rum_rank" in kinds:
        build_rum()
    if args.stats_target:
        # A larger sample and most-common-elements list for the tsvector columns: better estimates for
        # the hybrid's branch choice (migration publicity 0003 sets 1000; this overrides it here).
        with connection.cursor() as c:
            t = time.perf_counter()
            for col in ("search_uni", "search_bi"):
                c.execute(
                    f"ALTER TABLE publicity_publication ALTER COLUMN {col} "
                    f"SET STATISTICS {args.stats_target:d}"
                )
            c.execute("ANALYZE publicity_publication")
            emit("search.stats_target", target=args.stats_target, analyze_s=round(time.perf_counter() - t, 1))
    connection.ensure_connection()
    with connection.cursor() as c:
        for kind in kinds:
            worst = (0.0, "")
            for length, q, _note in queries:
                if kind == "hybrid_probe":
                    branch = hybrid(c, q, args.probe, args.k)[1]

                    def run(q: str = q) -> None:
                        hybrid(c, q, args.probe, args.k)

                else:
                    branch = None
                    sql, params = _alt_sql(kind, q)

                    def run(sql: str = sql, params: list[Any] = params) -> None:
                        c.execute(sql, params)
                        c.fetchall()

                first, times = _timed(run, args.reps, args.budget)
                s = summary(times)
                emit(
                    "search.alt",
                    alternative=kind,
                    length=length,
                    q=q,
                    first_ms=round(first, 1),
                    **s,
                    met=s["p95_ms"] <= 50,
                    **({"branch": branch} if branch else {}),
                )
                worst = max(worst, (s["p95_ms"], q))
            if kind != "hybrid_probe":
                sql, params = _alt_sql(kind, worst[1])
                emit("search.alt.explain", alternative=kind, q=worst[1], sql=sql, plan=_explain(sql, params))


def build_rum() -> None:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(
            "SELECT to_regclass('bench_rum_uni') IS NOT NULL AND to_regclass('bench_rum_bi') IS NOT NULL"
        )
        if c.fetchone()[0]:
            return
        c.execute("CREATE EXTENSION IF NOT EXISTS rum")
        times = {}
        for col in ("uni", "bi"):
            t = time.perf_counter()
            progress(f"CREATE INDEX bench_rum_{col} USING rum (search_{col} rum_tsvector_ops)")
            c.execute(
                f"CREATE INDEX IF NOT EXISTS bench_rum_{col} ON publicity_publication "
                f"USING rum (search_{col} rum_tsvector_ops)"
            )
            times[f"rum_{col}_build_s"] = round(time.perf_counter() - t, 1)
        c.execute(
            "SELECT pg_size_pretty(pg_relation_size('bench_rum_uni')), "
            "pg_size_pretty(pg_relation_size('bench_rum_bi'))"
        )
        u, b = c.fetchone()
        c.execute("ANALYZE publicity_publication")
    emit("search.rum_build", **times, rum_uni_size=u, rum_bi_size=b)


# --------------------------------------------------------------------------- pages

WRK_LUA = """
local lo, hi = %d, %d
math.randomseed(%d)
request = function()
  return wrk.format("GET", "/decisions/" .. math.random(lo, hi) .. "/")
end
done = function(summary, latency, requests)
  local out = {requests = summary.requests, duration_us = summary.duration, bytes = summary.bytes,
    errors_status = summary.errors.status, errors_connect = summary.errors.connect,
    errors_read = summary.errors.read, errors_timeout = summary.errors.timeout,
    p50_ms = latency:percentile(50) / 1000, p90_ms = latency:percentile(90) / 1000,
    p95_ms = latency:percentile(95) / 1000, p99_ms = latency:percentile(99) / 1000,
    max_ms = latency.max / 1000, mean_ms = latency.mean / 1000}
  local parts = {}
  for k, v in pairs(out) do parts[#parts + 1] = string.format('"%%s": %%s', k, v) end
  io.write("WRKJSON {" .. table.concat(parts, ", ") .. "}\\n")
end
"""


def bench_pages(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("wrk not found: apt-get install -y wrk")
    with connection.cursor() as c:
        c.execute("SELECT min(id), max(id) FROM publicity_publication WHERE status = 'published'")
        lo, hi = c.fetchone()
    # Queries per detail page, in process.
    # (no setup_test_environment(): 'testserver' is in ALLOWED_HOSTS already)
    client = Client()
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(f"/decisions/{lo}/")
    emit(
        "pages.queries",
        status=resp.status_code,
        queries=len(ctx.captured_queries),
        bytes=len(resp.content),
        sql=[q["sql"][:160] for q in ctx.captured_queries],
    )
    connection.close()

    if args.mode == "processes":
        count, threads = args.workers, args.threads
    else:
        count, threads = 1, args.workers
    with servers(count, threads) as ports:
        # Warm every server (imports, templates, DB connections) before measuring.
        for port in ports:
            h = Http(port)
            for k in range(20):
                h.get(f"/decisions/{lo + k}/")
        lua = Path(tempfile.mkdtemp(prefix="bench-portal-wrk-"))
        procs = []
        for k, port in enumerate(ports):
            script = lua / f"random_{port}.lua"
            script.write_text(WRK_LUA % (lo, hi, args.seed + k))
            conns = max(1, args.connections // count)
            procs.append(
                subprocess.Popen(
                    [
                        wrk,
                        "-t1",
                        f"-c{conns}",
                        f"-d{args.duration}s",
                        "--timeout",
                        "10s",
                        "--latency",
                        "-s",
                        str(script),
                        f"http://127.0.0.1:{port}",
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            )
        outs = []
        for p in procs:
            out, _ = p.communicate(timeout=args.duration + 60)
            m = re.search(r"WRKJSON (\{.*\})", out)
            if not m:
                raise RuntimeError(out)
            outs.append(json.loads(m.group(1)))
    total = sum(o["requests"] for o in outs)
    dur = max(o["duration_us"] for o in outs) / 1e6
    errors = sum(o[k] for o in outs for k in o if k.startswith("errors_"))
    rps = total / dur
    emit(
        "pages",
        mode=args.mode,
        servers=count,
        threads_per_server=threads,
        connections=args.connections,
        duration_s=round(dur, 1),
        requests=total,
        errors=errors,
        requests_per_s=round(rps, 1),
        # Percentiles per wrk instance (one per server); the worst of them.
        p50_ms=round(max(o["p50_ms"] for o in outs), 2),
        p95_ms=round(max(o["p95_ms"] for o in outs), 2),
        p99_ms=round(max(o["p99_ms"] for o in outs), 2),
        max_ms=round(max(o["max_ms"] for o in outs), 2),
        per_server=[round(o["requests"] / (o["duration_us"] / 1e6), 1) for o in outs],
        target_per_s=300,
        met=rps >= 300,
    )


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--migrate", action="store_true", help="run migrations first")
    parser.add_argument("--force", action="store_true", help="run even on a database that holds data")
    parser.add_argument("--seed", type=int, default=20260322)
    sub = parser.add_subparsers(dest="bench", required=True)
    f = sub.add_parser("fill")
    f.add_argument("--rows", type=int, default=1_000_000)
    s = sub.add_parser("search")
    s.add_argument("--reps", type=int, default=30)
    s.add_argument(
        "--budget", type=float, default=30.0, help="seconds per query before stopping early (>= 5 reps)"
    )
    s.add_argument("--only", nargs="*", help="only these queries")
    s.add_argument(
        "--extra", nargs="*", help="more queries, e.g. terms whose match count sits at a plan threshold"
    )
    s.add_argument("--no-selector", action="store_true", help="skip the in-process selector timings")
    s.add_argument("--no-http", action="store_true", help="skip the HTTP timings")
    s.add_argument("--no-filtered", action="store_true", help="skip the searches with portal filters")
    s.add_argument("--explain", type=int, default=2, help="EXPLAIN ANALYZE the N slowest searches")
    s.add_argument(
        "--setting",
        action="append",
        metavar="NAME=INT",
        help="override an integer setting for the search timings (in process and in the HTTP server), "
        "e.g. ZHIFA_SEARCH_RANK_ALL_BELOW=1500",
    )
    s.add_argument("--alternatives", action="store_true")
    s.add_argument("--rum", action="store_true", help="with --alternatives: build RUM indexes and time them")
    s.add_argument("--kinds", nargs="*", help="with --alternatives: only these query shapes")
    s.add_argument("--k", type=int, default=HYBRID_K, help="hybrid_probe: rank the newest K matches")
    s.add_argument("--probe", type=int, default=PROBE, help="hybrid_probe: rank all below this estimate")
    s.add_argument(
        "--stats-target",
        type=int,
        help="with --alternatives: SET STATISTICS on the tsvector columns, ANALYZE",
    )
    p = sub.add_parser("pages")
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--mode", choices=["processes", "threads"], default="processes")
    p.add_argument("--threads", type=int, default=1, help="threads per server process in processes mode")
    p.add_argument("--connections", type=int, default=8, help="total wrk connections")
    p.add_argument("--duration", type=int, default=30, help="seconds (at most 60)")
    args = parser.parse_args()
    if args.bench == "pages" and not 1 <= args.duration <= 60:
        parser.error("--duration must be 1..60 seconds")
    setup(args)
    {"fill": bench_fill, "search": bench_search, "pages": bench_pages}[args.bench](args)


if __name__ == "__main__":
    main()
