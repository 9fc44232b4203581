"""The CSRF token of the site's pages: Django's token, masked with one draw of random bytes.

Every signed-in page carries a token (the menu's sign-out form), masked afresh for each
response so that it never repeats in a compressed page (BREACH). Django draws the mask's 32
characters one `secrets.choice()` at a time, a system call each, and finds each character's
place by a search through the alphabet: about 40 microseconds, a tenth of a dashboard.

Here the mask comes from `os.urandom()`, the source `secrets` uses, in one call (a second is
needed about once in 10**13 masks), mapped to the alphabet without bias: bytes 248 to 255 are
dropped, so each character stands for exactly four byte values. Places and characters are
looked up in tables by `bytes.translate()`. The token has Django's form, and Django's middleware
checks it as it checks its own: only how it is produced differs.
Everything else is Django's `get_token()`: a request without a valid secret gets one.

Unlike `get_token()`, it does not have the cookie sent again to a browser that has just sent
that very cookie. Django re-sends it with every page that shows a form so that its year-long
life restarts, at a twentieth of a dashboard's time. A signed-in visitor's cookie is new at
each sign-in (Django's `login()` rotates it). Should a cookie still reach the end of its year,
the next page sets a new one, as for a first visit: only a form shown just before that moment
and sent after it is refused, as when a browser clears its cookies. Such a page still answers
`Vary: Cookie`: every page reads the session (accounts.context_processors.auth), and the
session middleware says so.
"""

import operator
import os

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

ALPHABET = CSRF_ALLOWED_CHARS.encode()  # Django's: ASCII letters and digits (a test checks)
UNBIASED = 256 - 256 % len(ALPHABET)  # 248: the byte values that map evenly
# Tables for bytes.translate(), so that each step runs over the whole token in C:
PLACE_OF_BYTE = bytes(value % len(ALPHABET) for value in range(256))
DROPPED = bytes(range(UNBIASED, 256))
PLACE_OF_CHAR = bytes.maketrans(ALPHABET, bytes(range(len(ALPHABET))))
CHAR_OF_PLACE = bytes(ALPHABET[value % len(ALPHABET)] for value in range(256))  # sums too


def random_places(length):
    """`length` places in the alphabet, each as likely as any other."""
    places = b""
    while len(places) < length:
        # Under 32 of 48 bytes below 248 happens once in 10**13 draws.
        places += os.urandom(length + 16).translate(PLACE_OF_BYTE, DROPPED)
    return places[:length]


def random_chars(length):
    """`length` characters of the token alphabet, each as likely as any other."""
    return random_places(length).translate(CHAR_OF_PLACE).decode()


def masked_token(request):
    """What `django.middleware.csrf.get_token(request)` returns, masked as Django masks it."""
    secret = request.META.get("CSRF_COOKIE")
    if (
        secret is None
        or len(secret) != CSRF_SECRET_LENGTH
        or not secret.isascii()
        or not secret.isalnum()
    ):
        return get_token(request)  # no secret yet (or not one Django made): Django makes one
    if settings.CSRF_USE_SESSIONS or request.COOKIES.get(settings.CSRF_COOKIE_NAME) != secret:
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # the browser lacks this cookie
    mask = random_places(CSRF_SECRET_LENGTH)
    # Django's cipher: each character moved along the alphabet by its mask character's place.
    sums = bytes(map(operator.add, secret.encode().translate(PLACE_OF_CHAR), mask))
    return (mask.translate(CHAR_OF_PLACE) + sums.translate(CHAR_OF_PLACE)).decode()


class CsrfInput:
    """A form's hidden token field, as Django's `csrf_input()`, masked when it is shown."""

    __slots__ = ("request",)

    def __init__(self, request):
        self.request = request

    def __html__(self):
        # The token's characters are letters and digits: nothing to escape.
        token = masked_token(self.request)
        return f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'

    __str__ = __html__


class CsrfToken(CsrfInput):
    """The masked token alone, as Django's `csrf_token`, for a page's script."""

    __slots__ = ()

    def __html__(self):
        return masked_token(self.request)

    __str__ = __html__


def context_processor(request):
    """`csrf_input` and `csrf_token` for the site's pages, in place of the Jinja2 backend's own.

    Lazy, as Django's: only a page that shows a form masks a token.
    """
    return {"csrf_input": CsrfInput(request), "csrf_token": CsrfToken(request)}
