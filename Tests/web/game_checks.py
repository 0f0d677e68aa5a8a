"""The game case of the receipts issue, played in the page: 2048 whose rules are a Lua script
and whose move log the page records as the run's input. Checked against the reference: the
board and score equal lua5.4's replay of the same log and seed. "Submit score" sends the
request with the log to /api/lua/verify; the server replays it and answers a receipt, which
this test re-checks with an independent Ed25519 (Python's `cryptography`). A tampered log and a
tampered score (a cheater's claimed digest) are rejected; a share link carries the receipt and
the page that opens it checks it; played offline, the score is submitted when the server is back."""

import base64
import hashlib
import json
import re
import subprocess
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from playwright.sync_api import expect

from browser_support import SECONDS, Server, check, finished_stats, http, open_page

MOVES = ["L", "U", "R", "D", "L", "D"]


def identity(server: Server) -> dict:
    status, body = http(server.base + "api/identity")
    assert status == 200, status
    return json.loads(body)


def check_receipt(receipt: bytes, ident: dict) -> dict:
    """Recomputes the receipt's digest and checks its Ed25519 signature with the server's key."""
    m = re.fullmatch(rb'(.*),"digest":"(sha256:[0-9a-f]{64})","signature":"ed25519:([A-Za-z0-9+/=]+)"\}', receipt, re.S)
    assert m, receipt[-200:]
    body, digest, signature = m.group(1) + b"}", m.group(2), base64.b64decode(m.group(3))
    assert b"sha256:" + hashlib.sha256(body).hexdigest().encode() == digest, "receipt digest"
    Ed25519PublicKey.from_public_bytes(base64.b64decode(ident["public_key"])).verify(signature, digest)  # raises if bad
    return json.loads(receipt)


def reference_replay(source: str, log: str, seed: int, directory: str) -> str:
    """lua5.4's output for the game script and log, math.random seeded as the request seeds it."""
    script = Path(directory) / "game.lua"
    script.write_text(source)
    return subprocess.run(["lua5.4", "-e", f"math.randomseed({seed})", str(script)], input=log, capture_output=True,
                          text=True, check=True).stdout


def play(page, move: str, by_key: bool = False) -> None:
    page.evaluate("() => { document.getElementById('lua-browser-stats').textContent = '' }")
    if by_key:
        page.focus("#game-pad [data-move=U]")
        page.keyboard.press({"L": "ArrowLeft", "R": "ArrowRight", "U": "ArrowUp", "D": "ArrowDown"}[move])
    else:
        page.click(f"#game-pad [data-move={move}]")
    stats = finished_stats(page, "browser")
    assert stats.startswith("ok"), stats


def submitted_score(page, expected: str) -> str:
    """Clicks "Submit score" and waits for the verdict containing `expected`; returns the verdict."""
    page.evaluate("() => { document.getElementById('lua-verdict').textContent = '' }")
    page.click("#game-submit")
    expect(page.locator("#lua-verdict")).to_contain_text(expected, timeout=30 * SECONDS)
    return page.locator("#lua-verdict").text_content()


