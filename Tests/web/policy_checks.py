"""Ingest policies in the page (issue 18): the stream panel's policy editor shows the presets'
sources (policies/*.lua), the decision the browser computes before uploading is the one the
native CLI gives (`tandem validate --policy`, the reference here — never the page's own
values), the server's receipted decision stands next to it with its Ed25519 signature checked
(in the browser, and here again with Python's cryptography), a custom policy is registered,
receipted and named by the SHA-256 of its source, and a policy that fails or runs out of budget
is the policy's clean error with the report still complete."""

import hashlib
import json
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import expect

from browser_support import CLEAN_STREAM, SECONDS, STREAMS, Server, check, drop_file, http
from game_checks import check_receipt, identity

PRESETS = sorted(p.stem for p in Path("policies").glob("*.lua"))


def cli_policy(binary: str, stream: Path, policy: str) -> dict:
    """The native CLI's `policy` member for `stream` under a preset name or a .lua file."""
    run = subprocess.run([binary, "validate", str(stream), "--policy", policy, "--json"], capture_output=True, check=False)
    assert run.returncode in (0, 4, 5, 6), (run.returncode, run.stderr[-300:])
    return json.loads(run.stdout)["policy"]


def choose(page, value: str, source: str | None = None) -> None:
    page.evaluate("() => { document.getElementById('policy-panel').open = true }")
    page.select_option("#policy-preset", value)
    if source is not None:
        page.fill("#policy-source", source)


def decide(page, stream: Path) -> tuple[dict, dict]:
    """Drops `stream` and waits for both decisions: (browser box, server box) as
    {decision, status, text}."""
    drop_file(page, stream)
    boxes = {}
    for side in ("browser", "server"):
        head = page.locator(f"#policy-{side} .decision-head")
        expect(head).to_have_count(1, timeout=60 * SECONDS)
        boxes[side] = {"decision": head.get_attribute("data-decision"), "status": head.get_attribute("data-policy-status"),
                       "text": page.locator(f"#policy-{side}").text_content()}
    return boxes["browser"], boxes["server"]


def pid_of(data: bytes, i: int) -> int:
    return (data[i + 1] & 0x1F) << 8 | data[i + 2]


