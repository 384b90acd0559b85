"""Fixtures: the fake payment provider (sandbox.py), served over real HTTP on 127.0.0.1.

One sandbox server per test session, on a free port of the loopback interface, in
a background thread; ``sandbox_url`` empties it before every test, so no charge
leaks from one test into the next. A server per test works too, but adds about
12 ms to every test (measured), most of it waiting for the server to stop; the
reset is enough because the sandbox keeps nothing but its charges. Nothing here
ever talks to anything but 127.0.0.1.
"""

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from payments import PaymentClient
from sandbox import TEST_KEY, create_sandbox, reset
from werkzeug.serving import WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    """Serves requests without a log line for each one (errors are still logged)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[tuple[Flask, str]]:
    """The sandbox app and its base URL, served until the test session ends."""
    sandbox = create_sandbox()
    # Port 0: the system picks a free port, so parallel runs never collide.
    server = make_server("127.0.0.1", 0, sandbox, threaded=True, request_handler=QuietHandler)
    # shutdown() waits for the serving loop to notice, up to one poll interval.
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield sandbox, f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture
def sandbox_url(sandbox_server: tuple[Flask, str], monkeypatch: pytest.MonkeyPatch) -> str:
    """The base URL of an empty sandbox, e.g. ``http://127.0.0.1:54321``."""
    # Loopback never goes through a proxy, even where HTTP_PROXY is set.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    sandbox, url = sandbox_server
    reset(sandbox)
    return url


@pytest.fixture
def payment_client(sandbox_url: str) -> Iterator[PaymentClient]:
    """The real payment client, pointed at the sandbox with the sandbox's test key."""
    client = PaymentClient(sandbox_url, TEST_KEY, timeout=5)
    yield client
    client.close()
