"""Browser test: the real page in headless Chromium (Debian's), driven by Playwright.

Starts `tandem serve` on a free port, checks that the page loads the engine, that the browser's
(wasm) and the server's (native) documents are byte-identical, and that after the server is
stopped the page keeps computing on its own.

Usage: browser_test.py --binary .build/debug/tandem
"""

import argparse
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from playwright.sync_api import sync_playwright, expect


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


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("Debian's chromium is not installed (make setup)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([args.binary, "serve", "--port", str(port), "--web", "web"])
    failures = []
    try:
        wait_for(base + "healthz")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
            page = browser.new_page()
            page.on("pageerror", lambda e: failures.append(f"page error: {e}"))
            page.goto(base)
            expect(page.locator("#engine-status")).to_contain_text("engine ready", timeout=20000)
            expect(page.locator("#digest-verdict")).to_contain_text("Byte-identical", timeout=20000)

            # Lua: the browser's document equals the server's, and the server verifies it.
            page.click("#lua-run")
            expect(page.locator("#lua-browser")).to_contain_text("steps", timeout=30000)
            page.click("#lua-server")
            expect(page.locator("#lua-verdict")).to_contain_text("Byte-identical", timeout=30000)
            page.click("#lua-verify")
            expect(page.locator("#lua-verdict")).to_contain_text("Server verified", timeout=30000)

            # A stream recording: checked in the browser, then on the server, same digest.
            stream = "Tests/Fixtures/generated/streams/h264-aac-vbr.ts"
            page.set_input_files("#stream-file", stream)
            page.click("#stream-run")
            expect(page.locator("#stream-report")).to_contain_text("PASS", timeout=30000)
            page.click("#stream-server")
            expect(page.locator("#stream-verdict")).to_contain_text("agree", timeout=30000)
            page.click("#stream-verify")
            expect(page.locator("#stream-verdict")).to_contain_text("Server verified", timeout=30000)

            # Stop the server: the browser half must keep working.
            server.terminate()
            server.wait(timeout=10)
            page.fill("#digest-input", "offline works")
            page.click("#digest-run")
            expect(page.locator("#digest-verdict")).to_contain_text("Only one side answered", timeout=20000)
            expect(page.locator("#digest-browser")).to_contain_text('"bytes": 13')
            expect(page.locator("#server-status")).to_contain_text("offline", timeout=20000)
            page.fill("#lua-source", "print('offline', 6 * 7)")
            page.click("#lua-run")
            expect(page.locator("#lua-browser")).to_contain_text("offline\t42", timeout=20000)
            browser.close()
    except Exception as error:  # report, then fail
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
    for failure in failures:
        print("FAIL", failure)
    print(f"browser test: {'ok' if not failures else 'failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
