"""The security audit log: who did what, from where; never a password."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .ip import client_ip

logger = logging.getLogger("schoolsite.security")


def log_event(event, request=None, account="", **details):
    """Write one audit line: event, account, client IP and any extra details."""
    ip = client_ip(request) if request is not None else "-"
    extra = " ".join(f"{key}={str(value)!r}" for key, value in sorted(details.items()))
    logger.info("%s account=%r ip=%s %s", event, str(account), ip, extra)


@receiver(user_logged_in, dispatch_uid="audit_logged_in")
def _logged_in(sender, request, user, **kwargs):
    log_event("sign_in.success", request, user.get_username(), role=user.role)


@receiver(user_logged_out, dispatch_uid="audit_logged_out")
def _logged_out(sender, request, user, **kwargs):
    log_event("sign_out", request, user.get_username() if user else "")


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    log_event("sign_in.failure", request, credentials.get("username", ""))


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    log_event("sign_in.locked_out", request, username)
