"""The national default rubric the platform ships, modelled on 广东省行政执法案卷评查办法 (广东省人民政府令
第231号): the review items of Art.14 as scored items worth 100 points (Art.16), the automatic 不合格 of
Art.17 as veto items, and the grades 优秀 ≥ 90 / 良好 ≥ 75 / 合格 ≥ 60. Items the record can judge carry
the code of evaluation.record_checks. Deduction wording after the sector rubrics in
reference/legal-rules.md §10 (deductions per item, never below zero)."""

from __future__ import annotations

from typing import Any

NATIONAL_CODE = "national"

NATIONAL: dict[str, Any] = {
    "code": NATIONAL_CODE,
    "name": "全国默认案卷评查标准（参照广东省人民政府令第231号）",
    "version": 1,
    "total_points": "100",
    "excellent_min": "90",
    "good_min": "75",
    "pass_min": "60",
    "basis": "广东省行政执法案卷评查办法（广东省人民政府令第231号）第十四条、第十六条、第十七条",
    "items": [
        # Art.17: any of these → 不合格 whatever the points.
        ["V1", "否决项", "主要事实不清、证据不足", "veto", "0", "存在即评为不合格", ""],
        ["V2", "否决项", "适用法律依据错误", "veto", "0", "存在即评为不合格", ""],
        ["V3", "否决项", "违反法定程序", "veto", "0", "存在即评为不合格", ""],
        ["V4", "否决项", "超越或者滥用职权", "veto", "0", "存在即评为不合格", ""],
        [
            "V5",
            "否决项",
            "执法主体不合法或者执法人员不具备执法资格（不足两名持有效执法证件的人员）",
            "veto",
            "0",
            "存在即评为不合格",
            "two_certified_officers",
        ],
        # Art.14 review items, 100 points in all (Art.16).
        [
            "S1",
            "事实与证据",
            "违法事实清楚，证据确凿、合法、充分",
            "scored",
            "20",
            "每处证据缺失或不合法扣2分，扣完为止",
            "",
        ],
        [
            "S2",
            "法律适用",
            "定性准确，适用法律、法规、规章正确",
            "scored",
            "10",
            "引用条款不全或不准确每处扣2分",
            "",
        ],
        [
            "S3",
            "裁量",
            "裁量适当，符合裁量基准，裁量理由充分",
            "scored",
            "10",
            "未说明裁量理由扣3分；偏离基准未说明扣5分",
            "",
        ],
        ["S4", "程序", "立案、调查取证、告知、听证等程序完整", "scored", "10", "每缺一个程序环节扣2分", ""],
        [
            "S5",
            "办案期限",
            "立案、告知、决定、结案等各项期限均已遵守",
            "scored",
            "8",
            "每超期一项扣2分",
            "deadlines_met",
        ],
        [
            "S6",
            "法制审核",
            "重大执法决定经法制审核",
            "scored",
            "8",
            "应审未审扣8分，并按违反法定程序评为否决",
            "review_done",
        ],
        [
            "S7",
            "文书与送达",
            "必备文书齐全、格式规范，依法送达",
            "scored",
            "10",
            "每缺一份文书或送达手续扣2分",
            "documents_served",
        ],
        [
            "S8",
            "执法公示",
            "行政处罚决定按期公示",
            "scored",
            "8",
            "未公示扣8分，逾期公示扣3分",
            "published_on_time",
        ],
        [
            "S9",
            "全过程记录",
            "音像记录事项清单所列环节有音像记录",
            "scored",
            "8",
            "每缺一个环节扣2分",
            "recordings_present",
        ],
        ["S10", "执行", "决定执行到位，催告、强制执行依法进行", "scored", "4", "执行不到位扣2分", ""],
        ["S11", "归档与卷面", "一案一卷，卷内目录、页码齐全，归档及时", "scored", "4", "每缺一项扣1分", ""],
    ],
}

SHIPPED: list[dict[str, Any]] = [NATIONAL]
