"""A web server on the loopback interface, in a thread, for the URL and feed tests: no network.

Routes map a path to (status, headers, body) or to a callable returning that; a route can
be changed while the server runs (a page that gets a new version). Headers starting with X-
are instructions, not sent: X-Delay sleeps that many seconds before answering (timeouts),
X-No-Length sends no Content-Length (the body ends when the connection closes).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "fixtures" / "sources" / "web"
HTML = {"Content-Type": "text/html; charset=utf-8"}


class Server:
    def __init__(self):
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, str]] = []      # (path, user agent)
        routes, requests = self.routes, self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                requests.append((self.path, self.headers.get("User-Agent", "")))
                route = routes.get(self.path)
                if route is None:
                    route = (404, {"Content-Type": "text/html"}, b"<html><body>not found</body></html>")
                if callable(route):
                    route = route()
                status, headers, body = route
                if isinstance(body, str):
                    body = body.encode("utf-8")
                delay = headers.get("X-Delay")
                if delay:
                    time.sleep(float(delay))
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        if not name.startswith("X-"):
                            self.send_header(name, value)
                    if "Content-Length" not in headers and "X-No-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: str | bytes, status: int = 200, **headers) -> str:
        self.routes[path] = (status, {**HTML, **headers}, body)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = (status, {"Location": to}, b"")
        return self.url(path)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def fixture_page(name: str) -> str:
    return (WEB / name).read_text(encoding="utf-8")
