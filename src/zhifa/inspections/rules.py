"""The regional settings of random inspections and enterprise inspections, with their national defaults
and sources. Read with `zhifa.cases.rules.value(key, agency)`."""

from __future__ import annotations

from zhifa.cases.rules import register

# 国发〔2019〕18号（九）: the ratio and frequency of random inspections follow the credit class: more for
# bad credit or high risk, fewer for good. The multipliers themselves are local policy: these defaults
# keep class B at the task's ratio, halve it for A, and double / triple it for C / D.
register("inspection_multiplier_unclassified", "1", "国发〔2019〕18号（九）")
register("inspection_multiplier_a", "0.5", "国发〔2019〕18号（九）")
register("inspection_multiplier_b", "1", "国发〔2019〕18号（九）")
register("inspection_multiplier_c", "2", "国发〔2019〕18号（九）")
register("inspection_multiplier_d", "3", "国发〔2019〕18号（九）")
# 企业公示信息抽查办法 (2014 Art.11) and local 公示 rules: results recorded and published within 20 working
# days of the end of the inspection.
register("inspection_result_days", 20, "企业公示信息抽查暂行办法第十一条；冀政办发〔2015〕22号")
# 国办发〔2024〕54号: each department publishes a yearly cap of inspections of one enterprise; the
# example default (卫健 2 per level per year) is the best-sourced figure we have (supervision.md §2.2).
register("inspection_yearly_cap", 2, "国办发〔2024〕54号；卫生健康部门入企检查频次上限示例")
# 国办发〔2024〕54号 (no repeated inspections): a quiet period after any inspection of an enterprise, in
# days, within which another inspection by any agency raises a warning. Local policy; 90 days default.
register("inspection_quiet_days", 90, "国办发〔2024〕54号（避免重复检查）")
# 企业公示信息抽查办法: on-site checks by at least two inspectors.
register("inspection_min_inspectors", 2, "企业公示信息抽查办法；国办发〔2015〕58号")
# 国市监信〔2019〕38号 (legal-rules §9): a key inspection item (重点检查事项) has no upper limit on its ratio;
# an ordinary item (一般检查事项) "strictly limits" it, but no national figure was found (legal-rules §9,
# supervision.md §2.4 give only floors: ≥ 3% 企业公示信息抽查, ≥ 5% in local rules). The 20% cap is local
# policy, a default each province sets for itself.
register(
    "inspection_ordinary_max_ratio",
    20,
    "国市监信〔2019〕38号（一般检查事项严格控制抽查比例；上限为地方规定）",
)
