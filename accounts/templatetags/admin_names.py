"""Template filters of the admin: what a kind of record is called."""

from django import template
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered

register = template.Library()


@register.filter
def kind_name(content_type):
    """The name of one record of `content_type`: its admin's `singular`, or the model's."""
    model = content_type.model_class()
    try:
        singular = getattr(admin.site.get_model_admin(model), "singular", None)
    except NotRegistered:
        singular = None
    return singular or content_type.name
