"""Browser test: the real page in headless Chromium (Debian's), driven by Playwright.

Starts `tandem serve` on a free port and checks the page as a user would: precompressed
serving and the module's transfer size (serving_checks.py); the Lua playground (run on both
sides with byte-identical documents, output streaming, cancel, the error marker, the editor's
keys, every example, share links with a receipt checked in the browser, the bytecode view);
the game case (game_checks.py); the stream analyzer (drop, PID table, charts, hex view of an
event's packet, downloads compared with the server's document) and the version-3 report views
(report_checks.py); ingest policies: the browser's decision before upload and the server's
receipted one, against the CLI (policy_checks.py); phone width; an accessibility audit in
light and dark; installability;
and offline use: with the server stopped the page reloads from its service worker and keeps
computing, and the status line (and a game score submitted offline) follows the server back.

Each check reports on its own, so one failure does not hide the others; every wait is bounded.

Usage: browser_test.py --binary .build/debug/tandem [--screenshots docs/screenshots]
"""

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright, expect

from browser_support import (CLEAN_STREAM, SECONDS, STREAMS, Server, browser_digest, check, chromium_path, drop_file, failures,
                             finished_stats, free_port, http, open_page, passed, run_both, set_script,
                             start_run)
from game_checks import game_checks, offline_game_checks
from report_checks import report_checks
from policy_checks import policy_checks, policy_screenshot
from serving_checks import serving_checks, transfer_size_check
from a11y_audit import AUDIT_JS


# --- receipts signed by an independent Ed25519 implementation (OpenSSL) ---------------------------

class OpenSSLSigner:
    """An Ed25519 identity made with the openssl command line, to sign test receipts."""

    def __init__(self, directory: str):
        self.key = os.path.join(directory, "receipt-key.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", self.key], check=True)
        der = subprocess.run(["openssl", "pkey", "-in", self.key, "-pubout", "-outform", "DER"], check=True, capture_output=True).stdout
        self.public_key = der[-32:]  # the SubjectPublicKeyInfo ends with the 32 raw key bytes
        self.key_id = hashlib.sha256(self.public_key).hexdigest()[:16]
        self.directory = directory

    def identity(self) -> bytes:
        return json.dumps({"kind": "identity", "version": 1, "algorithm": "ed25519",
                           "public_key": base64.b64encode(self.public_key).decode(), "key_id": self.key_id},
                          separators=(",", ":")).encode()

    def sign(self, message: bytes) -> bytes:
        path = os.path.join(self.directory, "message")
        Path(path).write_bytes(message)
        return subprocess.run(["openssl", "pkeyutl", "-sign", "-inkey", self.key, "-rawin", "-in", path],
                              check=True, capture_output=True).stdout

    def receipt(self, verification: bytes, receipt_id: str, key_id: str | None = None) -> bytes:
        """The receipt format of the receipts issue: members before the digest, digest over
        everything before it, signature over the digest value's ASCII bytes, last."""
        # `verification` may be the server's own receipt: its receipt members, digest and
        # signature are replaced by this signer's.
        body = re.sub(rb'(,"receipt_id":"[^"]*","issued_at":"[^"]*","key_id":"[^"]*")?'
                      rb',"digest":"sha256:[0-9a-f]{64}"(,"signature":"ed25519:[A-Za-z0-9+/=]+")?\}$', b"", verification)
        body += b',"receipt_id":"%s","issued_at":"2026-01-01T00:00:00Z","key_id":"%s"}' % (receipt_id.encode(), (key_id or self.key_id).encode())
        digest = b"sha256:" + hashlib.sha256(body).hexdigest().encode()
        sealed = body[:-1] + b',"digest":"' + digest + b'"'
        return sealed + b',"signature":"ed25519:' + base64.b64encode(self.sign(digest)) + b'"}'


# --- the checks -----------------------------------------------------------------------------------

