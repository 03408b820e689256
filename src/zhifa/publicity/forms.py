"""The clerk's form for registering a licensing or other decision for publication."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.cases.models import PartyKind
from zhifa.publicity.models import PublicationKind
from zhifa.publicity.registration import REGISTRABLE, RegisteredDecision


class DecisionRegisterForm(forms.Form):
    kind = forms.ChoiceField(label="决定类别", choices=[(k.value, k.label) for k in REGISTRABLE])
    decision_number = forms.CharField(label="决定书文号", max_length=60)
    decided_on = forms.DateField(label="决定日期", widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label="事项名称", max_length=200, help_text="如：食品经营许可")
    content = forms.CharField(label="决定内容", max_length=300, help_text="如：准予许可，许可证编号 JY…")
    party_name = forms.CharField(label="当事人名称", max_length=200)
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices)
    legal_representative = forms.CharField(label="法定代表人", max_length=100, required=False)
    party_id_number = forms.CharField(
        label="当事人身份证件号码", max_length=30, required=False, help_text="仅用于从正文中隐去，不会公示"
    )
    party_address = forms.CharField(label="当事人住址", max_length=300, required=False)
    party_phone = forms.CharField(label="当事人电话", max_length=30, required=False)
    text = forms.CharField(label="决定书正文", widget=forms.Textarea(attrs={"rows": 14}))

    def decision(self) -> RegisteredDecision:
        data: dict[str, Any] = dict(self.cleaned_data)
        return RegisteredDecision(**data)


assert PublicationKind.PENALTY not in REGISTRABLE  # penalties come from cases (pipeline.py)
