"""Benchmark zhifa.lib.redact: documents per second on one core, on ~3 KB penalty decisions.

    .venv/bin/python bench/bench_redact.py [--docs 500] [--rounds 3] [--seed 7] [--model on|off]
                                           [--profile] [--show]

Generates realistic 行政处罚决定书 texts (about 3 KB of UTF-8 each: header, party block with ID,
phone and home address, facts naming witnesses and consumers, evidence list, legal basis, decision,
payment account, remedy clause), then times ``redact()`` over them in this single process (one core,
no threads). Prints one JSON line: docs/s (best round; wall clock, and process CPU time), mean KB,
mean characters, spans per doc.
``--model on`` runs the named-entity model beside the rules (zhifa[ner]; onnxruntime on one thread),
``--model off`` (the default) the rules alone; the JSON line says which, with p95 milliseconds per
document. Targets: rules alone >= 300 docs/s per core; with the model >= 10 docs/s per core and
p95 <= 300 ms (issue 16). ``--show`` prints one generated document and its redaction.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import platform
import pstats
import random
import sys
import time

import _common

_common.bootstrap(django=False)

from zhifa.lib.identifiers import complete_credit_code, complete_resident_id, luhn_check_digit  # noqa: E402
from zhifa.lib.redact import Party, ner, redact  # noqa: E402

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红海波玉春晓东文斌宇浩凯鹏飞辉琳雪梅"
COUNTIES = [
    ("江北市", "临江县"),
    ("江北市", "东湖区"),
    ("南岭市", "西城区"),
    ("南岭市", "云溪县"),
    ("江北市", "青山县"),
]
TOWNS = ["城关镇", "白沙镇", "石门镇", "新塘乡", "滨江街道", "城北街道", "龙潭镇", "桃源镇"]
ROADS = ["幸福路", "人民路", "解放街", "建设大道", "学府路", "和平路", "滨河路", "梧桐路"]
PRODUCTS = [
    "桃酥",
    "豇豆",
    "冷冻鸡腿",
    "复合肥",
    "插座",
    "灭火器",
    "白酒",
    "婴幼儿奶粉",
    "保健食品",
    "电动自行车",
]
BASIS = (
    "《中华人民共和国食品安全法》第一百二十四条第一款第（三）项规定：“违反本法规定，有下列情形之一，尚不构成犯罪的，"
    "由县级以上人民政府食品安全监督管理部门没收违法所得和违法生产经营的食品、食品添加剂，并可以没收用于违法生产经营的"
    "工具、设备、原料等物品；违法生产经营的食品、食品添加剂货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额"
    "一万元以上的，并处货值金额十倍以上二十倍以下罚款；情节严重的，吊销许可证。”"
)
REMEDY = (
    "当事人如对本处罚决定不服，可以在收到本处罚决定书之日起六十日内向江北市人民政府申请行政复议，也可以在六个月内依法向"
    "临江县人民法院提起行政诉讼。申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外。逾期不申请行政复议，"
    "不提起行政诉讼，又不履行本行政处罚决定的，本局将依法申请人民法院强制执行。"
)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _id(rng: random.Random) -> str:
    birth = f"{rng.randint(1955, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 = f"330{rng.randint(100, 199)}{birth}{rng.randint(0, 999):03d}"
    return complete_resident_id(first17)


def _mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def _card(rng: random.Random) -> str:
    payload = "622202" + "".join(rng.choice("0123456789") for _ in range(12))
    return payload + luhn_check_digit(payload)


def _date(rng: random.Random, first_year: int, last_year: int) -> str:
    return f"{rng.randint(first_year, last_year)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


def make_document(rng: random.Random) -> tuple[str, list[Party]]:
    city, county = rng.choice(COUNTIES)
    person = _name(rng)
    witness1, witness2, consumer, officer1, officer2 = (_name(rng) for _ in range(5))
    street = f"{rng.choice(TOWNS)}{rng.choice(ROADS)}{rng.randint(1, 200)}号"
    home = f"{city}{county}{street}{rng.randint(1, 20)}栋{rng.randint(101, 2605)}室"
    product = rng.choice(PRODUCTS)
    n = rng.randint(10, 900)
    price = rng.randint(5, 300)
    company = rng.random() < 0.5
    parties: list[Party]
    if company:
        brand = rng.choice(["恒达", "宏远", "鑫源", "佳和", "安泰", "顺达"])
        org = f"{city}{brand}{rng.choice(['食品', '商贸', '建材', '科技'])}有限公司"
        code = complete_credit_code("91330100" + "".join(rng.choice("0123456789ABCDEFGH") for _ in range(8)))
        party_block = (
            f"当事人：{org}\n主体类型：有限责任公司（自然人投资或控股）\n统一社会信用代码：{code}\n"
            f"住所：{city}{county}{rng.choice(TOWNS)}工业路{rng.randint(1, 99)}号\n法定代表人：{person}，"
            f"身份证号码：{_id(rng)}，住址：{home}，联系电话：{_mobile(rng)}\n"
        )
        parties = [
            Party(org, "legal_person"),
            Party(person, "natural_person", role="legal_representative", address=home),
        ]
    else:
        party_block = (
            f"当事人：{person}，{rng.choice('男女')}，{_date(rng, 1955, 2000)}出生，"
            f"汉族，身份证号码：{_id(rng)}，住址：{home}，联系电话：{_mobile(rng)}。\n"
        )
        parties = [Party(person, "natural_person", address=home)]
    facts = (
        f"{county}市场监督管理局于{_date(rng, 2023, 2025)}接到消费者{consumer}"
        f"投诉，反映其在当事人处购买的{product}存在质量问题。同日，本局执法人员{officer1}、{officer2}依法对当事人位于"
        f"{county}{rng.choice(TOWNS)}{rng.choice(ROADS)}{rng.randint(1, 99)}号的经营场所进行现场检查，"
        "发现当事人仓库内存放"
        f"{product}共计{n}件，标签未标明生产日期和保质期。经询问，当事人{person}承认上述{product}系其从外地购进，"
        f"购进价格为每件{price}元，已销售{n // 3}件，货值金额共计{n * price}元，"
        f"违法所得{n // 3 * 5}元。证人{witness1}、{witness2}的证言证实了上述事实。"
        f"当事人驾驶的浙A·{rng.randint(10000, 99999)}号货车用于运输上述产品。\n"
    )
    evidence = (
        "上述事实，主要有以下证据证明：1.当事人营业执照复印件、身份证复印件各一份，证明当事人的主体资格；2.现场检查笔录一份、"
        "现场照片六张，证明当事人经营场所存放涉案产品的情况；3.询问笔录两份，证明当事人购进、销售涉案产品的情况；4.进货单据、"
        f"销售记录复印件若干，证明涉案产品的货值金额及违法所得；5.证人{witness1}的证言一份。\n"
        "本局于作出行政处罚决定前依法向当事人送达了行政处罚告知书，告知当事人拟作出行政处罚的事实、理由、依据及处罚内容，"
        "并告知当事人依法享有陈述、申辩和要求听证的权利。当事人在法定期限内未提出陈述、申辩，也未要求听证。\n"
    )
    decision = (
        f"本局认为，当事人的上述行为违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定，构成经营标注虚假生产日期、"
        f"保质期的食品的行为。依据{BASIS}鉴于当事人积极配合调查，如实陈述违法事实并主动提供证据材料，依据《中华人民共和国"
        "行政处罚法》第三十二条第（三）项的规定，依法从轻处罚。本局决定对当事人作出如下行政处罚：1.没收违法所得；"
        f"2.没收涉案{product}；3.罚款人民币{rng.randint(5, 10)}0000元。\n"
        f"当事人应当自收到本处罚决定书之日起十五日内，将罚没款缴至指定银行，缴款账号：{_card(rng)}。"
        "到期不缴纳罚款的，本局可以每日按罚款数额的百分之三加处罚款。\n"
    )
    footer = f"{REMEDY}\n{city}{county}市场监督管理局\n{_date(rng, 2023, 2025)}\n"
    return party_block + facts + evidence + decision + footer, parties


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", choices=("on", "off"), default="off")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    model = args.model == "on"
    if model and not ner.available():
        sys.exit(f"bench_redact: --model on, but {ner.unavailable_reason()}")
    rng = random.Random(args.seed)
    docs = [make_document(rng) for _ in range(args.docs)]
    if args.show:
        text, parties = docs[0]
        print(text)
        print(redact(text, parties=parties, model=model).text)
        return
    redact(docs[0][0], model=model)  # warm-up: module import, regex compilation, the model's load
    best = best_cpu = float("inf")
    spans = 0
    per_doc: list[float] = []
    for _ in range(args.rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        spans = 0
        per_doc = []
        for text, parties in docs:
            d0 = time.perf_counter()
            spans += len(redact(text, parties=parties, model=model).spans)
            per_doc.append((time.perf_counter() - d0) * 1000)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    per_doc.sort()
    chars = sum(len(t) for t, _ in docs) / len(docs)
    kb = sum(len(t.encode("utf-8")) for t, _ in docs) / len(docs) / 1024
    print(
        json.dumps(
            {
                "bench": "redact",
                "model": args.model,
                "docs": args.docs,
                "docs_per_s": round(args.docs / best, 1),
                # CPU time of this process: less disturbed by other load on the machine.
                "docs_per_cpu_s": round(args.docs / best_cpu, 1),
                "ms_per_doc": round(best / args.docs * 1000, 3),
                "p95_ms": round(_common.percentile(per_doc, 0.95), 2),
                "mean_kb_utf8": round(kb, 2),
                "mean_chars": round(chars),
                "spans_per_doc": round(spans / args.docs, 1),
                "python": platform.python_version(),
            }
        )
    )
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for text, parties in docs:
            redact(text, parties=parties, model=model)
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue(), file=sys.stderr)


if __name__ == "__main__":
    main()
