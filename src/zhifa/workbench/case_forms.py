"""The workbench form that starts a case (issue 18 §1): 线索登记 for the general and no-penalty
procedures (the lead lands on the head's to-do list for 立案审批, SAMR 程序规定 Art.20), an on-the-spot
case of the summary procedure (行政处罚法 Art.51: its decision is then taken on the case page), or a
proposed compulsion measure (行政强制法 Art.18).

The form only parses what was typed into typed values and offers the agency's own choices; every rule
(the item belongs to the agency, the place lies in its region, dates, identity numbers, who may open a
case) is the service's (cases.services.case_open_with_party), whose Chinese refusal is shown beside the
field it names, with everything typed kept."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.cases.guards import PENALTY_KINDS
from zhifa.cases.models import PartyKind, ProcedureKind
from zhifa.catalog.models import EnforcementItem, ItemKind
from zhifa.organizations.models import Agency, Region
from zhifa.personnel.models import Officer

PROCEDURES = (
    (ProcedureKind.GENERAL, "普通程序：登记线索，报负责人审批立案"),
    (ProcedureKind.SUMMARY, "简易程序：当场作出处罚决定"),
    (ProcedureKind.NO_PENALTY, "不予处罚：登记线索，报负责人审批立案"),
    (ProcedureKind.COMPULSION, "行政强制措施：提出查封、扣押"),
)

# A province-level agency's region holds thousands of places: the list offers at most this many, the
# nearest levels first; a place further down is typed as 具体地点 under its county.
PLACE_CHOICES_MAX = 3000

# Service errors name their field by the service's keyword; the form's field for it.
FIELD_OF = {
    "kind": "party_kind",
    "name": "party_name",
    "address": "party_address",
    "officers": "officer_ids",
    "party": "party_name",
}


class CaseOpenForm(forms.Form):
    procedure = forms.ChoiceField(label="程序", choices=PROCEDURES)
    item = forms.TypedChoiceField(label="执法事项", coerce=int)
    title = forms.CharField(label="案由", max_length=200)
    source = forms.CharField(label="案件来源（如 日常检查、投诉举报、移送）", max_length=100, required=False)
    place = forms.ChoiceField(label="违法行为发生地")
    place_text = forms.CharField(label="具体地点", max_length=300, required=False)
    discovered_on = forms.DateField(label="发现日期", widget=forms.DateInput(attrs={"type": "date"}))
    act_on = forms.DateField(label="违法行为发生日期", widget=forms.DateInput(attrs={"type": "date"}))
    act_ended_on = forms.DateField(
        label="违法行为终了日期（连续或继续状态的）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices)
    party_name = forms.CharField(label="当事人姓名或名称", max_length=200)
    party_address = forms.CharField(label="住所或住址", max_length=300)
    credit_code = forms.CharField(label="统一社会信用代码（法人、其他组织、个体工商户）", required=False)
    id_number = forms.CharField(label="身份证件号码（自然人、经营者）", required=False)
    legal_representative = forms.CharField(label="法定代表人或负责人", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    officer_ids = forms.TypedMultipleChoiceField(
        label="承办执法人员（不少于两人，行政处罚法第四十二条）",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_officer_id = forms.TypedChoiceField(label="主办人", coerce=int, required=False, empty_value=None)
    penalty_kinds = forms.MultipleChoiceField(
        label="处罚种类（简易程序）",
        choices=[(k, k) for k in PENALTY_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fine_amount = forms.DecimalField(
        label="罚款金额（元，简易程序）", required=False, min_value=0, max_digits=14, decimal_places=2
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        items = EnforcementItem.objects.filter(
            agency=agency, kind__in=(ItemKind.PENALTY, ItemKind.COMPULSION)
        ).order_by("code")
        self._choices("item", [("", "请选择"), *((i.pk, f"{i.code} {i.name}") for i in items)])
        places = Region.objects.filter(path__startswith=agency.region.path).order_by("path")
        self._choices(
            "place",
            [("", "请选择"), *((r.code, f"{r.name}（{r.code}）") for r in places[:PLACE_CHOICES_MAX])],
        )
        officers = [(o.pk, o.name) for o in Officer.objects.filter(agency=agency).order_by("name", "pk")]
        self._choices("officer_ids", officers)
        self._choices("lead_officer_id", [("", "第一位承办人员"), *officers])

    def _choices(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    GROUPS = (
        ("案件", "procedure item title source place place_text discovered_on act_on act_ended_on"),
        ("当事人", "party_kind party_name party_address credit_code id_number legal_representative phone"),
        ("执法人员", "officer_ids lead_officer_id"),
        ("当场处罚（仅简易程序）", "penalty_kinds fine_amount"),
    )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields by fieldset, in the order the page shows them."""
        return [(legend, [self[name] for name in names.split()]) for legend, names in self.GROUPS]

    def party(self) -> dict[str, str]:
        d = self.cleaned_data
        return {
            "kind": d["party_kind"],
            "name": d["party_name"].strip(),
            "address": d["party_address"].strip(),
            "credit_code": d["credit_code"].strip(),
            "id_number": d["id_number"].strip(),
            "legal_representative": d["legal_representative"].strip(),
            "phone": d["phone"].strip(),
        }

    def refuse(self, field: str | None, message: str) -> None:
        """Show a service refusal beside the field it names (or above the form)."""
        name = FIELD_OF.get(field or "", field or "")
        self.add_error(name if name in self.fields else None, message)
