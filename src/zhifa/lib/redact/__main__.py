"""Command line: ``python -m zhifa.lib.redact [--parties FILE] [--policy FILE] [--keep-name NAME]``.

Reads the text on standard input and prints ``{"text": ..., "spans": [...]}`` as JSON
(``ensure_ascii=False``). ``--parties`` is a JSON list of objects with keys name, kind and optional
id_number, address, phone, role; ``--policy`` a JSON object of overrides of the national default
(see :meth:`zhifa.lib.redact.Policy.from_json`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from zhifa.lib.redact import Party, Policy, redact


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m zhifa.lib.redact", description="Redact a document read on stdin."
    )
    parser.add_argument(
        "--parties", type=Path, help="JSON list of parties (name, kind, id_number, address, phone, role)"
    )
    parser.add_argument("--policy", type=Path, help="JSON object: overrides of the national default policy")
    parser.add_argument("--keep-name", action="append", default=[], help="a name that stays (repeatable)")
    args = parser.parse_args(argv)
    try:
        parties: list[Party] = []
        if args.parties:
            data = json.loads(args.parties.read_text(encoding="utf-8"))
            if not isinstance(data, list):
                raise ValueError("the parties file must hold a JSON list")
            parties = [Party.from_mapping(p) for p in data]
        policy = Policy.from_json(args.policy.read_text(encoding="utf-8")) if args.policy else None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = sys.stdin.read()
    result = redact(text, parties=parties, policy=policy, keep_names=args.keep_name)
    json.dump(result.as_dict(), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
