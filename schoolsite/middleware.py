"""The site's own middleware, built on Django's public response helpers."""

from django.utils.cache import patch_cache_control


def private_when_varying_on_cookie(get_response):
    """Mark `Cache-Control: private` every response that depends on the visitor's cookies.

    Django's session and CSRF middleware say so with `Vary: Cookie` (every signed-in page, every
    form); some shared caches and CDNs ignore `Vary`, so no such cache may keep one visitor's
    page for another.
    """

    def middleware(request):
        response = get_response(request)
        if "cookie" in response.get("Vary", "").lower():
            patch_cache_control(response, private=True)
        return response

    return middleware