def lua_checks(page, server: Server) -> None:
    with check("run: browser and server give byte-identical documents"):
        page.select_option("#lua-examples", "welcome")
        browser, server_stats = run_both(page)
        assert browser.startswith("ok ·"), browser
        assert server_stats.startswith("ok ·"), server_stats
        expect(page.locator("#lua-verdict")).to_contain_text("Byte-identical", timeout=10 * SECONDS)
        expect(page.locator("#lua-browser")).to_contain_text("1 1 2 3 5 8 13 21 34 55")
        assert re.search(r"peak [\d.]+ (B|kB|MB)", browser) and re.search(r"\d+ ms", browser), browser

    with check("output streams while the script runs"):
        # 30 lines, about 84 million steps: under the default budget, long enough for partial output.
        set_script(page, "for i = 1, 30 do print('line ' .. i) local x = 0 for j = 1, 1400000 do x = x + j end end",
                   server=False)
        # Every state the page passes through is recorded, however briefly it is shown.
        page.evaluate("""() => { window.seen = [];
            new MutationObserver(() => window.seen.push([document.getElementById('lua-browser-stats').textContent,
                                                         document.getElementById('lua-browser').textContent]))
              .observe(document.getElementById('lua-panel'), { subtree: true, childList: true, characterData: true }); }""")
        start_run(page)
        stats = finished_stats(page, "browser")
        assert stats.startswith("ok"), stats
        expect(page.locator("#lua-browser")).to_contain_text("line 30")
        partial = page.evaluate("""() => window.seen.filter(([stats, out]) => stats.startsWith('running')
                                       && out.includes('line 1\\n') && !out.includes('line 30')).length""")
        assert partial > 0, "no partial output was shown while the script ran"

    with check("cancel stops a running script (button and Esc)"):
        set_script(page, "local n = 0 while true do n = n + 1 end", server=False)
        # Run and Cancel in one task: the run (at most 100 million steps, under a second) cannot end first.
        page.evaluate("() => { document.getElementById('lua-run').click(); document.getElementById('lua-cancel').click(); }")
        expect(page.locator("#lua-browser-stats")).to_contain_text("cancelled", timeout=10 * SECONDS)
        page.focus("#lua-source")
        page.keyboard.press("Control+Enter")
        page.keyboard.press("Escape")
        expect(page.locator("#lua-browser-stats")).to_contain_text("cancelled", timeout=10 * SECONDS)
        expect(page.locator("#lua-run")).to_be_enabled()

    with check("error marker in the gutter and clickable traceback"):
        page.select_option("#lua-examples", "error")
        page.set_checked("#lua-also-server", False)
        page.click("#lua-run")
        marker = page.locator(".gutter [data-error-line]")
        expect(marker).to_have_count(1, timeout=20 * SECONDS)
        line = int(marker.get_attribute("data-error-line"))
        source = page.input_value("#lua-source").split("\n")
        assert 'error("division by zero")' in source[line - 1], (line, source[line - 1])
        assert "division by zero" in marker.get_attribute("title")
        trace = page.locator("#lua-browser .trace-line").first
        target = int(trace.get_attribute("data-line"))
        trace.click()
        caret_line = page.evaluate("() => { const t = document.getElementById('lua-source'); return t.value.slice(0, t.selectionStart).split('\\n').length }")
        assert caret_line == target, (caret_line, target)

    with check("editor keys: auto-indent, Tab, Shift+Tab, bracket match"):
        page.fill("#lua-source", "")
        page.focus("#lua-source")
        page.keyboard.type("if x then")
        page.keyboard.press("Enter")
        page.keyboard.type("y = {")
        page.keyboard.press("Enter")
        value = page.input_value("#lua-source")
        assert value == "if x then\n  y = {\n    ", repr(value)
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert page.input_value("#lua-source").endswith("\n    "), repr(page.input_value("#lua-source"))
        page.fill("#lua-source", "print((1 + 2) * 3)")
        page.focus("#lua-source")
        page.evaluate("() => { const t = document.getElementById('lua-source'); t.setSelectionRange(6, 6); t.dispatchEvent(new Event('click')) }")
        matched = page.locator(".highlight .bracket-match")
        expect(matched).to_have_count(2)
        assert page.locator(".highlight .t-builtin").first.text_content() == "print"

    with check("the last script, seed and input survive a reload (localStorage)"):
        set_script(page, "print('kept across reloads')", seed=99)
        page.fill("#lua-input", "kept input")
        page.reload()
        expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=30 * SECONDS)
        assert page.input_value("#lua-source") == "print('kept across reloads')"
        assert page.input_value("#lua-seed") == "99" and page.input_value("#lua-input") == "kept input"
        page.fill("#lua-input", "")

    with check("every example runs on both sides with byte-identical documents"):
        values = page.eval_on_selector_all("#lua-examples option", "os => os.map(o => o.value)")
        assert len(values) >= 8, values
        page.set_checked("#lua-also-server", True)
        for value in values:
            page.select_option("#lua-examples", value)
            page.set_checked("#lua-also-server", True)
            browser, server_stats = run_both(page)
            expected = {"runaway": "budget exceeded (steps)", "error": "error"}.get(value, "ok")
            assert browser.startswith(expected), (value, browser)
            assert server_stats.startswith(expected), (value, server_stats)
            expect(page.locator("#lua-verdict")).to_contain_text("Byte-identical", timeout=10 * SECONDS)

    with check("bytecode view shows the core's listing or says why not"):
        page.select_option("#lua-examples", "closures")
        page.click("#lua-bytecode-panel summary")
        expect(page.locator("#lua-bytecode")).not_to_be_empty(timeout=10 * SECONDS)
        text = page.locator("#lua-bytecode").text_content()
        if b"tandem_lua_listing" in Path("web/tandem.wasm").read_bytes():
            # The reference: luac5.4 -l -l on the same source, from a file named as the chunk ("=input").
            directory = tempfile.mkdtemp(prefix="tandem-luac-")
            Path(directory, "input").write_text(page.input_value("#lua-source"))
            reference = subprocess.run(["luac5.4", "-l", "-l", "-p", "input"], cwd=directory, capture_output=True,
                                       text=True, check=True).stdout
            shutil.rmtree(directory, ignore_errors=True)
            addresses = re.compile(r"0x[0-9a-f]+")  # luac prints pointers, the core a function counter
            assert addresses.sub("0x?", text.strip()) == addresses.sub("0x?", reference.strip()), text[:300]
        else:
            assert "not available" in text and "tandem_lua_listing" in text, text
            print("     (tandem.wasm has no tandem_lua_listing export yet: the view says so)")
        page.click("#lua-bytecode-panel summary")


