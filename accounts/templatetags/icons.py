"""`{% icon "cap" size=24 class="..." %}`: the site's small decorative SVG icons."""

import functools

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# SVG path data, fixed here; never user input, so safe to mark safe.
PATHS = {
    "cap": '<path d="M12 3 1 8.5 12 14l9-4.5V16h2V8.5z"/><path d="M5 11.6V16c0 1.7 3.1 3 7 3s7-1.3 7-3v-4.4L12 15z"/>',
    "person": '<circle cx="12" cy="8" r="4"/><path d="M4 20c0-4.1 3.6-7 8-7s8 2.9 8 7z"/>',
    "student": '<path d="M12 2 3 6l9 4 7-3.1V11h1.6V6z"/><path d="M7 8.7V11a5 5 0 0 0 10 0V8.7l-5 2.2z"/><path d="M4 21c0-3.6 3.6-6 8-6s8 2.4 8 6z"/>',
    "teacher": '<path d="M3 3h18v11H3zm2 2v7h14V5z"/><path d="M7 7h6v1.6H7zm0 2.6h4v1.6H7z"/><path d="M11.2 14h1.6v3l3.4 4h-2.1L12 18.4 9.9 21H7.8l3.4-4z"/>',
    "dashboard": '<path d="M3 3h8v10H3zm10 0h8v6h-8zM3 15h8v6H3zm10-4h8v10h-8z"/>',
    "people": '<circle cx="8" cy="8" r="3.5"/><circle cx="17" cy="9" r="3"/><path d="M1 20c0-3.6 3.1-6 7-6s7 2.4 7 6zm14.5 0c0-2-.7-3.7-2-5 1-.6 2.2-1 3.5-1 3.3 0 6 2 6 5v1z"/>',
    "lock": '<path d="M12 2a5 5 0 0 0-5 5v3H5v12h14V10h-2V7a5 5 0 0 0-5-5zm-3 8V7a3 3 0 0 1 6 0v3zm3 3.5a2 2 0 0 1 1 3.7V19h-2v-1.8a2 2 0 0 1 1-3.7z"/>',
    "key": '<path d="M8 6a6 6 0 1 0 5.7 8H15v2h3v-2h2v-4h-6.3A6 6 0 0 0 8 6zm0 4a2 2 0 1 1 0 4 2 2 0 0 1 0-4z"/>',
    "mail": '<path d="M2 5h20v14H2zm2 2.2v9.8h16V7.2l-8 5.3z"/><path d="M4.5 7h15L12 12z"/>',
    "search": '<path d="M10 3a7 7 0 0 1 5.6 11.2l5.6 5.6-1.4 1.4-5.6-5.6A7 7 0 1 1 10 3zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10z"/>',
    "shield": '<path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5zm-1 13.4-3.7-3.7 1.4-1.4 2.3 2.3 4.8-4.8 1.4 1.4z"/>',
    "clock": '<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16zm-1 3v6l5 3 .9-1.5-3.9-2.3V7z"/>',
}


@register.simple_tag
def icon(name, size=24, **attrs):
    """Render an icon hidden from screen readers; an unknown name renders an empty frame."""
    return svg(name, size, attrs.get("class", ""))


@functools.lru_cache(maxsize=256, typed=True)  # typed: a safe string is not a plain one
def svg(name, size, css_class):
    """The markup of one icon; templates ask for the same few again and again."""
    css = f"icon {css_class}" if css_class else "icon"
    return format_html(
        '<svg class="{}" width="{}" height="{}" viewBox="0 0 24 24" fill="currentColor" '
        'aria-hidden="true" focusable="false">{}</svg>',
        css,
        size,
        size,
        mark_safe(PATHS.get(name, "")),
    )
