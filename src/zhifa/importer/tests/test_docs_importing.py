"""docs/importing.md against the code: every column (standard header and alias) of the published-list
kinds and of the decision files is documented in that kind's section, so that the page an agency's clerk
reads to prepare a file does not fall behind what the importer accepts."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from zhifa.importer.kinds import KINDS
from zhifa.publicity.decision_files import HEADERS, PERSON_COLUMNS

DOC = Path(__file__).resolve().parents[4] / "docs" / "importing.md"

pytestmark = pytest.mark.skipif(not DOC.exists(), reason="docs/ not shipped with an installed package")


def _section(title_start: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n## {title_start}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


@pytest.mark.parametrize("kind", ["lenience", "major_decisions", "inspection_items", "recording_items"])
def test_every_column_of_a_list_kind_is_documented(kind: str) -> None:
    section = _section(f"`{kind}`")
    missing = [
        name
        for column in KINDS[kind].columns
        for name in (column.header, *column.aliases)
        if name not in section
    ]
    assert missing == [], f"docs/importing.md, section {kind}, lacks: {missing}"


def test_every_decision_file_column_is_documented() -> None:
    section = unicodedata.normalize("NFKC", _section("Decisions made elsewhere"))
    headers = [unicodedata.normalize("NFKC", name) for name in (*HEADERS, *PERSON_COLUMNS)]
    missing = [name for name in headers if name not in section]
    missing += [f"`{key}`" for key in set(HEADERS.values()) if f"`{key}`" not in section]
    assert missing == [], f"docs/importing.md, decisions section, lacks: {missing}"
