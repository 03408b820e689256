"""Benchmark the bulk registration of penalty decisions made in another case system
(`zhifa manage import_decisions`, zhifa.publicity.importing): decisions per second, against the redaction
engine's own speed on the same texts, and the memory the import takes.

    .venv/bin/python bench/bench_decision_import.py --migrate [--rows 2000] [--batch 500]
        [--format jsonl|csv|xlsx] [--seed 7] [--force] [--profile] [--redact-sample 2000]

On a scratch database (a fresh ZHIFA_VAR_DIR for SQLite, or ZHIFA_DATABASE_URL at a scratch PostgreSQL
database): makes one agency and its publicity clerk, writes `--rows` decisions (about 1.9 KB of text each,
naming the party, its legal representative, two witnesses, an employee and a consumer; in JSON Lines, or
in a CSV or XLSX with a folder of text files), streamed to the file so that the bench itself holds none of
them, then times the whole import: reading, checking every row, redaction of title, penalty and text
against six named persons, the drafts inserted in batches with their journal entries, all in one
transaction. Also times `redact()` alone on the first `--redact-sample` of the same decisions with the
same persons (as the registration calls it), in this one process: the import's ceiling.

Prints JSON lines: "generate", "redact_only" (decisions/s of the redaction alone) and "import" (rows,
seconds, decisions/s wall and per CPU-second of this process, the ratio to redact_only, the resident
memory before, at its peak while importing (sampled at every progress call) and the process's maximum).
Target (issue 12): >= 10 decisions/s per core, at the redaction engine's own speed; memory roughly flat
(< 400 MB at 100,000 decisions).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import _common

_common.bootstrap()

OUT = _common.Output("bench_decision_import")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红海波玉春晓东文斌宇浩凯鹏飞辉琳雪梅"
BRAND = "鑫源恒盛泰丰华达宏福隆昌兴荣祥瑞德顺和康安嘉美佳新金银海天宝通利明辉龙凤永佰汇诚信"
PRODUCTS = ("桃酥", "豇豆", "冷冻鸡腿", "复合肥", "插座", "儿童玩具", "白酒", "食用油")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def make_decision(rng: random.Random, i: int) -> dict[str, Any]:
    """One decision as another case system exports it (the API's object), text in the SAMR 格式范本's
    order: 当事人 block, facts naming the people questioned, evidence, basis, decision, remedy."""
    from zhifa.lib.identifiers import complete_credit_code

    company = f"江北市{''.join(rng.sample(BRAND, 2))}{rng.choice(['食品', '商贸', '超市'])}有限公司"
    rep, agent, witness, employee, consumer = (_name(rng) for _ in range(5))
    code = complete_credit_code("91330100" + "".join(rng.choice("0123456789ABCDEFGH") for _ in range(8)))
    product, n, fine = rng.choice(PRODUCTS), rng.randint(10, 900), rng.choice((3000, 5000, 20000, 150000))
    text = (
        f"江北市市场监督管理局\n行政处罚决定书\n江北市监处罚〔2025〕{i}号\n当事人：{company}\n"
        f"主体资格证照名称：营业执照\n统一社会信用代码：{code}\n"
        f"住所：江北市江北区滨江街道人民路{rng.randint(1, 200)}号\n"
        f"法定代表人（负责人、经营者）：{rep}\n委托代理人：{agent}，该公司员工\n"
        f"本局于2025年3月{rng.randint(1, 28)}日接到消费者{consumer}投诉，反映其在当事人处购买的{product}"
        f"存在质量问题。经查，当事人仓库内存放{product}共计{n}件，标签未标明生产日期和保质期。经询问当事人店员"
        f"{employee}，上述{product}系当事人从外地购进，已销售{n // 3}件，货值金额共计{n * 12}元。"
        f"现场见证人{witness}在现场笔录上签字确认。\n"
        "上述事实，有营业执照复印件、现场检查笔录、现场照片、询问笔录、进货单据和销售记录等证据证明。"
        "本局于作出行政处罚决定前依法向当事人送达了行政处罚告知书，告知当事人拟作出行政处罚的事实、理由、依据及处罚内容，"
        "并告知当事人依法享有陈述、申辩和要求听证的权利。当事人在法定期限内未提出陈述、申辩，也未要求听证。\n"
        "本局认为，当事人的上述行为违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定。依据《中华人民共和国"
        "食品安全法》第一百二十四条第一款第（五）项的规定，本局决定：罚款人民币"
        f"{fine}元。\n当事人应当自收到本处罚决定书之日起十五日内缴纳罚款。到期不缴纳罚款的，本局可以每日按罚款数额的"
        "百分之三加处罚款。\n当事人如不服本处罚决定，可以在收到本处罚决定书之日起六十日内依法申请行政复议，"
        "或者在六个月内依法向人民法院提起行政诉讼。\n江北市市场监督管理局\n2026年9月29日\n"
    )
    return {
        "kind": "penalty",
        "decision_number": f"江北市监处罚〔2025〕{i}号",
        "decided_on": "2026-09-29",
        "title": "经营标签不符合规定的食品",
        "party_name": company,
        "party_kind": "legal_person",
        "legal_representative": rep,
        "penalty_kinds": ["罚款"],
        "fine_amount": str(fine),
        "persons": [
            {"name": agent, "role": "agent"},
            {"name": witness, "role": "witness"},
            {"name": employee, "role": "employee"},
            {"name": consumer, "role": "other"},
        ],
        "source_system": "原执法办案系统",
        "text": text,
    }


def decisions(seed: int, rows: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for i in range(rows):
        yield make_decision(rng, 10_000_000 + i)


CSV_HEADER = (
    *("决定书文号", "决定日期", "违法行为类型", "当事人名称", "当事人类型", "处罚种类", "罚款金额"),
    *("法定代表人", "委托代理人", "证人", "工作人员", "其他人员", "正文文件"),
)


def _table_row(i: int, row: dict[str, Any]) -> list[str]:
    by_role = {p["role"]: p["name"] for p in row["persons"]}
    return [
        *(row["decision_number"], row["decided_on"], row["title"], row["party_name"], "法人"),
        *("罚款", row["fine_amount"], row["legal_representative"], by_role["agent"]),
        *(by_role["witness"], by_role["employee"], by_role["other"], f"texts/{i}.txt"),
    ]


def write_file(rows: Iterable[dict[str, Any]], folder: Path, fmt: str) -> tuple[Path, int]:
    """The file (and, for a table, the folder of texts beside it), one decision at a time; the path and
    the bytes of text written."""
    text_bytes = 0
    if fmt == "jsonl":
        path = folder / "decisions.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                text_bytes += len(row["text"].encode())
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return path, text_bytes
    (folder / "texts").mkdir()
    if fmt == "csv":
        import csv

        path = folder / "decisions.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(CSV_HEADER)
            for i, row in enumerate(rows):
                (folder / "texts" / f"{i}.txt").write_text(row["text"], encoding="utf-8")
                text_bytes += len(row["text"].encode())
                w.writerow(_table_row(i, row))
        return path, text_bytes
    from openpyxl import Workbook

    path = folder / "decisions.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(CSV_HEADER)
    for i, row in enumerate(rows):
        (folder / "texts" / f"{i}.txt").write_text(row["text"], encoding="utf-8")
        text_bytes += len(row["text"].encode())
        ws.append(_table_row(i, row))
    wb.save(path)
    return path, text_bytes


def redact_only(rows: Iterable[dict[str, Any]]) -> tuple[int, float, float]:
    """Decisions, seconds (wall, CPU) of the redaction alone: text, title and penalty line per decision,
    as registration.build_publication calls it (the party's name too for a natural person)."""
    from zhifa.lib.redact import Party, Policy, redact

    policy = Policy.national_default()
    n, wall, cpu = 0, time.perf_counter(), time.process_time()
    for row in rows:
        parties = [
            Party(row["party_name"], "legal_person"),
            Party(row["legal_representative"], "natural_person", role="legal_representative"),
            *(
                Party(p["name"], "natural_person", role=p["role"].replace("employee", "other"))
                for p in row["persons"]
            ),
        ]
        for text in (row["text"], row["title"], f"罚款，罚款{row['fine_amount']}元"):
            redact(text, parties=parties, policy=policy)
        n += 1
    return n, time.perf_counter() - wall, time.process_time() - cpu


def rss_mb() -> float:
    """This process's resident memory now (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def max_rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--migrate", action="store_true", help="run migrations first")
    parser.add_argument("--force", action="store_true", help="run even if the database holds publications")
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--format", choices=("jsonl", "csv", "xlsx"), default="jsonl")
    parser.add_argument("--redact-sample", type=int, default=2000, help="decisions timed for redact_only")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile the import")
    args = parser.parse_args()

    _common.django_setup(OUT, migrate=args.migrate)
    from django.db import connection

    from zhifa.publicity.importing import import_decisions
    from zhifa.publicity.models import Publication
    from zhifa.testing import make_user, make_world

    _common.refuse_unless_scratch(
        OUT, "publications" if Publication.objects.exists() else "", force=args.force
    )
    OUT.emit(
        "machine",
        python=platform.python_version(),
        cpus=os.cpu_count(),
        database=str(connection.settings_dict["NAME"]),
    )
    world = make_world()
    clerk = make_user(username=f"bench_clerk_{args.seed}", role="publicity_clerk", agency=world.agency_a)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path, text_bytes = write_file(decisions(args.seed, args.rows), Path(tmp), args.format)
        OUT.emit(
            "generate",
            rows=args.rows,
            format=args.format,
            mean_text_kb=round(text_bytes / args.rows / 1024, 2),
            file_mb=round(path.stat().st_size / 1024**2, 1),
            seconds=round(time.perf_counter() - started, 2),
        )
        OUT.progress("redact only")
        sample, wall, cpu = redact_only(decisions(args.seed, min(args.rows, args.redact_sample)))
        ceiling = sample / wall
        OUT.emit(
            "redact_only",
            rows=sample,
            seconds=round(wall, 2),
            per_s=round(ceiling, 1),
            per_cpu_s=round(sample / cpu, 1),
        )
        rss_before = rss_mb()
        peak = [rss_before]
        last = [0.0]

        def progress(done: int, total: int) -> None:
            peak[0] = max(peak[0], rss_mb())
            if time.monotonic() - last[0] >= 10 or done == total:
                last[0] = time.monotonic()
                OUT.progress(f"imported {done}/{total}, RSS {rss_mb()} MB")

        OUT.progress("import")
        report: list[Any] = []
        with _common.maybe_profile(args.profile, report.extend):
            wall0, cpu0 = time.perf_counter(), time.process_time()
            result = import_decisions(
                agency=world.agency_a, path=path, actor=clerk, batch=args.batch, progress=progress
            )
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    rate = result.registered / wall
    OUT.emit(
        "import",
        rows=result.registered,
        batch=args.batch,
        format=args.format,
        seconds=round(wall, 2),
        per_s=round(rate, 1),
        per_cpu_s=round(result.registered / cpu, 1),
        of_redact_only=round(rate / ceiling, 2),
        rss_before_mb=rss_before,
        rss_peak_mb=peak[0],
        max_rss_mb=max_rss_mb(),
        target_per_s_per_core=10,
        target_rss_mb=400,
    )
    if args.profile:
        for key, label in ((0, "own"), (1, "cumulative")):
            OUT.progress(f"top 25 by {label} time")
            for own, cum, calls, (file, line, fn) in sorted(report, key=lambda r: -r[key])[:25]:
                OUT.progress(f"{cum:8.2f}s cum {own:8.2f}s own {calls:8d} {Path(file).name}:{line} {fn}")


if __name__ == "__main__":
    main()
