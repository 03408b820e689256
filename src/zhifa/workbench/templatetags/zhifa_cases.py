from django import template

from zhifa.cases import engine
from zhifa.cases.models import Case

register = template.Library()


@register.filter
def state_label(case: Case) -> str:
    return engine.procedure_of(case).state_label(case.state)
