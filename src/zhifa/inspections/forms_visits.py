"""Forms of the inspecting pages (views_visits.py): they parse and present; the rules are in visits.py."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.catalog.models import InspectionItem
from zhifa.inspections.models import Inspection, InspectionRating, InspectionResult, InspectionTarget
from zhifa.lib.identifiers import check_credit_code
from zhifa.personnel.models import Officer

LOCAL_DATETIME = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class _Officers(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _Items(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SiteRecordForm(forms.Form):
    started_at = forms.DateTimeField(label="检查开始时间", input_formats=LOCAL_DATETIME)
    ended_at = forms.DateTimeField(label="检查结束时间", input_formats=LOCAL_DATETIME)
    place = forms.CharField(label="检查地点", max_length=300)
    representative_name = forms.CharField(label="被检查单位现场负责人", max_length=50)
    representative_title = forms.CharField(label="职务", max_length=50, required=False)
    officers = _Officers(
        label="在场检查人员", queryset=Officer.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    items = _Items(
        label="检查的事项", queryset=InspectionItem.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    findings = forms.CharField(label="检查情况", widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)
    recusal_requested = forms.BooleanField(label="被检查单位申请检查人员回避", required=False)

    def __init__(
        self, *args: Any, officers: list[Officer], items: list[InspectionItem], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = Officer.objects.filter(pk__in=[o.pk for o in officers])  # type: ignore[attr-defined]
        self.fields["items"].queryset = InspectionItem.objects.filter(pk__in=[i.pk for i in items])  # type: ignore[attr-defined]


class ResultForm(forms.Form):
    outcome = forms.ChoiceField(label="检查结果", choices=InspectionResult.Outcome.choices)
    item = forms.ModelChoiceField(
        label="发现违法行为的检查事项（结果为“发现违法行为”时）",
        queryset=InspectionItem.objects.none(),
        required=False,
    )
    findings = forms.CharField(
        label="检查情况", widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=5000
    )

    def __init__(self, *args: Any, items: list[InspectionItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = InspectionItem.objects.filter(pk__in=[i.pk for i in items])  # type: ignore[attr-defined]


class RegisterForm(forms.Form):
    credit_code = forms.CharField(label="检查对象统一社会信用代码", max_length=18)
    kind = forms.ChoiceField(
        label="检查类型", choices=[(k, v) for k, v in Inspection.Kind.choices if k != Inspection.Kind.RANDOM]
    )
    superior_deployed = forms.BooleanField(label="上级部署的专项检查", required=False)
    items = _Items(
        label="检查事项", queryset=InspectionItem.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    officers = _Officers(
        label="检查人员（不少于两名）", queryset=Officer.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    planned_on = forms.DateField(label="计划检查日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label="检查事由（个案检查写明投诉举报、转办交办等来源；专项检查写明部署文件）",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    confirm_repeat = forms.BooleanField(label="已知悉上述重复检查提示，确需检查", required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = InspectionItem.objects.filter(agency_id=agency_id).order_by("name")  # type: ignore[attr-defined]
        self.fields["officers"].queryset = Officer.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id, status=Officer.Status.ACTIVE
        ).order_by("name", "id")

    def clean_credit_code(self) -> InspectionTarget:
        raw = self.cleaned_data["credit_code"].strip().upper()
        check = check_credit_code(raw)
        if not check.ok:
            raise forms.ValidationError(check.error or "统一社会信用代码无效")
        target = (
            InspectionTarget.objects.select_related("region")
            .filter(credit_code=check.normalized or raw)
            .first()
        )
        if target is None:
            raise forms.ValidationError("检查对象名录库中没有该统一社会信用代码的企业")
        return target


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="您对本次检查的评价", choices=InspectionRating.Rating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="意见（选填）", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=500
    )
