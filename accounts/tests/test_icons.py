from django.template import Context, Template


def render(source):
    return Template("{% load icons %}" + source).render(Context({"extra": "<b>x</b>"}))


def test_icons_are_hidden_from_screen_readers_and_sized():
    html = render('{% icon "cap" size=28 class="me-1" %}')
    assert html.startswith('<svg class="icon me-1" width="28" height="28"')
    assert 'aria-hidden="true"' in html and "<path" in html


def test_attributes_are_escaped_and_unknown_names_render_an_empty_frame():
    html = render('{% icon "nope" class=extra %}')
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<path" not in html
