from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _directories_changed(**kwargs):
    from .pagination import directories_changed

    directories_changed()


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from . import audit  # noqa: F401  (connects the security log receivers)
        from .services import record_sign_in

        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_sign_in, dispatch_uid="accounts_record_sign_in")
        # Staff edits (deactivating, renaming, deleting) change who the directories list.
        for signal in (post_save, post_delete):
            signal.connect(_directories_changed, sender=self.get_model("User"), weak=False)
