import axes.apps
import django.contrib.admin.apps
from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from . import audit  # noqa: F401  (connects the security log receivers)
        from .directory_counts import install_after_migrate, uninstall_before_migrate
        from .services import record_sign_in

        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_sign_in, dispatch_uid="accounts_record_sign_in")
        pre_migrate.connect(uninstall_before_migrate, sender=self, dispatch_uid="directory_counts")
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="directory_counts")


class SignInLockoutsConfig(axes.apps.AppConfig):
    """django-axes, named in the admin for what staff go there for (INSTALLED_APPS names it)."""

    default = False  # not a configuration of `accounts`
    verbose_name = _("Sign-in lockouts")


class SchoolAdminConfig(django.contrib.admin.apps.AdminConfig):
    """Django's admin with the school's site as the default (INSTALLED_APPS names it)."""

    default = False  # not a configuration of `accounts`
    default_site = "accounts.admin_site.SchoolAdminSite"
