"""Cases are visible to administrators here but never changed: every change goes through the engine.
Regional settings (ProcedureSetting) are edited here, over the keys registered in cases.rules."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from zhifa.cases import rules
from zhifa.cases.documents import TITLES
from zhifa.cases.models import Case, NumberingTemplate, ProcedureSetting, Violation
from zhifa.cases.models_money import CollectionAccount
from zhifa.cases.numbering import KIND_CODES
from zhifa.core.admin import JournaledAdmin


class ViolationInline(admin.TabularInline[Violation, Case]):
    """The case's violations (issue 17), read only like the case."""

    model = Violation
    extra = 0
    fields = ("ordinal", "item", "facts", "legal_basis", "penalty_kinds", "fine_amount", "same_act_as")
    readonly_fields = (
        "ordinal",
        "item",
        "facts",
        "legal_basis",
        "penalty_kinds",
        "fine_amount",
        "same_act_as",
    )
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    inlines = [ViolationInline]
    list_display = ["case_number", "title", "agency", "procedure", "state", "decided_on"]
    list_filter = ["procedure", "state"]
    search_fields = ["case_number", "title"]
    list_select_related = ["agency"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _number(value: Any) -> str:
    return f"{value.normalize():f}"


def key_choices(current: str = "") -> list[tuple[str, str]]:
    """The registered keys, each labelled with the article it comes from and its national default; a
    row's own key that is not registered (a row from before keys were checked) is kept in the list,
    marked, so that its page opens and saving it names the problem."""
    choices = [("", "---------")] + [
        (key, f"{key}（{d.basis}；全国默认 {_number(d.value)}）") for key, d in sorted(rules.DEFAULTS.items())
    ]
    if current and current not in rules.DEFAULTS:
        choices.append((current, f"{current}（未登记，请改选）"))
    return choices


class ProcedureSettingForm(forms.ModelForm[ProcedureSetting]):
    # A plain text field shown as a list: the model's validation (ProcedureSetting.clean, cases.rules)
    # is what refuses a key nobody registered, for the admin and anyone else who validates the row.
    key = forms.CharField(label="参数", max_length=60, widget=forms.Select())

    class Meta:
        model = ProcedureSetting
        fields = ["key", "region", "value", "basis"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per form: every app has registered its keys by then (AppConfig.ready()).
        widget: Any = self.fields["key"].widget
        widget.choices = key_choices(self.instance.key if self.instance.pk else "")


@admin.register(ProcedureSetting)
class ProcedureSettingAdmin(JournaledAdmin[ProcedureSetting]):
    form = ProcedureSettingForm
    list_display = ["key", "region", "value", "national_default", "basis"]
    list_filter = ["key"]
    list_select_related = ["region"]
    readonly_fields = ["national_default"]
    fields = ["key", "region", ("value", "national_default"), "basis"]

    @admin.display(description="全国默认值")
    def national_default(self, obj: ProcedureSetting) -> str:
        default = rules.DEFAULTS.get(obj.key) if obj and obj.key else None
        if default is None:
            return "—（参数未登记）" if obj and obj.key else "—"
        return f"{_number(default.value)}（{default.basis}）"


class NumberingTemplateForm(forms.ModelForm[NumberingTemplate]):
    kind = forms.ChoiceField(
        label="文书种类",
        choices=[(k, f"{TITLES.get(k, k)}（{code}）") for k, code in KIND_CODES.items()],
    )

    class Meta:
        model = NumberingTemplate
        fields = ["agency", "kind", "template"]


@admin.register(NumberingTemplate)
class NumberingTemplateAdmin(JournaledAdmin[NumberingTemplate]):
    """文号模板: validated by NumberingTemplate.clean (cases.numbering.validate_template)."""

    form = NumberingTemplateForm
    list_display = ["agency", "kind", "template"]
    list_filter = ["kind"]
    search_fields = ["agency__name", "template"]
    list_select_related = ["agency"]


@admin.register(CollectionAccount)
class CollectionAccountAdmin(JournaledAdmin[CollectionAccount]):
    """罚没款收缴账户 (行政处罚法 Art.67 para.1, 罚缴分离): the designated bank and account each agency's
    decisions print in their payment clause; bank statements are checked against it on import."""

    list_display = ["agency", "bank_name", "account_name", "account_number"]
    search_fields = ["agency__name", "bank_name", "account_number"]
    list_select_related = ["agency"]
