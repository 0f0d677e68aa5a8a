"""The stream report as an engineer reads it in the page (report version 3), on a recording with
SCTE-35 cues made by the test stream generator: the elementary streams' facts against ffprobe,
the per-PID one-second rates and the PCR statistics against the server's document, every cue
against the injector's own record (scte35.ts.cues), a cue's packet in the packet view, and the
cue CSV download."""

import json
import re
import subprocess
from pathlib import Path

from playwright.sync_api import expect

from browser_support import SECONDS, STREAMS, Server, check, drop_file, http

SCTE_STREAM = STREAMS / "scte35.ts"


def ffprobe_streams(path: Path) -> list[dict]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=id,codec_name,width,height,sample_rate,channels",
                          "-of", "json", str(path)], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["streams"]


def report_checks(page, server: Server) -> None:
    status, native = http(server.base + "api/stream/validate?profile=generic", SCTE_STREAM.read_bytes())
    doc = json.loads(native)
    if doc["version"] < 3:
        with check("report v3 views (PCR, rates, SCTE-35)"):
            raise AssertionError(f"the server's report is version {doc['version']}; these views need version 3 (make wasm, rebuild)")
        return

    with check("stream report: elementary streams as ffprobe sees them, one-second rates, TEI"):
        drop_file(page, SCTE_STREAM)
        expect(page.locator("#stream-banner")).to_be_visible(timeout=30 * SECONDS)
        header = page.locator("#pid-table thead").text_content()
        assert "min (1 s)" in header and "max (1 s)" in header and "TEI" in header, header
        rows = {int(re.search(r"\((\d+)\)", r.locator("td").first.text_content()).group(1)): r.text_content()
                for r in page.locator("#pid-table tbody tr").all()}
        for stream in ffprobe_streams(SCTE_STREAM):
            row = rows[int(stream["id"], 16)]
            if stream.get("width"):
                assert f"{stream['width']}×{stream['height']}" in row, (stream, row)
            if stream.get("sample_rate"):
                assert f"{int(stream['sample_rate']) / 1000:g} kHz" in row and f"{stream['channels']} ch" in row, (stream, row)
        video = next(p for p in doc["pids"] if p["min_bitrate_bps"] is not None)
        cells = page.locator("#pid-table tbody tr").nth(doc["pids"].index(video)).locator("td")
        assert cells.nth(6).text_content() == rate_text(video["min_bitrate_bps"]), cells.nth(6).text_content()
        assert cells.nth(7).text_content() == rate_text(video["max_bitrate_bps"]), cells.nth(7).text_content()

    with check("stream report: PCR statistics table and accuracy histogram"):
        pcr_pids = [p for p in doc["pids"] if p["pcr"]]
        rows = page.locator("#pcr-table tbody tr")
        expect(rows).to_have_count(len(pcr_pids))
        first = pcr_pids[0]["pcr"]
        text = rows.first.text_content()
        assert f"{first['interval_max_us'] / 1000:.2f} ms" in text and f"{first['intervals']:,}" in text, (text, first)
        accuracy = first["accuracy"]
        if accuracy["samples"]:
            assert page.locator("#pcr-chart rect.bar").count() == len(accuracy["histogram"]) == 13
            model = "arrival timestamps" if accuracy["model"] == "arrival_timestamps" else "byte position"
            assert model in text, text

    with check("stream report: every SCTE-35 cue, as the generator injected it; its packet; the CSV"):
        cues = [json.loads(line) for line in (STREAMS / "scte35.ts.cues").read_text().splitlines() if line.strip()]
        rows = page.locator("#scte35-table tbody tr")
        expect(rows).to_have_count(len(cues))
        for i, cue in enumerate(cues):
            text = rows.nth(i).text_content()
            assert cue["command"].replace("_", " ") in text, (cue, text)
            if cue.get("event_id") is not None:
                assert str(cue["event_id"]) in text, (cue, text)
            if cue.get("pts_time") is not None and cue["command"] == "splice_insert":
                assert f"{cue['pts_time'] / 90000:.3f} s" in text, (cue, text)
        assert page.locator("#event-timeline rect.mark.cue").count() == len(cues)
        item = doc["scte35"]["items"][1]
        rows.nth(1).locator("button").click()
        expect(page.locator("#hex-view")).to_be_visible()
        expect(page.locator("#hex-title")).to_contain_text(f"at byte {item['offset']}")
        fields = page.locator("#hex-fields").text_content().replace(" ", "")
        assert f"({item['pid']})" in fields and "table_id0xfc" in fields, fields
        page.keyboard.press("Escape")
        with page.expect_download() as info:
            page.click("#download-scte35")
        lines = Path(info.value.path()).read_bytes().decode().strip().split("\r\n")
        assert lines[0].startswith("pid,packet,offset") and len(lines) == 1 + len(doc["scte35"]["items"]), lines[:3]


def rate_text(bps: int) -> str:
    """The page's rate format (dom.js rateText)."""
    if bps >= 1e6:
        return f"{bps / 1e6:.2f} Mbit/s"
    if bps >= 1e3:
        return f"{bps / 1e3:.1f} kbit/s"
    return f"{bps} bit/s"
