"""Small transfer: the server answers the page's files with their precompressed variants
(`make precompress`: name.br, name.gz) as RFC 9110 says — Content-Encoding br when accepted,
gzip next, the file itself otherwise; the original media type; Vary: Accept-Encoding on every
answer for a file that has variants; If-None-Match; a variant older than its file is never
served. The bodies are decoded with independent tools (the brotli command, Python's gzip) and
compared with the files. In the page, the engine line shows the module's transfer size."""

import gzip
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect

from browser_support import SECONDS, Server, check, fetch, free_port, open_page

WEB = Path("web")


def brotli_decode(data: bytes) -> bytes:
    return subprocess.run(["brotli", "-d", "-c"], input=data, capture_output=True, check=True).stdout


def bytes_text(n: int) -> str:
    """The page's size format (dom.js bytesText), for the transfer size it shows."""
    if n < 1000:
        return f"{n} B"
    value, units, unit = n / 1000, ["kB", "MB", "GB"], 0
    while value >= 1000 and unit < len(units) - 1:
        value, unit = value / 1000, unit + 1
    return f"{value:.{2 if value < 10 else 1}f} {units[unit]}"


def serving_checks(server: Server, binary: str) -> None:
    base = server.base
    for name in ["tandem.wasm", "app.js", "index.html"]:
        assert (WEB / f"{name}.br").exists() and (WEB / f"{name}.gz").exists(), f"web/{name}.br/.gz missing: make precompress"

    with check("precompressed: Brotli when accepted, with the file's media type and Vary"):
        for path, name, media in [("tandem.wasm", "tandem.wasm", "application/wasm"), ("app.js", "app.js", "javascript"),
                                  ("", "index.html", "text/html"), ("style.css", "style.css", "text/css")]:
            status, headers, body = fetch(base + path, headers={"Accept-Encoding": "gzip, deflate, br"})
            assert status == 200, (path, status)
            assert headers["Content-Encoding"] == "br", (path, headers["Content-Encoding"])
            assert media in headers["Content-Type"], (path, headers["Content-Type"])
            assert "accept-encoding" in headers["Vary"].lower(), (path, headers["Vary"])
            assert int(headers["Content-Length"]) == len(body) == (WEB / f"{name}.br").stat().st_size, path
            assert brotli_decode(body) == (WEB / name).read_bytes(), f"{path}: decoded body differs from the file"

    with check("precompressed: gzip when Brotli is refused or not offered; the file itself otherwise"):
        for accept in ["gzip", "br;q=0, gzip;q=0.5", "deflate, gzip"]:
            status, headers, body = fetch(base + "tandem.wasm", headers={"Accept-Encoding": accept})
            assert status == 200 and headers["Content-Encoding"] == "gzip", (accept, headers["Content-Encoding"])
            assert gzip.decompress(body) == (WEB / "tandem.wasm").read_bytes(), accept
        for accept in [None, "identity", "br;q=0, gzip;q=0", "*;q=0"]:
            status, headers, body = fetch(base + "tandem.wasm", headers={"Accept-Encoding": accept} if accept else {})
            assert status == 200 and headers["Content-Encoding"] is None, (accept, headers["Content-Encoding"])
            assert body == (WEB / "tandem.wasm").read_bytes(), accept
            assert "accept-encoding" in (headers["Vary"] or "").lower(), f"identity answer without Vary ({accept})"
        status, headers, _ = fetch(base + "tandem.wasm", headers={"Accept-Encoding": "*"})
        assert headers["Content-Encoding"] == "br", "a wildcard accepts Brotli"

    with check("precompressed: HEAD, If-None-Match, API answers untouched"):
        status, headers, body = fetch(base + "tandem.wasm", headers={"Accept-Encoding": "br"}, method="HEAD")
        assert status == 200 and body == b"" and headers["Content-Encoding"] == "br"
        assert int(headers["Content-Length"]) == (WEB / "tandem.wasm.br").stat().st_size
        etag = headers["ETag"]
        status, _, body = fetch(base + "tandem.wasm", headers={"Accept-Encoding": "br", "If-None-Match": etag})
        assert status == 304 and body == b"", status
        status, headers, _ = fetch(base + "tandem.wasm", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert status == 200 and headers["Content-Encoding"] == "gzip", "the Brotli ETag matched the gzip variant"
        status, headers, _ = fetch(base + "healthz", headers={"Accept-Encoding": "br"})
        assert status == 200 and headers["Content-Encoding"] is None

    with check("precompressed: a variant older than its file is not served"):
        root = tempfile.mkdtemp(prefix="tandem-web-")
        try:
            fresh, stale = Path(root, "fresh.js"), Path(root, "stale.js")
            for f in (fresh, stale):
                f.write_text("export const x = 1;\n" * 50)
                subprocess.run(["brotli", "-f", "-k", str(f)], check=True)
            old = time.time() - 3600
            os.utime(Path(root, "stale.js.br"), (old, old))
            other = Server(binary, free_port(), web=root)
            other.start()
            try:
                _, headers, _ = fetch(other.base + "fresh.js", headers={"Accept-Encoding": "br"})
                assert headers["Content-Encoding"] == "br", "fresh variant not served"
                _, headers, body = fetch(other.base + "stale.js", headers={"Accept-Encoding": "br"})
                assert headers["Content-Encoding"] is None and body == stale.read_bytes(), "stale variant served"
            finally:
                other.stop()
                shutil.rmtree(other.data_dir, ignore_errors=True)
        finally:
            shutil.rmtree(root, ignore_errors=True)


def transfer_size_check(browser, base: str) -> None:
    with check("the engine line shows the module's transfer size (Brotli on the wire)"):
        context = browser.new_context()
        page = open_page(context, base)  # a first visit: from the network
        expected = f"({bytes_text((WEB / 'tandem.wasm.br').stat().st_size)} br on the wire)"
        size = f"tandem.wasm {bytes_text((WEB / 'tandem.wasm').stat().st_size)}"
        expect(page.locator("#engine-status")).to_contain_text(f"{size} {expected}", timeout=10 * SECONDS)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15 * SECONDS)
        page.reload()  # now through the service worker, whose answers carry no transfer size
        expect(page.locator("#engine-status")).to_contain_text(f"{size} {expected}", timeout=30 * SECONDS)
        context.close()
