"""The clerk's form for registering a decision made outside the case workflow for publication: a penalty
decided in another case system or an older one, a licensing or another decision."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from zhifa.cases.models import PartyKind
from zhifa.publicity.registration import (
    PERSON_ROLES,
    REGISTRABLE,
    REGISTRABLE_PENALTY_KINDS,
    NamedPerson,
    RegisteredDecision,
    role_code,
)

PERSONS_HELP = "每行一人，写“身份：姓名”，如“证人：赵某某”。身份可为" + "、".join(
    label for code, label in PERSON_ROLES.items() if code != "party"
)


def parse_persons(text: str) -> tuple[NamedPerson, ...]:
    """One person a line, "身份：姓名" (also "身份:姓名" or "身份 姓名"); a Chinese message on a bad line."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = re.split(r"[:：\s]+", line, maxsplit=1)
        if len(parts) != 2 or not parts[1].strip():
            raise forms.ValidationError(f"第 {number} 行应写“身份：姓名”，如“证人：赵某某”")
        role, name = parts[0].strip(), parts[1].strip()
        if not role_code(role):
            raise forms.ValidationError(f"第 {number} 行的身份“{role}”无效。{PERSONS_HELP}")
        out.append(NamedPerson(name=name, role=role_code(role)))
    return tuple(out)


class DecisionRegisterForm(forms.Form):
    kind = forms.ChoiceField(label="决定类别", choices=[(k.value, k.label) for k in REGISTRABLE])
    decision_number = forms.CharField(label="决定书文号", max_length=60)
    decided_on = forms.DateField(label="决定日期", widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(
        label="事项名称（违法行为类型）", max_length=200, help_text="如：食品经营许可；处罚决定填违法行为类型"
    )
    content = forms.CharField(
        label="决定内容",
        max_length=300,
        required=False,
        help_text="如：准予许可，许可证编号 JY…；行政处罚决定按处罚种类和罚款金额自动生成",
    )
    penalty_kinds = forms.MultipleChoiceField(
        label="处罚种类",
        choices=[(k, k) for k in REGISTRABLE_PENALTY_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="仅行政处罚决定填写",
    )
    fine_amount = forms.DecimalField(
        label="罚款金额（元）", max_digits=14, decimal_places=2, min_value=0, required=False
    )
    restriction_until = forms.DateField(
        label="限制期限届满日",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="限制从业等期限超过公示期的，公示至期限届满",
    )
    source_system = forms.CharField(
        label="来源系统", max_length=100, required=False, help_text="如：原执法办案系统、纸质案卷"
    )
    party_name = forms.CharField(label="当事人名称", max_length=200)
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices)
    legal_representative = forms.CharField(label="法定代表人", max_length=100, required=False)
    party_id_number = forms.CharField(
        label="当事人身份证件号码", max_length=30, required=False, help_text="仅用于从正文中隐去，不会公示"
    )
    party_address = forms.CharField(label="当事人住址", max_length=300, required=False)
    party_phone = forms.CharField(label="当事人电话", max_length=30, required=False)
    persons = forms.CharField(
        label="决定书中提到的其他人员",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=PERSONS_HELP + "。仅用于隐去，不会公示",
    )
    text = forms.CharField(label="决定书正文", widget=forms.Textarea(attrs={"rows": 14}))

    def clean_persons(self) -> tuple[NamedPerson, ...]:
        return parse_persons(str(self.cleaned_data.get("persons") or ""))

    def decision(self) -> RegisteredDecision:
        data: dict[str, Any] = dict(self.cleaned_data)
        data["penalty_kinds"] = tuple(data.get("penalty_kinds") or ())
        data["content"] = data.get("content") or ""
        data["source_system"] = data.get("source_system") or ""
        return RegisteredDecision(**data)
