"""`{% person_panels person %}`: the panels upper apps registered for the person page (lindung.platform.panels)."""

from django import template

from lindung.platform import panels

register = template.Library()


@register.inclusion_tag("platform/panels.html", takes_context=True)
def person_panels(context, person) -> dict:
    return {"panels": panels.person_panels(context["request"].user, person)}