def game_checks(page, server: Server, work: str) -> None:
    ident = identity(server)
    with check("game: moves are recorded as the input; board and score equal lua5.4's replay"):
        page.select_option("#lua-examples", "game")
        expect(page.locator("#game-pad")).to_be_visible()
        page.set_checked("#lua-also-server", False)
        for i, move in enumerate(MOVES):
            play(page, move, by_key=i >= len(MOVES) - 2)  # the last two with the arrow keys
        log = page.input_value("#lua-input")
        assert log.split() == MOVES, log
        reference = reference_replay(page.input_value("#lua-source"), log, int(page.input_value("#lua-seed")), work)
        shown = page.locator("#lua-browser").text_content()
        assert shown.startswith(reference), (shown, reference)
        score = re.search(r"score (\d+)", reference).group(1)
        assert shown.endswith(f"→ {score}"), shown[-40:]
        page.select_option("#lua-examples", "closures")
        expect(page.locator("#game-pad")).to_be_hidden()
        page.select_option("#lua-examples", "game")
        page.fill("#lua-input", log)

    receipt_id = None
    with check("game: submit score → the server replays the log and answers a receipt signed by its key"):
        verdict = submitted_score(page, "verified")
        assert f"Score {score} verified" in verdict and f"signed by {ident['key_id']}" in verdict, verdict
        receipt_id = re.search(r"receipt ([0-9A-Z]{26})", verdict).group(1)
        status, receipt = http(server.base + f"api/receipts/{receipt_id}")
        assert status == 200, status
        doc = check_receipt(receipt, ident)
        assert doc["verified"] is True and doc["claimed"] == doc["actual"], doc
        expect(page.locator("#receipts-list li").first).to_contain_text(f"Game score {score}")
        expect(page.locator("#receipts-list li").first).to_contain_text(f"signed by {ident['key_id']}")
        page.locator("#receipts-list li").first.locator("button.recheck").click()  # fetched from the ledger, checked again
        expect(page.locator("#receipts-list li").first).to_contain_text("checked again", timeout=10 * SECONDS)
        expect(page.locator("#receipts-list li").first).to_contain_text(f"signed by {ident['key_id']}")
        forged = receipt.replace(b'"verified":true', b'"verified":false')  # a ledger that lies is caught too
        page.route(f"**/api/receipts/{receipt_id}", lambda route: route.fulfill(status=200, body=forged, content_type="application/json"))
        page.locator("#receipts-list li").first.locator("button.recheck").click()
        expect(page.locator("#receipts-list li").first).to_contain_text("digest does not match", timeout=10 * SECONDS)
        page.unroute(f"**/api/receipts/{receipt_id}")

    def tamper(change):
        def handler(route):
            body = json.loads(route.request.post_data)
            change(body)
            route.continue_(post_data=json.dumps(body))
        return handler

    with check("game: a tampered move log is rejected (and the rejection is receipted)"):
        page.route("**/api/lua/verify", tamper(lambda b: b["request"].update(input=b["request"]["input"].replace("D", "L"))))
        verdict = submitted_score(page, "rejected")
        page.unroute("**/api/lua/verify")
        assert f"Score {score} rejected" in verdict and f"signed by {ident['key_id']}" in verdict, verdict
        rejected = re.search(r"receipt ([0-9A-Z]{26})", verdict).group(1)
        doc = check_receipt(http(server.base + f"api/receipts/{rejected}")[1], ident)
        assert doc["verified"] is False and doc["claimed"] != doc["actual"], doc
        expect(page.locator("#receipts-list li").first).to_contain_text("claim rejected")

    def raise_score(body):
        """A cheater's claim: the honest document with a higher score, sealed again."""
        status, honest = http(server.base + "api/lua/run", json.dumps(body["request"]).encode())
        assert status == 200, status
        forged = honest.replace(f'"value":"{score}"'.encode(), b'"value":"65536"', 1)
        assert forged != honest
        sealed = forged[:forged.rindex(b',"digest":')] + b"}"
        body["digest"] = "sha256:" + hashlib.sha256(sealed).hexdigest()

    with check("game: a tampered score (a forged document's digest) is rejected"):
        page.route("**/api/lua/verify", tamper(raise_score))
        verdict = submitted_score(page, "rejected")
        page.unroute("**/api/lua/verify")
        assert "rejected" in verdict, verdict

    with check("game: a share link carries the receipt; the page that opens it checks it in the browser"):
        submitted_score(page, "verified")  # the last verification of this run is a valid one again
        page.evaluate("() => { document.getElementById('lua-share-status').textContent = '' }")
        page.click("#lua-share")
        expect(page.locator("#lua-share-status")).to_contain_text("address bar", timeout=10 * SECONDS)
        other = open_page(page.context, page.url)
        assert other.input_value("#lua-input") == log
        expect(other.locator("#lua-receipt")).to_contain_text(f"signed by {ident['key_id']}", timeout=20 * SECONDS)
        expect(other.locator("#lua-receipt")).to_contain_text("digest the server vouched for")
        expect(other.locator("#game-pad")).to_be_visible()
        other.close()


def offline_game_checks(page, server: Server) -> None:
    """With the server stopped: play and submit; the score goes out when the server is back."""
    with check("game offline: played in the browser, submitted when the server is back"):
        page.select_option("#lua-examples", "game")
        page.set_checked("#lua-also-server", False)
        for move in ["R", "U", "L"]:
            play(page, move)
        verdict = submitted_score(page, "when the server is back")
        assert "unreachable" in verdict, verdict
        server.start()
        expect(page.locator("#server-status")).to_contain_text("online", timeout=15 * SECONDS)
        expect(page.locator("#lua-verdict")).to_contain_text("verified", timeout=20 * SECONDS)
        expect(page.locator("#lua-verdict")).to_contain_text(f"signed by {identity(server)['key_id']}")
