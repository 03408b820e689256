"""Command line: ``python -m zhifa.lib.redact [--parties FILE] [--policy FILE] [--keep-name NAME]
[--model on|off|auto]`` (also ``zhifa redact``).

Reads the text on standard input and prints ``{"text": ..., "spans": [...]}`` as JSON
(``ensure_ascii=False``; spans in code points of the input). ``--parties`` is a JSON list of objects
with keys name, role and optional kind, id_number, address, phone: every person role is accepted
(codes such as ``party``, ``legal_representative``, ``agent``, ``witness``, ``employee``, ``other``
or their Chinese labels 当事人, 法定代表人, 证人, 工作人员, 驾驶员 …), and people whose role is
``officer`` (执法人员, 办案人员 …) are kept like ``--keep-name``. ``--policy`` is a JSON object of
overrides of the national default (see :meth:`zhifa.lib.redact.Policy.from_json`). ``--model``: use
the named-entity model (``auto``, the default: when installed and not turned off by
``ZHIFA_REDACT_MODEL=off``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from zhifa.lib.redact import Party, Policy, people_from_json, redact


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m zhifa.lib.redact", description="Redact a document read on stdin."
    )
    parser.add_argument(
        "--parties", type=Path, help="JSON list of parties (name, kind, id_number, address, phone, role)"
    )
    parser.add_argument("--policy", type=Path, help="JSON object: overrides of the national default policy")
    parser.add_argument("--keep-name", action="append", default=[], help="a name that stays (repeatable)")
    parser.add_argument(
        "--model",
        choices=("auto", "on", "off"),
        default="auto",
        help="use the named-entity model (zhifa[ner])",
    )
    args = parser.parse_args(argv)
    keep: list[str] = list(args.keep_name)
    try:
        parties: list[Party] = []
        if args.parties:
            parties, officers = people_from_json(json.loads(args.parties.read_text(encoding="utf-8")))
            keep += officers
        policy = Policy.from_json(args.policy.read_text(encoding="utf-8")) if args.policy else None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = sys.stdin.read()
    model = {"auto": None, "on": True, "off": False}[args.model]
    result = redact(text, parties=parties, policy=policy, keep_names=keep, model=model)
    json.dump(result.as_dict(), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
