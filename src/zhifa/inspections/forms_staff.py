"""The staff forms of plans, tasks, seeds and recusals: input shapes only; every rule is the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zhifa.catalog.models import InspectionItem
from zhifa.inspections import selectors_tasks
from zhifa.inspections.models import CreditClass, InspectionPlan, InspectionTask, Recusal, TargetKind
from zhifa.organizations.models import Agency
from zhifa.personnel.models import Officer

_DATE = forms.DateInput(attrs={"type": "date"})
_LIST_HELP = "多项以逗号或顿号分隔"


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="计划名称", max_length=200)
    description = forms.CharField(label="计划内容", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ItemChoice(forms.ModelMultipleChoiceField[InspectionItem]):
    def label_from_instance(self, obj: Any) -> str:
        kind = "重点" if obj.kind == InspectionItem.Kind.KEY else "一般"
        return f"{obj.agency.name}：{obj.name}（{kind}）"


class TaskForm(forms.Form):
    name = forms.CharField(label="任务名称", max_length=200)
    plan = forms.ModelChoiceField(label="所属计划", queryset=InspectionPlan.objects.none(), required=False)
    partner_agencies = forms.ModelMultipleChoiceField(
        label="联合抽查部门（综合查一次）",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="选择后，每户只检查一次，由各部门检查人员共同检查各自事项",
    )
    items = ItemChoice(
        label="抽查事项",
        queryset=InspectionItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="本部门随机抽查事项清单中的事项；联合抽查时另选各联合部门的事项",
    )
    kind = forms.ChoiceField(label="抽查方式", choices=InspectionTask.Kind.choices, widget=forms.RadioSelect)
    kinds = forms.MultipleChoiceField(
        label="主体类型", choices=TargetKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    region_codes = forms.CharField(
        label="区划代码", required=False, help_text=f"不填为本部门全部辖区；{_LIST_HELP}"
    )
    sectors = forms.CharField(label="行业（定向）", required=False, help_text=_LIST_HELP)
    credit_classes = forms.MultipleChoiceField(
        label="信用风险分类（定向）",
        choices=[("", "未分类"), *CreditClass.choices],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label="标签（定向）", required=False, help_text=f"如 经营异常、投诉多；{_LIST_HELP}"
    )
    ratio_percent = forms.DecimalField(
        label="抽查比例（%）",
        max_digits=5,
        decimal_places=2,
        help_text="按信用风险分类乘以地方规定的系数；一般检查事项的比例有上限，重点检查事项不设上限",
    )
    inspectors_per_target = forms.IntegerField(label="每户检查人员数", min_value=1, initial=2)
    starts_on = forms.DateField(label="开始日期", widget=_DATE)
    ends_on = forms.DateField(label="结束日期", widget=_DATE)
    random_source = forms.CharField(
        label="公开随机数来源",
        max_length=250,
        help_text="事先写明、抽取库固定之后才产生的公开数值，例如“中国福利彩票双色球第2026142期开奖号码"
        "（红球升序后接蓝球，以空格分隔）”",
    )
    random_source_on = forms.DateField(label="随机数产生日期", widget=_DATE, help_text="须晚于固定抽取库之日")

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        plan_field: Any = self.fields["plan"]
        plan_field.queryset = InspectionPlan.objects.filter(agency=agency).exclude(
            status=InspectionPlan.Status.COMPLETED
        )
        partners: Any = self.fields["partner_agencies"]
        partners.queryset = selectors_tasks.partner_candidates(agency=agency)
        items: Any = self.fields["items"]
        items.queryset = selectors_tasks.items_for(agency=agency)
        self.fields["kind"].initial = InspectionTask.Kind.UNDIRECTED

    def conditions(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "kinds": d["kinds"],
            "region_codes": d["region_codes"],
            "sectors": d["sectors"],
            "credit_classes": d["credit_classes"],
            "tags": d["tags"],
        }


class SeedForm(forms.Form):
    random_value = forms.CharField(
        label="公开随机数", max_length=300, help_text="按任务写明的格式照录公布的数值，不增删内容"
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label="撤销理由", widget=forms.Textarea(attrs={"rows": 2}))


class RecusalForm(forms.Form):
    officer = forms.ModelChoiceField(label="回避的检查人员", queryset=Officer.objects.none())
    credit_code = forms.CharField(label="检查对象统一社会信用代码", max_length=18)
    declared_by = forms.ChoiceField(label="提出方", choices=Recusal.DeclaredBy.choices)
    reason = forms.CharField(label="回避理由（仅内部可见，不公开）", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, agency_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["officer"]
        field.queryset = selectors_tasks.officers_of(agency_ids=agency_ids)

    def clean_credit_code(self) -> str:
        return str(self.cleaned_data["credit_code"]).strip().upper()
