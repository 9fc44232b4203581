"""`reverse()` for a URL without arguments, worked out once per URLconf and script prefix.

Reversing a namespaced name costs about 40 microseconds, and every page's navigation has
nine. Such a URL depends only on the name, the URLconf and the script prefix, which make the
key (add the language if the site ever uses i18n_patterns); the cache is dropped whenever the
URLconf setting changes.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

MAX_CACHED = 1000  # names come from templates and code; the cap only guards against a runaway
_reversed = {}


def reverse_once(view_name, request=None):
    """Return `reverse(view_name)`, from the cache after the first time.

    Given the request being answered, its URLconf and script prefix are looked up once for
    all the URLs of its page.
    """
    key = (view_name, *location(request))
    try:
        return _reversed[key]
    except KeyError:
        url = reverse(view_name)
        if len(_reversed) >= MAX_CACHED:
            _reversed.clear()
        _reversed[key] = url
        return url


def location(request):
    """(URLconf, script prefix) in force, remembered on the request when there is one."""
    if request is None:
        return get_urlconf(), get_script_prefix()
    try:
        return request._urlconf_and_script_prefix
    except AttributeError:
        found = request._urlconf_and_script_prefix = (get_urlconf(), get_script_prefix())
        return found


@receiver(setting_changed)
def _forget_on_urlconf_change(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.clear()
