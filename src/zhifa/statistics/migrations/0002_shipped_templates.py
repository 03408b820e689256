"""The templates the platform ships (statistics.defaults): the national default and the 浙江式 variant.
Their data is copied here as it was when this migration was written, so that a later edit of defaults.py
never changes what this migration installs (an edited template reaches a database through the admin or
statistics.services.template_save, journaled)."""

import json

from django.db import migrations

SHIPPED = json.loads(
    r"""
[
 {
  "code": "national",
  "name": "全国默认模板（行政处罚法第九条 14 类）",
  "is_default": true,
  "amount_unit": "yuan",
  "tie_break": "heaviest",
  "definition": {
   "categories": [
    {
     "code": "warning",
     "label": "警告",
     "kinds": [
      "警告"
     ]
    },
    {
     "code": "criticism",
     "label": "通报批评",
     "kinds": [
      "通报批评"
     ]
    },
    {
     "code": "fine",
     "label": "罚款",
     "kinds": [
      "罚款"
     ]
    },
    {
     "code": "confiscate_income",
     "label": "没收违法所得",
     "kinds": [
      "没收违法所得"
     ]
    },
    {
     "code": "confiscate_property",
     "label": "没收非法财物",
     "kinds": [
      "没收非法财物"
     ]
    },
    {
     "code": "suspend_license",
     "label": "暂扣许可证件",
     "kinds": [
      "暂扣许可证件"
     ]
    },
    {
     "code": "downgrade",
     "label": "降低资质等级",
     "kinds": [
      "降低资质等级"
     ]
    },
    {
     "code": "revoke_license",
     "label": "吊销许可证件",
     "kinds": [
      "吊销许可证件"
     ]
    },
    {
     "code": "restrict_business",
     "label": "限制开展生产经营活动",
     "kinds": [
      "限制开展生产经营活动"
     ]
    },
    {
     "code": "suspend_business",
     "label": "责令停产停业",
     "kinds": [
      "责令停产停业"
     ]
    },
    {
     "code": "close",
     "label": "责令关闭",
     "kinds": [
      "责令关闭"
     ]
    },
    {
     "code": "restrict_employment",
     "label": "限制从业",
     "kinds": [
      "限制从业"
     ]
    },
    {
     "code": "detention",
     "label": "行政拘留",
     "kinds": [
      "行政拘留"
     ]
    },
    {
     "code": "other",
     "label": "其他行政处罚",
     "kinds": [
      "其他"
     ]
    }
   ],
   "sections": [
    {
     "title": "行政处罚实施情况",
     "note": "行政处罚决定数为本年度1月1日至12月31日作出行政处罚决定的数量（含简易程序当场作出的决定，含此后经行政复议或者行政诉讼被撤销的决定）。单处一种行政处罚的，计入相应类别；并处两种以上行政处罚的，算一宗，按本模板的规则计入一个类别；并处明确类别的行政处罚和其他行政处罚的，计入明确类别。罚没金额以处罚决定书确定的金额为准，没收违法所得、没收非法财物能确定金额的计入。",
     "rows": [
      {
       "label": "行政处罚决定数（宗）",
       "figure": "penalty_total"
      },
      {
       "label": "警告",
       "category": "warning"
      },
      {
       "label": "通报批评",
       "category": "criticism"
      },
      {
       "label": "罚款",
       "category": "fine"
      },
      {
       "label": "没收违法所得",
       "category": "confiscate_income"
      },
      {
       "label": "没收非法财物",
       "category": "confiscate_property"
      },
      {
       "label": "暂扣许可证件",
       "category": "suspend_license"
      },
      {
       "label": "降低资质等级",
       "category": "downgrade"
      },
      {
       "label": "吊销许可证件",
       "category": "revoke_license"
      },
      {
       "label": "限制开展生产经营活动",
       "category": "restrict_business"
      },
      {
       "label": "责令停产停业",
       "category": "suspend_business"
      },
      {
       "label": "责令关闭",
       "category": "close"
      },
      {
       "label": "限制从业",
       "category": "restrict_employment"
      },
      {
       "label": "行政拘留",
       "category": "detention"
      },
      {
       "label": "其他行政处罚",
       "category": "other"
      },
      {
       "label": "其中：普通程序",
       "figure": "penalty_general"
      },
      {
       "label": "其中：简易程序（当场处罚）",
       "figure": "penalty_summary"
      },
      {
       "label": "其中：在其他办案系统作出、登记公示的决定",
       "figure": "penalty_registered"
      },
      {
       "label": "其中：已被撤销或确认无效的决定",
       "figure": "penalty_revoked"
      },
      {
       "label": "罚没金额",
       "figure": "fine_amount"
      },
      {
       "label": "其中：罚款",
       "figure": "fines"
      },
      {
       "label": "其中：没收违法所得、没收非法财物",
       "figure": "confiscations"
      },
      {
       "label": "不予行政处罚决定数",
       "figure": "no_penalty_total"
      },
      {
       "label": "立案数",
       "figure": "cases_filed"
      },
      {
       "label": "结案数",
       "figure": "cases_closed"
      },
      {
       "label": "移送司法机关数",
       "figure": "referrals"
      }
     ]
    },
    {
     "title": "行政许可实施情况",
     "note": "许可数量、不予许可数量、撤销许可数量为本年度作出的相应决定数（准予变更、延续计入许可数量，不予变更、延续计入不予许可数量），依据登记公示的行政许可决定统计；申请数量、受理数量由政务服务系统受理，本平台未记录。",
     "rows": [
      {
       "label": "申请数量",
       "figure": "licensing_applied"
      },
      {
       "label": "受理数量",
       "figure": "licensing_accepted"
      },
      {
       "label": "许可数量",
       "figure": "licensing_granted"
      },
      {
       "label": "不予许可数量",
       "figure": "licensing_refused"
      },
      {
       "label": "撤销许可数量",
       "figure": "licensing_revoked"
      }
     ]
    },
    {
     "title": "行政强制实施情况",
     "rows": [
      {
       "label": "行政强制措施实施数量",
       "figure": "compulsion_measures"
      },
      {
       "label": "其中：查封场所、设施或者财物",
       "figure": "compulsion_seal_up"
      },
      {
       "label": "其中：扣押财物",
       "figure": "compulsion_seize"
      },
      {
       "label": "申请人民法院强制执行数量",
       "figure": "court_enforcement"
      }
     ]
    },
    {
     "title": "行政检查实施情况",
     "rows": [
      {
       "label": "行政检查数量",
       "figure": "inspections_total"
      },
      {
       "label": "其中：双随机抽查",
       "figure": "inspections_random"
      },
      {
       "label": "其中：日常检查",
       "figure": "inspections_routine"
      },
      {
       "label": "其中：个案检查",
       "figure": "inspections_case"
      },
      {
       "label": "其中：专项检查",
       "figure": "inspections_special"
      },
      {
       "label": "被检查的经营主体数",
       "figure": "inspections_targets"
      },
      {
       "label": "户均检查次数",
       "figure": "inspections_per_target"
      }
     ]
    },
    {
     "title": "重大执法决定法制审核情况",
     "rows": [
      {
       "label": "送法制审核数",
       "figure": "review_submissions"
      },
      {
       "label": "出具法制审核意见书数",
       "figure": "review_opinions"
      },
      {
       "label": "其中：同意",
       "figure": "review_agree"
      },
      {
       "label": "其中：建议纠正",
       "figure": "review_correct"
      },
      {
       "label": "其中：建议补充调查",
       "figure": "review_supplement"
      },
      {
       "label": "其中：其他意见和建议",
       "figure": "review_other"
      },
      {
       "label": "经法制审核提出纠正或补充意见的案件数",
       "figure": "review_corrected"
      }
     ]
    },
    {
     "title": "行政执法人员情况",
     "note": "按统计截止日计：在岗执法人员及其持有的有效行政执法证。",
     "rows": [
      {
       "label": "在岗执法人员数",
       "figure": "officers"
      },
      {
       "label": "持有效执法证人数",
       "figure": "certified"
      },
      {
       "label": "持证率",
       "figure": "certified_share"
      },
      {
       "label": "法制审核人员数",
       "figure": "legal_reviewers"
      }
     ]
    }
   ]
  },
  "basis": "国办发〔2018〕118号 二（六）；《中华人民共和国行政处罚法》第九条"
 },
 {
  "code": "zhejiang-9",
  "name": "浙江式模板（9 类，万元）",
  "is_default": false,
  "amount_unit": "wan",
  "tie_break": "heaviest",
  "definition": {
   "categories": [
    {
     "code": "warning",
     "label": "警告、通报批评",
     "kinds": [
      "警告",
      "通报批评"
     ]
    },
    {
     "code": "fine",
     "label": "罚款",
     "kinds": [
      "罚款"
     ]
    },
    {
     "code": "confiscate",
     "label": "没收违法所得、没收非法财物",
     "kinds": [
      "没收违法所得",
      "没收非法财物"
     ]
    },
    {
     "code": "suspend",
     "label": "暂扣许可证件、降低资质等级",
     "kinds": [
      "暂扣许可证件",
      "降低资质等级"
     ]
    },
    {
     "code": "revoke",
     "label": "吊销许可证件",
     "kinds": [
      "吊销许可证件"
     ]
    },
    {
     "code": "restrict",
     "label": "限制开展生产经营活动",
     "kinds": [
      "限制开展生产经营活动"
     ]
    },
    {
     "code": "close",
     "label": "责令停产停业、责令关闭、限制从业",
     "kinds": [
      "责令停产停业",
      "责令关闭",
      "限制从业"
     ]
    },
    {
     "code": "detention",
     "label": "行政拘留",
     "kinds": [
      "行政拘留"
     ]
    },
    {
     "code": "other",
     "label": "其他行政处罚",
     "kinds": [
      "其他"
     ]
    }
   ],
   "sections": [
    {
     "title": "表一 行政处罚实施情况统计表",
     "note": "行政处罚决定数为本年度1月1日至12月31日作出行政处罚决定的数量（含简易程序当场作出的决定，含此后经行政复议或者行政诉讼被撤销的决定）。单处一种行政处罚的，计入相应类别；并处两种以上行政处罚的，算一宗，按本模板的规则计入一个类别；并处明确类别的行政处罚和其他行政处罚的，计入明确类别。罚没金额以处罚决定书确定的金额为准，没收违法所得、没收非法财物能确定金额的计入。",
     "rows": [
      {
       "label": "警告、通报批评",
       "category": "warning"
      },
      {
       "label": "罚款",
       "category": "fine"
      },
      {
       "label": "没收违法所得、没收非法财物",
       "category": "confiscate"
      },
      {
       "label": "暂扣许可证件、降低资质等级",
       "category": "suspend"
      },
      {
       "label": "吊销许可证件",
       "category": "revoke"
      },
      {
       "label": "限制开展生产经营活动",
       "category": "restrict"
      },
      {
       "label": "责令停产停业、责令关闭、限制从业",
       "category": "close"
      },
      {
       "label": "行政拘留",
       "category": "detention"
      },
      {
       "label": "其他行政处罚",
       "category": "other"
      },
      {
       "label": "合计（宗）",
       "figure": "penalty_total"
      },
      {
       "label": "罚没金额",
       "figure": "fine_amount"
      }
     ]
    },
    {
     "title": "表二 行政许可实施情况统计表",
     "note": "许可数量、不予许可数量、撤销许可数量为本年度作出的相应决定数（准予变更、延续计入许可数量，不予变更、延续计入不予许可数量），依据登记公示的行政许可决定统计；申请数量、受理数量由政务服务系统受理，本平台未记录。",
     "rows": [
      {
       "label": "申请数量",
       "figure": "licensing_applied"
      },
      {
       "label": "受理数量",
       "figure": "licensing_accepted"
      },
      {
       "label": "许可数量",
       "figure": "licensing_granted"
      },
      {
       "label": "不予许可数量",
       "figure": "licensing_refused"
      },
      {
       "label": "撤销许可数量",
       "figure": "licensing_revoked"
      }
     ]
    },
    {
     "title": "表三 行政强制实施情况统计表",
     "rows": [
      {
       "label": "行政强制措施实施数量",
       "figure": "compulsion_measures"
      },
      {
       "label": "其中：查封场所、设施或者财物",
       "figure": "compulsion_seal_up"
      },
      {
       "label": "其中：扣押财物",
       "figure": "compulsion_seize"
      },
      {
       "label": "申请人民法院强制执行数量",
       "figure": "court_enforcement"
      }
     ]
    },
    {
     "title": "表四 其他行政执法行为实施情况统计表",
     "rows": [
      {
       "label": "行政检查数量",
       "figure": "inspections_total"
      },
      {
       "label": "出具法制审核意见书数",
       "figure": "review_opinions"
      }
     ]
    },
    {
     "title": "表五 行政执法证持证率情况统计表",
     "rows": [
      {
       "label": "执法人员数",
       "figure": "officers"
      },
      {
       "label": "持证人数",
       "figure": "certified"
      },
      {
       "label": "持证率",
       "figure": "certified_share"
      }
     ]
    }
   ]
  },
  "basis": "浙江省县级行政执法统计年报样式（如庆元县2024年度行政执法统计年报）"
 }
]
"""
)


def install(apps, schema_editor):
    ReportTemplate = apps.get_model("statistics", "ReportTemplate")
    for spec in SHIPPED:
        fields = {k: v for k, v in spec.items() if k != "code"}
        ReportTemplate.objects.get_or_create(code=spec["code"], defaults=fields)


def remove(apps, schema_editor):
    ReportTemplate = apps.get_model("statistics", "ReportTemplate")
    ReportTemplate.objects.filter(code__in=[spec["code"] for spec in SHIPPED]).delete()


class Migration(migrations.Migration):
    dependencies = [("statistics", "0001_annual_reports")]
    operations = [migrations.RunPython(install, remove)]