def share_checks(browser, context, page, server: Server, signer: OpenSSLSigner) -> None:
    state = {}
    with check("share link round trip: same script, seed, input, budgets and digest"):
        source = "local s = 0 for i = 1, 100 do s = s + math.random(1000) end print(s) return s"
        set_script(page, source, seed=7, server=True)
        page.fill("#lua-input", "line one\n")
        page.evaluate("() => { document.getElementById('lua-budgets').open = true }")
        page.fill("#budget-steps", "1000000")
        run_both(page)
        expect(page.locator("#lua-verdict")).to_contain_text("Byte-identical", timeout=10 * SECONDS)
        digest = browser_digest(page)
        page.evaluate("() => { document.getElementById('lua-share-status').textContent = '' }")
        page.click("#lua-share")
        expect(page.locator("#lua-share-status")).to_contain_text("address bar", timeout=10 * SECONDS)
        link = page.url
        assert "#run=" in link, link
        clipboard = page.evaluate("() => navigator.clipboard.readText()")
        assert clipboard == link, (clipboard, link)
        other = open_page(context, link)
        assert other.input_value("#lua-source") == source
        assert other.input_value("#lua-seed") == "7"
        assert other.input_value("#lua-input") == "line one\n"
        assert other.input_value("#budget-steps") == "1000000"
        expect(other.locator("#lua-browser-stats")).to_contain_text("ok", timeout=20 * SECONDS)
        other.set_checked("#lua-also-server", True)
        run_both(other)
        expect(other.locator("#lua-verdict")).to_contain_text(digest, timeout=10 * SECONDS)
        other.close()
        state.update(source=source, digest=digest, link=link)

    with check("receipt in a share link is checked in the browser (Ed25519 via WebCrypto)"):
        request = {"source": state["source"], "chunk_name": "=input", "seed": 7, "host_time": 1700000000,
                   "input": "line one\n", "budgets": {"steps": 1000000}}
        status, verification = http(server.base + "api/lua/verify",
                                    json.dumps({"request": request, "digest": state["digest"]}).encode())
        assert status == 200, (status, verification[:200])
        good = signer.receipt(verification, "r-good")
        tampered = good.replace(b'"verified":true', b'"verified":false')
        # A forger with another key who claims the server's key id: digest fine, signature not.
        forger = OpenSSLSigner(tempfile.mkdtemp(prefix="tandem-forger-"))
        forged = forger.receipt(verification, "r-forged", key_id=signer.key_id)
        receipts = {"r-good": good, "r-tampered": tampered, "r-forged": forged}
        identity_status, _ = http(server.base + "api/identity")
        # The server's own identity when it has one is not ours: serve the signer's for these links
        # (in a context without service workers, so that routing sees every request).
        context = browser.new_context(service_workers="block")
        context.route("**/api/identity", lambda route: route.fulfill(status=200, body=signer.identity(), content_type="application/json"))
        context.route("**/api/receipts/*", lambda route: route.fulfill(
            status=200 if route.request.url.rsplit("/", 1)[1] in receipts else 404,
            body=receipts.get(route.request.url.rsplit("/", 1)[1], b'{"error":{"status":404}}'), content_type="application/json"))
        for receipt_id, expected in [("r-good", f"signed by {signer.key_id}"), ("r-tampered", "digest does not match"),
                                     ("r-forged", "signature does not match")]:
            link = page.evaluate("""async ([id]) => {
                const { shareLink } = await import('./share.js');
                return shareLink({ source: %s, seed: 7, input: 'line one\\n', budgets: { steps: 1000000 }, receipt: id });
            }""" % json.dumps(state["source"]), [receipt_id])
            shared = open_page(context, link)
            expect(shared.locator("#lua-receipt")).to_contain_text(expected, timeout=20 * SECONDS)
            if receipt_id == "r-good":
                expect(shared.locator("#lua-receipt")).to_contain_text("digest the server vouched for")
            shared.close()
        context.close()
        print(f"     (server's own /api/identity answered {identity_status})")

    with check("receipts panel: a verification by this server, checked in the browser"):
        page.select_option("#lua-examples", "closures")
        run_both(page)
        page.click("#lua-verify")
        expect(page.locator("#lua-verdict")).to_contain_text("Server verified", timeout=30 * SECONDS)
        entry = page.locator("#receipts-list li").first
        status, identity = http(server.base + "api/identity")
        if status == 200:  # a server with receipts: the signature must check with its published key
            expect(entry).to_contain_text(f"signed by {json.loads(identity)['key_id']}", timeout=10 * SECONDS)
        else:  # a server without receipts yet: the page checked the digest and says it is unsigned
            expect(entry).to_contain_text("digest checked in the browser; not signed", timeout=10 * SECONDS)
            print("     (this server issues no receipts yet: the panel says the document is unsigned)")


