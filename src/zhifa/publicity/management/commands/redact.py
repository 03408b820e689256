"""``manage.py redact``: redact a text read on stdin with zhifa.lib.redact and print JSON.

Same input and output as ``python -m zhifa.lib.redact``: ``--parties`` is a JSON list of people
(name, role — any person role, or officer —, optional kind, id_number, address, phone),
``--policy`` a JSON object of overrides of the national default policy, ``--model`` auto/on/off; the
output is ``{"text": ..., "spans": [...]}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.lib.redact import Party, Policy, people_from_json, redact


class Command(BaseCommand):
    help = "对标准输入的文书文本进行隐去处理（脱敏），输出 JSON：处理后文本及各处隐去位置"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--parties", type=Path, help="当事人 JSON 列表（name, kind, address …）")
        parser.add_argument("--policy", type=Path, help="隐去策略 JSON（对全国默认策略的调整）")
        parser.add_argument("--keep-name", action="append", default=[], help="保留不隐去的姓名（可重复）")
        parser.add_argument(
            "--model",
            choices=("auto", "on", "off"),
            default="auto",
            help="是否使用命名实体模型（zhifa[ner]）",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        keep: list[str] = list(opts["keep_name"])
        try:
            parties: list[Party] = []
            if opts["parties"]:
                parties, officers = people_from_json(json.loads(opts["parties"].read_text(encoding="utf-8")))
                keep += officers
            policy = Policy.from_json(opts["policy"].read_text(encoding="utf-8")) if opts["policy"] else None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(str(exc)) from exc
        model = {"auto": None, "on": True, "off": False}[opts["model"]]
        result = redact(sys.stdin.read(), parties=parties, policy=policy, keep_names=keep, model=model)
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
