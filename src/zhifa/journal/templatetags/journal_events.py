"""`{{ entry.event_type|event_label }}`: the workbench shows an event's Chinese label, never its code."""

from django import template

from zhifa.journal import events

register = template.Library()


@register.filter
def event_label(event_type: str) -> str:
    return events.label(event_type)
