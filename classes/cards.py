"""What a printed sign-in card holds: the student, and a QR code of their badge's URL."""

import datetime

import segno
from django.urls import reverse
from django.utils import timezone
from markupsafe import Markup


def expiry(school_class):
    """When the class's cards stop working: the end of its last term, if the site knows it."""
    ends = [term.end_date for term in school_class.terms.all()]
    if not ends:
        return None
    last_day = max(ends) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(last_day, datetime.time()))


def card(request, student, token):
    url = request.build_absolute_uri(reverse("accounts:badge", args=[token]))
    qr = segno.make(url, error="m")
    # segno's own SVG of a URL we made: no text from a person is in it.
    svg = Markup(qr.svg_inline(scale=3, border=2, dark="#000", light="#fff"))  # noqa: S704
    return {"student": student, "url": url, "qr": svg}
