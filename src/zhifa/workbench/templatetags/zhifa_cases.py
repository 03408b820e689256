from django import template

from zhifa.cases import engine
from zhifa.cases.models import Case
from zhifa.catalog.models import Tier

register = template.Library()


@register.filter
def state_label(case: Case) -> str:
    return engine.procedure_of(case).state_label(case.state)


@register.filter
def tier_label(tier: str) -> str:
    """`minor` → 轻微: a benchmark tier by its Chinese name; an agency's own label is shown as written."""
    return str(Tier(tier).label) if tier in Tier.values else tier
