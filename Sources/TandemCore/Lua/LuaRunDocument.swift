// The result document of a Lua run ("kind":"lua_run"), written identically on every target.
//
//   {"kind":"lua_run","version":1,
//    "request":{"chunk_name":"=input","source_bytes":12,"source_sha256":"…","seed":0,"host_time":null,
//               "args":[],"budgets":{"steps":…,"memory_bytes":…,"call_depth":…,"output_bytes":…}},
//    "status":"ok" | "error" | "syntax_error" | "budget_exceeded",
//    "output":"…"                      (or "output_base64":"…" when the output is not UTF-8),
//    "stderr":"…"                      (or "stderr_base64"; only when the script wrote to io.stderr
//                                       or a warning was emitted, so other documents are unchanged),
//    "returns":[value, …],
//    "error":null | {"kind":"runtime"|"syntax"|"budget","budget":"steps"|…,"message":"…","traceback":"…","value":value},
//    "steps":N,"memory_peak":N,"digest":"sha256:…"}
//
// A value is {"type":"nil"}, {"type":"boolean","value":true}, {"type":"integer","value":"42"}
// (a string: JSON readers lose integers above 2^53), {"type":"float","value":"0.1","bits":"3fb999999999999a"}
// (tostring's text plus the exact bits), {"type":"string","value":"…"} or {"type":"string","base64":"…"},
// or {"type":"table","tostring":"table: 0x00000001"} for the other types.

import Lua

/// Writes `lua_run` documents.
public enum LuaRunDocument {
    /// The sealed document for a finished (or failed) run.
    public static func make(request: LuaRunRequest, status: LuaRunStatus, output: [UInt8], errorOutput: [UInt8] = [],
                            steps: Int64, memoryPeak: Int64) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("kind", "lua_run")
        w.field("version", 1)
        w.key("request")
        writeRequest(request, to: &w)
        switch status {
        case .finished: w.field("status", "ok")
        case .paused: w.field("status", "paused")
        case .failed(let f):
            switch f.kind {
            case .syntax: w.field("status", "syntax_error")
            case .runtime: w.field("status", "error")
            case .budget: w.field("status", "budget_exceeded")
            case .exit: w.field("status", "exit")  // only in the shell (allowsExit); no request has os.exit
            }
        }
        writeBytes(output, key: "output", base64Key: "output_base64", to: &w)
        if !errorOutput.isEmpty { writeBytes(errorOutput, key: "stderr", base64Key: "stderr_base64", to: &w) }
        w.key("returns")
        w.beginArray()
        if case .finished(let values) = status { for v in values { writeValue(v, to: &w) } }
        w.endArray()
        w.key("error")
        if case .failed(let f) = status { writeFailure(f, to: &w) } else { w.null() }
        w.field("steps", steps)
        w.field("memory_peak", memoryPeak)
        w.endObject()
        return ResultDocument.seal(w)
    }

    /// The echo of what was run: everything but the source itself, which is identified by its hash.
    static func writeRequest(_ r: LuaRunRequest, to w: inout JSONWriter) {
        w.beginObject()
        writeSource(r, to: &w)
        w.key("seed")
        w.uint(r.options.seed)
        w.key("host_time")
        if let t = r.options.hostTime { w.int(t) } else { w.null() }
        w.key("args")
        w.beginArray()
        for a in r.options.scriptArguments { w.string(a) }
        w.endArray()
        w.field("input_bytes", Int64(r.options.input.count))
        w.key("input_sha256")
        w.hex(SHA256.hash(r.options.input))
        w.key("budgets")
        w.beginObject()
        w.field("steps", r.options.budgets.steps)
        w.field("memory_bytes", r.options.budgets.memoryBytes)
        w.field("call_depth", Int64(r.options.budgets.callDepth))
        w.field("output_bytes", r.options.budgets.outputBytes)
        w.endObject()
        w.endObject()
    }

    /// The chunk's members of a request echo: `chunk_name`, `source_bytes`, `source_sha256`
    /// (also those of a `lua_listing` document's echo).
    static func writeSource(_ r: LuaRunRequest, to w: inout JSONWriter) {
        w.field("chunk_name", string: r.chunkName)
        w.field("source_bytes", Int64(r.source.count))
        w.key("source_sha256")
        w.hex(SHA256.hash(r.source))
    }

    static func writeFailure(_ f: LuaRunFailure, to w: inout JSONWriter) {
        w.beginObject()
        switch f.kind {
        case .syntax: w.field("kind", "syntax")
        case .runtime: w.field("kind", "runtime")
        case .budget(let b):
            w.field("kind", "budget")
            w.key("budget")
            w.string(b.name)
        case .exit:
            w.field("kind", "exit")
        }
        writeBytes(f.message, key: "message", base64Key: "message_base64", to: &w)
        writeBytes(f.traceback, key: "traceback", base64Key: "traceback_base64", to: &w)
        if let v = f.errorValue {
            w.key("value")
            writeValue(v, to: &w)
        }
        w.endObject()
    }

    /// One exported Lua value (see the schema above).
    static func writeValue(_ v: LuaExportedValue, to w: inout JSONWriter) {
        w.beginObject()
        switch v {
        case .nil:
            w.field("type", "nil")
        case .boolean(let b):
            w.field("type", "boolean")
            w.field("value", b)
        case .integer(let i):
            w.field("type", "integer")
            w.key("value")
            w.string(NumberFormatter.format(i))
        case .float(let d):
            w.field("type", "float")
            w.key("value")
            w.string(NumberFormatter.format(d))
            w.key("bits")
            w.hex(bigEndianBytes(d.bitPattern))
        case .string(let s):
            w.field("type", "string")
            writeBytes(s, key: "value", base64Key: "base64", to: &w)
        case .other(let typeName, let description):
            w.key("type")
            w.string(typeName)
            w.key("tostring")
            w.string(description)
        }
        w.endObject()
    }

    /// Bytes as a JSON string when they are UTF-8, otherwise as Base64 under another key.
    /// Out of line: a document writes up to four such members.
    @inline(never)
    static func writeBytes(_ bytes: [UInt8], key: StaticString, base64Key: StaticString, to w: inout JSONWriter) {
        if JSONWriter.isValidUTF8(bytes) {
            w.key(key)
            w.string(bytes)
        } else {
            w.key(base64Key)
            w.string(Base64.encode(bytes))
        }
    }

    static func bigEndianBytes(_ v: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: v >> UInt64(56 - 8 * $0)) }
    }
}
