"""Talk to the running server as a browser would: CSRF tokens, cookies, real sign-ins."""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request

from bench.concurrent_registrations import CSRF_INPUT, NoRedirect, SetupError


class Visitor:
    """One browser with its own cookie jar; never routed through a proxy."""

    def __init__(self, base_url, timeout=30):
        self.base_url, self.timeout = base_url, timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(self.jar),
            NoRedirect(),
        )

    def form_token(self, path):
        """GET a page with a form; return the token its form carries."""
        with self.opener.open(self.base_url + path, timeout=self.timeout) as response:
            match = CSRF_INPUT.search(response.read().decode())
        if not match:
            raise SetupError(f"no csrfmiddlewaretoken in {path}")
        return match.group(1)

    def post(self, path, fields):
        """POST a form; return (status, Location header)."""
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base_url + path, data=data, timeout=self.timeout) as r:
                return r.status, r.headers.get("Location", "")
        except urllib.error.HTTPError as answer:  # 3xx land here: redirects are not followed
            return answer.code, answer.headers.get("Location", "")

    def cookie_header(self):
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


def signed_in_cookie(base_url, login_path, username, password):
    """Sign in through the real form; return the Cookie header of that session."""
    visitor = Visitor(base_url)
    token = visitor.form_token(login_path)
    status, location = visitor.post(
        login_path, {"csrfmiddlewaretoken": token, "username": username, "password": password}
    )
    if status != 302 or "sessionid=" not in visitor.cookie_header():
        raise SetupError(f"signing in {username} at {login_path} answered {status} {location}")
    # Follow the redirect as a browser does: the dashboard shows the welcome message once and
    # clears its cookie, so the measured pages are the ones a person sees after that.
    with visitor.opener.open(urllib.parse.urljoin(base_url, location), timeout=visitor.timeout):
        pass
    if "messages=" in visitor.cookie_header():
        raise SetupError(f"the page after signing in {username} left its message unread")
    return visitor.cookie_header()


def anonymous_form(base_url, path):
    """Return (Cookie header, form token) for POSTing the form at `path` anonymously."""
    visitor = Visitor(base_url)
    token = visitor.form_token(path)
    return visitor.cookie_header(), token
