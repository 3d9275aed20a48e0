from django import template

register = template.Library()


@register.filter
def dictget(mapping, key):
    """`{{ values|dictget:code }}`: a dict entry by a variable key."""
    return mapping.get(key) if mapping else None
