"""A small browser on the standard library: keeps cookies, shows every redirect."""

import json
import re
from dataclasses import dataclass
from http.cookiejar import CookieJar
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import (
    HTTPCookieProcessor,
    HTTPRedirectHandler,
    ProxyHandler,
    Request,
    build_opener,
)

REQUEST_TIMEOUT = 20
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Page:
    status: int
    headers: dict
    text: str

    @property
    def location(self):
        return self.headers.get("Location", "")

    def form_token(self):
        found = TOKEN.search(self.text)
        assert found, f"no CSRF token in the page (status {self.status}):\n{self.text[:2000]}"
        return found.group(1)


class _KeepRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Talk to one plain-HTTP server; share `jar` between browsers to carry a session."""

    def __init__(self, base_url, jar=None, headers=None):
        self.netloc = urlsplit(base_url).netloc
        self.jar = CookieJar() if jar is None else jar
        self.headers = headers or {}
        self.opener = build_opener(
            ProxyHandler({}), HTTPCookieProcessor(self.jar), _KeepRedirects()
        )

    def get(self, path):
        return self.request(path)

    def post(self, path, data):
        return self.request(path, urlencode(data).encode())

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def sign_in(self, path, username, password):
        """Open the sign-in form, then send it as a person would; return the answer."""
        token = self.get(path).form_token()
        data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        return self.post(path, data)

    def request(self, path, body=None):
        request = Request(f"http://{self.netloc}{path}", data=body, headers=self.headers)
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return Page(response.status, dict(response.headers), response.read().decode())
        except HTTPError as error:
            with error:
                return Page(error.code, dict(error.headers), error.read().decode())


def healthy(base_url):
    """Tell whether /healthz answers 200 with status ok (False while the server boots)."""
    try:
        page = Browser(base_url).get("/healthz")
    except (URLError, OSError):
        return False
    return page.status == 200 and json.loads(page.text) == {"status": "ok"}
