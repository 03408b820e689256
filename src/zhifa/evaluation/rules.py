"""Case-file evaluation periods and counts that vary by region (cases.rules: the most specific region
wins), with the national default and its basis: 广东省行政执法案卷评查办法 (广东省人民政府令第231号),
the model the issue names (reference/legal-rules.md §10)."""

from __future__ import annotations

from zhifa.cases import rules as regional
from zhifa.cases.rules import Default
from zhifa.organizations.models import Agency, Region

ORDER_231 = "广东省行政执法案卷评查办法（广东省人民政府令第231号）"
ORDER_231_ART_8 = f"{ORDER_231}第八条"
ORDER_231_ART_10 = f"{ORDER_231}第十条"
ORDER_231_ART_12 = f"{ORDER_231}第十二条"
ORDER_231_ART_16 = f"{ORDER_231}第十六条"
ORDER_231_ART_17 = f"{ORDER_231}第十七条"

REGIONAL: dict[str, Default] = {
    # Art.8: 抽查 of files; issue 15: 2–4 closed files per agency by default — the middle, 3.
    "evaluation_files_per_agency": regional.register("evaluation_files_per_agency", 3, ORDER_231_ART_8),
    # Art.12(7): the agency may object within 10 working days of receiving the result ...
    "evaluation_objection_days": regional.register("evaluation_objection_days", 10, ORDER_231_ART_12),
    # ... and the 复核 answer is given within 10 working days.
    "evaluation_answer_days": regional.register("evaluation_answer_days", 10, ORDER_231_ART_12),
}

MIN_FILES, MAX_FILES = 2, 4


def _as_agency(region: Region) -> Agency:
    # cases.rules reads a setting for an agency by its region's path: an unsaved Agency carrying the region.
    return Agency(region=region)


def files_per_agency(region: Region) -> int:
    return regional.int_value("evaluation_files_per_agency", _as_agency(region))


def objection_days(agency: Agency) -> int:
    return regional.int_value("evaluation_objection_days", agency)


def answer_days(agency: Agency) -> int:
    return regional.int_value("evaluation_answer_days", agency)
