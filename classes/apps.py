from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class ClassesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "classes"
    verbose_name = "Classes and enrolment"

    def ready(self):
        from . import roster_admin  # noqa: F401  (roster import in the admin; admin.py is its own)
        from .role_guard import install_after_migrate, uninstall_before_migrate

        pre_migrate.connect(uninstall_before_migrate, sender=self, dispatch_uid="role_guard")
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="role_guard")