def faulted_stream(work: str) -> Path:
    """The clean recording with one video packet cut out: a continuity error (priority 1)."""
    data = bytearray(CLEAN_STREAM.read_bytes())
    video = [i for i in range(0, len(data) - 188, 188) if pid_of(data, i) == 0x100]
    cut = video[len(video) // 3]
    path = Path(work) / "policy-cc-fault.ts"
    path.write_bytes(bytes(data[:cut] + data[cut + 188:]))
    return path


def crc_faulted_stream(work: str) -> Path:
    """The clean recording with one PAT section's transport_stream_id flipped, so its CRC fails:
    a CRC error (2.2, priority 2) and nothing of priority 1."""
    data = bytearray(CLEAN_STREAM.read_bytes())
    pats = [i for i in range(0, len(data) - 188, 188) if pid_of(data, i) == 0 and data[i + 1] & 0x40]
    at = pats[len(pats) // 2]
    data[at + 5 + data[at + 4] + 4] ^= 0xFF  # after the pointer field: table_id, two length bytes, then the id
    path = Path(work) / "policy-crc-fault.ts"
    path.write_bytes(bytes(data))
    return path


def policy_checks(page, server: Server, binary: str, work: str) -> None:
    key_id = identity(server)["key_id"]

    with check("policy editor: the preset menu shows policies/*.lua as the core runs them"):
        options = page.eval_on_selector_all("#policy-preset option", "os => os.map(o => o.value)")
        assert options == [""] + PRESETS + ["custom"], options
        for name in PRESETS:
            choose(page, name)
            assert page.input_value("#policy-source") == Path(f"policies/{name}.lua").read_text(), name
        assert page.locator("#policy-editor-box .editor .gutter").count() == 1, "the policy editor is the playground's editor"

    with check("preset decision: the browser's (before upload) is the CLI's, and the server's receipted one agrees"):
        choose(page, "web-upload")
        browser, server_box = decide(page, CLEAN_STREAM)
        expected = cli_policy(binary, CLEAN_STREAM, "web-upload")["decision"]
        assert browser["decision"] == expected, (browser, expected)
        assert server_box["decision"] == expected, (server_box, expected)
        assert f"signed by {key_id}" in server_box["text"], server_box["text"]
        expect(page.locator("#policy-verdict")).to_contain_text("byte-identical")
        expect(page.locator("#stream-banner")).to_be_visible()

    with check("faulted streams: reject or review as each preset says (the CLI's decision), on both sides"):
        faulted, crc = faulted_stream(work), crc_faulted_stream(work)
        cases = [(faulted, "broadcast-strict"), (crc, "web-upload"), (crc, "broadcast-strict"), (STREAMS / "sync-garbage.ts", "archive"),
                 (STREAMS / "scte35.ts", "archive"), (STREAMS / "mpeg2-dvb.ts", "broadcast-strict")]
        seen = set()
        for stream, preset in cases:
            print(f"     {stream.name} with {preset}", flush=True)
            expected = cli_policy(binary, stream, preset)
            choose(page, preset)
            browser, server_box = decide(page, stream)
            assert browser["decision"] == expected["decision"], (stream.name, preset, browser, expected["decision"])
            assert server_box["decision"] == expected["decision"], (stream.name, preset, server_box)
            for message in expected["messages"][:3]:
                assert message in browser["text"], (stream.name, preset, message)
            expect(page.locator("#policy-verdict")).to_contain_text("byte-identical")
            seen.add(expected["decision"])
        assert {"reject", "review"} <= seen, seen
        print(f"     (decisions seen: {sorted(seen)})")

    with check("custom policy round trip: registered, receipted under its SHA-256, signature checked"):
        source = "local r = ...\nreturn 'review', ('%d PIDs'):format(#r.pids), r.verdict\n"
        choose(page, "custom", source)
        browser, server_box = decide(page, CLEAN_STREAM)
        reference = Path(work) / "custom-policy.lua"
        reference.write_text(source)
        expected = cli_policy(binary, CLEAN_STREAM, str(reference))
        assert browser["decision"] == server_box["decision"] == expected["decision"] == "review", (browser, server_box)
        assert f"signed by {key_id}" in server_box["text"], server_box["text"]
        expect(page.locator("#policy-verdict")).to_contain_text("byte-identical")
        receipt_id = server_box["text"].split("receipt ", 1)[1].split(" ", 1)[0]
        status, receipt = http(server.base + f"api/receipts/{receipt_id}")
        assert status == 200, status
        doc = check_receipt(receipt, identity(server))  # the digest and Ed25519 signature, checked with Python's cryptography
        assert doc["policy"]["source_sha256"] == hashlib.sha256(source.encode()).hexdigest(), doc["policy"]
        assert doc["policy"]["name"] is None and doc["policy"]["decision"] == "review"
        expect(page.locator("#receipts-list li").first).to_contain_text(f"signed by {key_id}")
        expect(page.locator("#receipts-list li").first).to_contain_text("decision review")

    with check("a policy that fails or runs out of budget is the policy's clean error; the report is complete"):
        for source, status in [("local r = ...\nreturn r.nothing.field\n", "error"), ("while true do end\n", "budget_exceeded")]:
            path = Path(tempfile.mkdtemp(dir=work)) / "failing.lua"
            path.write_text(source)
            expected = cli_policy(binary, CLEAN_STREAM, str(path))
            assert expected["status"] == status, expected
            choose(page, "custom", source)
            browser, server_box = decide(page, CLEAN_STREAM)
            for box in (browser, server_box):
                assert box["status"] == status and box["decision"] == "none", box
                assert expected["error"] in box["text"], (expected["error"], box["text"])
            expect(page.locator("#stream-banner")).to_contain_text("PASS")  # the report itself stands
            expect(page.locator("#policy-verdict")).to_contain_text("byte-identical")
        # A policy that does not compile: the browser's report carries the error; the server refuses to register it.
        path = Path(tempfile.mkdtemp(dir=work)) / "syntax.lua"
        path.write_text("return = 1\n")
        expected = cli_policy(binary, CLEAN_STREAM, str(path))
        choose(page, "custom", "return = 1\n")
        browser, server_box = decide(page, CLEAN_STREAM)
        assert browser["status"] == "error" and expected["error"] in browser["text"], (expected, browser)
        assert "does not compile" in server_box["text"] and expected["error"] in server_box["text"], server_box
        expect(page.locator("#stream-banner")).to_contain_text("PASS")

    with check("the playground's policy example runs, and opens as the stream panel's custom policy"):
        page.select_option("#lua-examples", "policy")
        source = page.input_value("#lua-source")
        page.click("#lua-use-policy")
        assert page.input_value("#policy-preset") == "custom"
        assert page.input_value("#policy-source") == source
        path = Path(work) / "example-policy.lua"
        path.write_text(source)
        expected = cli_policy(binary, faulted_stream(work), str(path))
        browser, server_box = decide(page, faulted_stream(work))
        assert browser["decision"] == server_box["decision"] == expected["decision"], (browser, expected)

    choose(page, "")  # the later checks analyze streams without a policy


def policy_screenshot(page, work: str, path: str) -> None:
    """The policy editor and both decisions on a stream with a CRC error (web-upload: review)."""
    choose(page, "web-upload")
    drop_file(page, crc_faulted_stream(work))
    expect(page.locator("#policy-server .decision-head")).to_be_visible(timeout=60 * SECONDS)
    box = page.evaluate("""() => { const top = document.getElementById('policy-panel').getBoundingClientRect();
        const bottom = document.getElementById('policy-verdict').getBoundingClientRect();
        return { x: top.left - 8, y: top.top + scrollY - 8, width: top.width + 16, height: bottom.bottom - top.top + 16 }; }""")
    page.screenshot(path=path, clip=box, full_page=True)
    choose(page, "")
