"""What every page of the site is given besides its own context."""

from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.middleware import get_user
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject


def auth(request):
    """Django's `user` and `perms`, with `user` the account itself rather than a stand-in.

    The authentication middleware puts a lazy stand-in on `request.user`, which every
    attribute a page reads passes through (some fifty a page). `get_user()` is what that
    stand-in loads, once per request; `login()` and `logout()` replace the stand-in with the
    account they set, which is then used as it is.
    """
    user = getattr(request, "user", None)
    if user is None:
        user = AnonymousUser()
    elif isinstance(user, SimpleLazyObject):
        user = get_user(request)
    return {"user": user, "perms": PermWrapper(user)}
