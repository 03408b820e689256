"""Forms of the portal's complaint pages (plain POST, no JavaScript). They check the shape of the input;
the rules are the services' (the handlers' actions post straight to them)."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.supervision import challenge
from zhifa.supervision.models import ComplaintSubject
from zhifa.supervision.selectors import IntakeChoices
from zhifa.supervision.services import CONTENT_MAX, NAME_MAX

UNKNOWN = "不清楚"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the checks that matter (count, size,
    sniffed type) are the service's."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data]
        return [one(data, initial)] if data else []


class ComplaintForm(forms.Form):
    # Ids, checked against the database by the view (an agency withdrawn since the page was served is
    # refused there with its own message); the options are set only when the form is shown, so that a
    # submission does not read every agency to validate one id.
    agency = forms.IntegerField(
        label="被投诉举报的执法主体",
        required=False,
        min_value=1,
        widget=forms.Select,
        error_messages={
            "invalid": "所选执法主体不存在，请重新选择",
            "min_value": "所选执法主体不存在，请重新选择",
        },
    )
    region = forms.IntegerField(
        label="事发地区（不清楚执法主体时必选）",
        required=False,
        min_value=1,
        widget=forms.Select,
        error_messages={"invalid": "所选地区不存在，请重新选择", "min_value": "所选地区不存在，请重新选择"},
    )
    subject_kind = forms.ChoiceField(
        label="事项类别",
        choices=ComplaintSubject.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择事项类别：举报违法行为，或者投诉执法行为"},
    )
    content = forms.CharField(
        label="投诉举报内容",
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "class": "wide"}),
        help_text="请写明时间、地点、涉及的单位或人员、事情经过和您的诉求。",
        error_messages={
            "required": "请填写投诉举报内容",
            "max_length": f"投诉举报内容不能超过 {CONTENT_MAX} 字",
        },
    )
    complainant_name = forms.CharField(
        label="姓名（可不填，匿名举报也会受理）",
        max_length=NAME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "class": "wide"}),
        error_messages={"max_length": f"姓名不能超过 {NAME_MAX} 字"},
    )
    complainant_phone = forms.CharField(
        label="联系电话（可不填）",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "class": "wide"}),
        error_messages={"max_length": "电话号码过长"},
    )
    attachments = MultipleFileField(
        label="附件（可不选）",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    # The honeypot (challenge.py): off screen for people, filled by form-filling scripts.
    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", challenge.issue())

    def with_choices(self, choices: IntakeChoices) -> ComplaintForm:
        """The options of the two selects, for showing the form (a bound form keeps what was chosen)."""
        agency: Any = self.fields["agency"].widget
        agency.choices = [("", UNKNOWN), *[(group, list(items)) for group, items in choices.groups]]
        region: Any = self.fields["region"].widget
        region.choices = [("", "请选择"), *choices.regions]
        if len(choices.regions) == 1 and not self.is_bound:
            self.initial.setdefault("region", choices.regions[0][0])
        return self

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agency") is None and data.get("region") is None and "region" not in self.errors:
            self.add_error("region", "请选择被投诉举报的执法主体；不清楚的，请选择事发地区")
        return data


class QueryForm(forms.Form):
    receipt_number = forms.CharField(
        label="受理编号",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "wide", "placeholder": "TS-…"}),
        error_messages={"required": "请填写受理编号"},
    )
    query_code = forms.CharField(
        label="查询码",
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "wide"}),
        error_messages={"required": "请填写查询码"},
    )
