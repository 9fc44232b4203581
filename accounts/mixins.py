from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class RoleRequiredMixin(AccessMixin):
    """Let in signed-in users of `allowed_roles` (and staff when `allow_staff`).

    Anonymous visitors go to `login_url` with `next`; anyone else gets a 403 page that
    says why.
    """

    allowed_roles = ()
    allow_staff = False
    denied_message = ""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not (user.role in self.allowed_roles or (self.allow_staff and user.is_staff)):
            raise PermissionDenied(self.denied_message or _("This page is not for your account."))
        return super().dispatch(request, *args, **kwargs)


class AnonymousOnlyMixin:
    """Send signed-in users to their own dashboard instead of a sign-in or sign-up page."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(request.user.get_dashboard_url())
        return super().dispatch(request, *args, **kwargs)
