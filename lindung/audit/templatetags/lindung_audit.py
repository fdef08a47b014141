from django import template

from lindung.audit.labels import action_label

register = template.Library()


@register.filter
def action_words(code: str) -> str:
    return action_label(code)
