"""The admin site, naming each list as the school says it."""

from django.contrib import admin
from django.utils.text import capfirst


class SchoolAdminSite(admin.AdminSite):
    """Django's admin; a model admin with a `plural` names its list in the menus and index."""

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for model in app["models"]:
                plural = getattr(self.get_model_admin(model["model"]), "plural", None)
                if plural:
                    model["name"] = capfirst(plural)
        return app_list
