"""Helpers of the browser tests: the check runner, HTTP, the server under test, and actions on
the page as a user does them (fill the editor, run, drop a file). Every wait is bounded."""

import base64
import shutil
import socket
import subprocess
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import expect

STREAMS = Path("Tests/Fixtures/generated/streams")
CLEAN_STREAM = STREAMS / "h264-aac-vbr.ts"
SECONDS = 1000  # Playwright timeouts are in milliseconds

failures: list[str] = []
passed: list[str] = []


@contextmanager
def check(name: str):
    """Runs one check; a failure is recorded with its reason and the next check goes on."""
    started = time.time()
    try:
        yield
        passed.append(name)
        print(f"ok   {name} ({time.time() - started:.1f} s)", flush=True)
    except Exception as error:  # report, then go on
        failures.append(f"{name}: {type(error).__name__}: {error}")
        print(f"FAIL {name}: {error}", flush=True)
        traceback.print_exc(limit=3)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer {url}")


def http(url: str, body: bytes | None = None) -> tuple[int, bytes]:
    """A GET, or a POST of `body` with the media type its endpoint takes: (status, body)."""
    headers = {}
    if body is not None:  # the media type each endpoint takes (the server answers 415 otherwise)
        headers["Content-Type"] = "application/json" if "/api/lua/" in url else "application/octet-stream"
    status, _, answer = fetch(url, body, headers=headers)
    return status, answer


def fetch(url: str, body: bytes | None = None, *, headers: dict | None = None, method: str | None = None):
    """Any request: (status, headers, body). The body is returned as sent (no decoding)."""
    request = urllib.request.Request(url, data=body, method=method or ("POST" if body is not None else "GET"),
                                     headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("Debian's chromium is not installed (make setup)")


class Server:
    """`tandem serve` on a fixed port, stoppable and restartable (for the offline checks)."""

    def __init__(self, binary: str, port: int, web: str = "web"):
        self.binary, self.port, self.web, self.process = binary, port, web, None
        self.base = f"http://127.0.0.1:{port}/"
        # Its own identity and ledger, kept across restarts (receipts outlive a restart).
        self.data_dir = tempfile.mkdtemp(prefix="tandem-browser-data-")

    def start(self) -> None:
        self.process = subprocess.Popen([self.binary, "serve", "--port", str(self.port), "--web", self.web,
                                         "--data-dir", self.data_dir],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.base + "healthz")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


# --- helpers on the page ------------------------------------------------------------------------

def open_page(context, url: str):
    page = context.new_page()
    page.on("pageerror", lambda e: failures.append(f"page error: {e}"))
    page.goto(url)
    expect(page.locator("#engine-status")).to_contain_text("engine ready", timeout=30 * SECONDS)
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=30 * SECONDS)
    return page


def finished_stats(page, side: str) -> str:
    """Waits until a side's stats line shows a finished run (or a failure) and returns it."""
    locator = page.locator(f"#lua-{side}-stats")
    page.wait_for_function(
        """(id) => { const t = document.getElementById(id).textContent;
                      return t && !t.startsWith('running'); }""", arg=f"lua-{side}-stats", timeout=60 * SECONDS)
    return locator.text_content()


def start_run(page) -> None:
    """Clicks Run after clearing the stats lines, so that a wait for "finished" cannot be
    satisfied by the previous run's line before the new run has started."""
    page.evaluate("() => { for (const id of ['lua-browser-stats','lua-server-stats','lua-verdict']) document.getElementById(id).textContent = '' }")
    page.click("#lua-run")


def run_both(page) -> tuple[str, str]:
    start_run(page)
    return finished_stats(page, "browser"), finished_stats(page, "server")


def browser_digest(page) -> str:
    """The digest of the last browser run, from the verdict or a fresh run's document."""
    return page.evaluate("() => document.getElementById('lua-verdict').textContent.match(/sha256:[0-9a-f]{64}/)?.[0] ?? null")


def set_script(page, source: str, *, seed: int | None = None, server: bool = True) -> None:
    page.fill("#lua-source", source)
    if seed is not None:
        page.fill("#lua-seed", str(seed))
    page.set_checked("#lua-also-server", server)


def drop_file(page, path: Path, repeat: int = 1) -> None:
    """Drops a file on the drop zone as a user's drag and drop would (a DataTransfer with a File);
    `repeat` concatenates the file with itself that many times (a large recording, built in the page)."""
    data = base64.b64encode(path.read_bytes()).decode()
    page.evaluate("""([name, data, repeat]) => {
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File(Array(repeat).fill(bytes), name, { type: 'video/mp2t' }));
        const zone = document.getElementById('stream-drop');
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }""", [path.name, data, repeat])
