from django.contrib.sessions import middleware
from django.utils.cache import patch_cache_control


class SessionMiddleware(middleware.SessionMiddleware):
    """Django's session middleware; a page that read the session is also marked private.

    Such a page depends on the visitor's cookies (their account, the CSRF token of its forms),
    so no shared cache may keep it. Django says so with `Vary: Cookie`, which some caches and
    CDNs ignore; they do not store a response that sets a cookie, and Django used to send the
    CSRF cookie again with every page that shows a form. The site's pages no longer do
    (schoolsite/csrf.py), so the header says it instead.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        session = getattr(request, "session", None)
        if session is not None and session.accessed:
            patch_cache_control(response, private=True)
        return response
