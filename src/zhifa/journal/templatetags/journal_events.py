"""`{{ entry.event_type|event_label }}` and `{{ entry.subject|subject_label }}`: the workbench shows an
event's Chinese label and what it is about in words, never the codes."""

from django import template
from django.apps import apps

from zhifa.journal import events

register = template.Library()


@register.filter
def event_label(event_type: str) -> str:
    return events.label(event_type)


@register.filter
def subject_label(subject: str) -> str:
    """`publicity.publication:89` → `公示决定 #89`: the model's Chinese verbose name and its number, no
    query per row. A subject that names no installed model is shown as recorded."""
    head, sep, pk = subject.partition(":")
    app_label, dot, model_name = head.partition(".")
    if not (sep and dot):
        return subject
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return subject
    return f"{model._meta.verbose_name} #{pk}"