def stream_checks(context, page, server: Server, work: str) -> None:
    with check("stream drop: verdict, PID table, bitrate and PCR charts; server agrees"):
        drop_file(page, CLEAN_STREAM)
        expect(page.locator("#stream-banner")).to_contain_text("PASS", timeout=30 * SECONDS)
        expect(page.locator("#stream-progress-text")).to_contain_text("MB/s")
        status, native = http(server.base + "api/stream/validate?profile=generic", CLEAN_STREAM.read_bytes())
        doc = json.loads(native)
        rows = page.locator("#pid-table tbody tr")
        expect(rows).to_have_count(len(doc["pids"]))
        first = rows.first.locator("td")
        assert first.nth(0).text_content().startswith(f"0x{doc['pids'][0]['pid']:04x}")
        assert first.nth(3).text_content() == f"{doc['pids'][0]['packets']:,}"
        assert page.locator("#bitrate-chart path.series.total").count() == 1
        assert page.locator("#pcr-chart").count() == 1
        page.click("#stream-server")
        expect(page.locator("#stream-verdict")).to_contain_text("agree byte for byte", timeout=30 * SECONDS)
        page.click("#stream-verify")
        expect(page.locator("#stream-verdict")).to_contain_text("Server verified", timeout=30 * SECONDS)

    with check("downloads: the report JSON is the server's document byte for byte; CSVs have every row"):
        with page.expect_download() as info:
            page.click("#download-json")
        downloaded = Path(info.value.path()).read_bytes()
        status, native = http(server.base + "api/stream/validate?profile=generic", CLEAN_STREAM.read_bytes())
        assert downloaded == native, "downloaded report differs from the server's document"
        doc = json.loads(native)
        with page.expect_download() as info:
            page.click("#download-pids")
        pids = Path(info.value.path()).read_bytes().decode().strip().split("\r\n")
        assert pids[0].startswith("pid,role") and len(pids) == 1 + len(doc["pids"]), pids[:3]
        with page.expect_download() as info:
            page.click("#download-events")
        events = Path(info.value.path()).read_bytes().decode().strip().split("\r\n")
        assert events[0].startswith("id,name,reason") and len(events) == 1 + len(doc["events"]["items"]), events[:3]

    with check("event timeline and hex view of the event's packet"):
        # A recording with one packet of the video PID removed: a continuity error at a known place.
        data = bytearray(CLEAN_STREAM.read_bytes())
        video = [i for i in range(0, len(data) - 188, 188) if ((data[i + 1] & 0x1F) << 8 | data[i + 2]) == 0x100]
        cut = video[len(video) // 2]
        faulted = Path(work) / "cc-fault.ts"
        faulted.write_bytes(bytes(data[:cut] + data[cut + 188:]))
        drop_file(page, faulted)
        expect(page.locator("#stream-banner")).to_contain_text("FAIL", timeout=30 * SECONDS)
        event = page.locator("#event-list button.event").first
        expect(event).to_contain_text("1.4")
        assert page.locator("#event-timeline rect.mark").count() >= 1
        event.click()
        expect(page.locator("#hex-view")).to_be_visible()
        offset = int(re.search(r"at byte (\d+)", page.locator("#hex-title").text_content()).group(1))
        packet = bytes(faulted.read_bytes()[offset:offset + 188])
        pid = (packet[1] & 0x1F) << 8 | packet[2]
        fields = page.locator("#hex-fields").text_content()
        assert "sync_byte0x47" in fields.replace(" ", ""), fields
        assert f"0x{pid:04x} ({pid})" in fields and pid == 0x100, fields
        assert f"continuity_counter{packet[3] & 15}" in fields.replace(" ", ""), fields
        dump = page.locator("#hex-dump").text_content()
        assert packet[:16].hex(" ") in dump, dump[:120]
        page.keyboard.press("Escape")
        expect(page.locator("#hex-view")).to_be_hidden()
        mark = page.locator("#event-timeline rect.mark").first
        mark.dispatch_event("click")  # the timeline's marks open the same view as the list
        expect(page.locator("#hex-title")).to_contain_text(f"at byte {offset}")
        expect(page.locator("#hex-view")).to_be_visible()
        page.keyboard.press("Escape")

    with check("report members of newer versions are shown when present; the current report has no gaps"):
        status, native = http(server.base + "api/stream/validate?profile=generic", CLEAN_STREAM.read_bytes())
        doc = json.loads(native)
        # The real document: members beyond version 3's (REPORT.md), which have their own views, get a section each.
        own_views = {"kind", "version", "input", "time_base", "profile", "verdict", "error_counts", "indicators", "extra_checks",
                     "programs", "pids", "bitrate_series", "pid_bitrate_series", "scte35", "events", "pid_counts_dropped", "digest"}
        render = """async (doc) => {
            const node = (await import('./stream-report.js')).renderReport(doc, 'test', () => {});
            return { sections: [...node.querySelectorAll('[id^=report-]')].map((e) => e.id),
                     pids: node.querySelector('#pid-table thead').textContent, pidRow: node.querySelector('#pid-table tbody tr').textContent,
                     future: node.querySelector('#report-future-checks')?.textContent ?? null }; }"""
        shown = page.evaluate(render, doc)
        newer = {k for k, v in doc.items() if k not in own_views and isinstance(v, (dict, list))}
        assert set(shown["sections"]) == {"report-" + k.replace("_", "-") for k in newer}, (shown["sections"], newer)
        # A member no version has yet, and a new numeric PID member: shown generically.
        doc["pids"][0]["future_rate_bps"] = 31000
        doc["future_checks"] = [{"pid": 500, "name": "splice_window", "window_us": {"min": 20000, "max": 41000}}]
        shown = page.evaluate(render, doc)
        assert "future rate" in shown["pids"] and "31.0 kbit/s" in shown["pidRow"], shown
        future = shown["future"]
        assert future and "0x01f4 (500)" in future and "splice window" in future and "window us max" in future and "41,000" in future, future

    with check("stream cancel"):
        drop_file(page, CLEAN_STREAM, repeat=3000)  # about 330 MB
        expect(page.locator("#stream-cancel")).to_be_enabled(timeout=10 * SECONDS)
        page.click("#stream-cancel")
        expect(page.locator("#stream-progress-text")).to_contain_text("Cancelled", timeout=20 * SECONDS)


def phone_checks(browser, base: str) -> None:
    with check("phone width (390 px): no horizontal scrolling with a script run and a report"):
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        page = open_page(context, base)
        page.select_option("#lua-examples", "game")  # the game pad, and the widest report (SCTE-35, PCR tables)
        run_both(page)
        page.evaluate("() => { document.getElementById('policy-panel').open = true }")  # and both policy decisions
        page.select_option("#policy-preset", "archive")
        drop_file(page, STREAMS / "scte35.ts")
        expect(page.locator("#scte35-table")).to_be_visible(timeout=30 * SECONDS)
        expect(page.locator("#policy-server .decision-head")).to_be_visible(timeout=30 * SECONDS)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"page is {width} px wide"
        context.close()


def audit_checks(browser, base: str) -> None:
    for scheme in ("light", "dark"):
        with check(f"accessibility audit ({scheme}): names, labels, contrast, ids, headings, focus"):
            context = browser.new_context(color_scheme=scheme, viewport={"width": 1200, "height": 900})
            page = open_page(context, base)
            page.select_option("#lua-examples", "error")
            run_both(page)
            page.evaluate("() => { document.getElementById('policy-panel').open = true }")  # the policy editor and decisions
            page.select_option("#policy-preset", "web-upload")
            drop_file(page, STREAMS / "scte35.ts")  # every section of the report, SCTE-35 cues included
            expect(page.locator("#stream-banner")).to_be_visible(timeout=30 * SECONDS)
            expect(page.locator("#policy-server .decision-head")).to_be_visible(timeout=30 * SECONDS)
            problems = page.evaluate(AUDIT_JS)
            assert not problems, "\n".join(problems[:20])
            # Keyboard: Tab reaches every control, each with a visible focus indicator.
            reached, unfocused = set(), []
            page.locator("body").focus()
            for _ in range(80):
                page.keyboard.press("Tab")
                info = page.evaluate("""() => { const e = document.activeElement;
                    if (e === document.body) return null;  // between the end of the page and its start
                    const s = getComputedStyle(e);
                    const box = e.closest('.editor') ? getComputedStyle(e.closest('.editor')) : s;
                    return { id: e.id || e.textContent.trim().slice(0, 30), outline: Math.max(parseFloat(s.outlineWidth) || 0,
                             parseFloat(box.outlineWidth) || 0) * (s.outlineStyle !== 'none' || box.outlineStyle !== 'none') } }""")
                if info is None:
                    continue
                if info["id"] in ("lua-source", "policy-source"):
                    page.keyboard.press("Escape")  # Esc, then Tab leaves the editor
                reached.add(info["id"])
                if info["outline"] < 2:
                    unfocused.append(info["id"])
            for needed in ["lua-examples", "lua-run", "lua-source", "lua-seed", "lua-share", "stream-pick", "stream-profile"]:
                assert needed in reached, f"{needed} not reachable by Tab ({sorted(reached)[:40]})"
            assert not unfocused, f"no visible focus on {unfocused[:10]}"
            context.close()


def audit_self_check(browser, base: str) -> None:
    with check("the audit itself catches an unlabeled input, low contrast, a duplicate id and a skipped heading"):
        context = browser.new_context(color_scheme="light")
        page = open_page(context, base)
        page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
            '<section><h5>deep</h5><p style="color:#bbb;background:#fff">faint text</p><input><span id="lua-run">x</span></section>')""")
        problems = "\n".join(page.evaluate(AUDIT_JS))
        for expected in ["input \"\" has no accessible name", "contrast", 'id "lua-run" used 2 times', "heading level skipped"]:
            assert expected in problems, f"audit missed: {expected}\n{problems}"
        context.close()


def installable_check(playwright, base: str, work: str) -> None:
    with check("installable: Chromium finds no installability error (manifest, icon, service worker)"):
        # A persistent profile: in an incognito-like context Chromium refuses installing on principle.
        context = playwright.chromium.launch_persistent_context(os.path.join(work, "profile"), executable_path=chromium_path(),
                                                               args=["--no-sandbox"])
        try:
            page = open_page(context, base)
            page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15 * SECONDS)
            errors = context.new_cdp_session(page).send("Page.getInstallabilityErrors")["installabilityErrors"]
            assert errors == [], errors
        finally:
            context.close()


def offline_checks(context, page, server: Server) -> None:
    with check("the service worker caches every module of the page"):
        cached = set(re.findall(r"'([\w.-]+\.js)'", Path("web/sw.js").read_text()))
        modules = {p.name for p in Path("web").glob("*.js")} - {"sw.js"}
        assert cached == modules, f"sw.js misses {modules - cached}, names unknown {cached - modules}"

    with check("offline: server stopped, page reloads from the service worker and keeps computing"):
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15 * SECONDS)
        server.stop()
        expect(page.locator("#server-status")).to_contain_text("offline", timeout=15 * SECONDS)
        page.reload()
        expect(page.locator("#engine-status")).to_contain_text("engine ready", timeout=30 * SECONDS)
        expect(page.locator("#engine-status")).to_contain_text("offline copy")
        set_script(page, "print('offline', 6 * 7)", server=True)
        page.click("#lua-run")
        expect(page.locator("#lua-browser")).to_contain_text("offline\t42", timeout=20 * SECONDS)
        expect(page.locator("#lua-server-stats")).to_contain_text("unreachable", timeout=20 * SECONDS)
        drop_file(page, CLEAN_STREAM)
        expect(page.locator("#stream-banner")).to_contain_text("PASS", timeout=30 * SECONDS)

    offline_game_checks(page, server)  # starts the server again


def screenshots(browser, base: str, directory: str) -> None:
    with check(f"screenshots in {directory}"):
        os.makedirs(directory, exist_ok=True)
        for scheme, width in (("light", 1280), ("dark", 1280)):
            context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
            page = open_page(context, base)
            page.select_option("#lua-examples", "error")
            run_both(page)
            page.locator("#lua-panel").screenshot(path=f"{directory}/lua-playground-{scheme}.png")
            faulted = Path(tempfile.gettempdir()) / "tandem-shot.ts"
            data = (STREAMS / "scte35.ts").read_bytes()  # with SCTE-35 cues, and one packet lost
            faulted.write_bytes(data[:188 * 300] + data[188 * 301:])
            drop_file(page, faulted)
            expect(page.locator("#stream-banner")).to_be_visible(timeout=30 * SECONDS)
            page.locator("#stream-panel").screenshot(path=f"{directory}/stream-analyzer-{scheme}.png")
            page.locator("#event-list button.event").first.click()
            page.locator("#hex-view").screenshot(path=f"{directory}/packet-view-{scheme}.png")
            page.keyboard.press("Escape")
            policy_screenshot(page, tempfile.mkdtemp(), f"{directory}/ingest-policy-{scheme}.png")
            page.select_option("#lua-examples", "game")
            page.set_checked("#lua-also-server", False)
            for move in "LURDLLUR":
                page.click(f"#game-pad [data-move={move}]")
                page.wait_for_timeout(150)
            page.click("#game-submit")
            expect(page.locator("#lua-verdict")).to_contain_text("verified", timeout=30 * SECONDS)
            page.locator("#lua-panel").screenshot(path=f"{directory}/game-{scheme}.png")
            page.locator("#receipts-panel").screenshot(path=f"{directory}/receipts-{scheme}.png")
            context.close()
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = open_page(context, base)
        page.select_option("#lua-examples", "game")
        for move in "LURD":
            page.click(f"#game-pad [data-move={move}]")
            page.wait_for_timeout(150)
        page.locator("#lua-browser").scroll_into_view_if_needed()
        page.screenshot(path=f"{directory}/phone.png", full_page=False)
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--screenshots", help="also save panel screenshots in this directory")
    args = parser.parse_args()
    if not CLEAN_STREAM.exists():
        print(f"FAIL missing {CLEAN_STREAM} (make streams)")
        return 1
    server = Server(args.binary, free_port())
    server.start()
    work = tempfile.mkdtemp(prefix="tandem-browser-")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
            context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], viewport={"width": 1280, "height": 900})
            page = open_page(context, server.base)
            with check("engine and server status"):
                expect(page.locator("#server-status")).to_contain_text("online", timeout=10 * SECONDS)
                assert re.search(r"tandem\.wasm [\d.]+ (kB|MB)", page.locator("#engine-status").text_content())
            serving_checks(server, args.binary)
            transfer_size_check(browser, server.base)
            lua_checks(page, server)
            game_checks(page, server, work)
            share_checks(browser, context, page, server, OpenSSLSigner(work))
            stream_checks(context, page, server, work)
            report_checks(page, server)
            policy_checks(page, server, args.binary, work)
            phone_checks(browser, server.base)
            audit_checks(browser, server.base)
            audit_self_check(browser, server.base)
            installable_check(p, server.base, work)
            if args.screenshots:
                screenshots(browser, server.base, args.screenshots)
            offline_checks(context, page, server)
            browser.close()
    except Exception as error:  # report, then fail
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    for failure in failures:
        print("FAIL", failure)
    print(f"browser test: {len(passed)} checks passed, {len(failures)} failed — {'ok' if not failures else 'failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
