// The bytecode listing of a Lua run request's chunk ("kind":"lua_listing"): what `luac5.4 -l -l`
// prints for the same source and chunk name (luac.c's PrintFunction, via Lua's Disassembler),
// as a sealed document, so the page's bytecode view, `tandem listing` and the wasm module show
// the same bytes. The chunk is compiled, never run: of the request only the source, the chunk
// name and the budgets matter (it is read by the run request's own parser).
//
//   {"kind":"lua_listing","version":1,
//    "request":{"chunk_name":"=input","source_bytes":12,"source_sha256":"…",
//               "budgets":{"steps":…,"memory_bytes":…,"output_bytes":…}},
//    "status":"ok" | "syntax_error" | "budget_exceeded",
//    "listing":"…"                     (or "listing_base64":"…" when it is not UTF-8),
//    "error":null | {"kind":"syntax"|"budget","budget":"steps"|"memory"|"output","message":"…"},
//    "steps":N,"digest":"sha256:…"}
//
// Budgets as for `load` (CostModel.swift): compiling charges `stepsPerSourceByte` per source
// byte and the compiler's searches `compilerWorkPerStep`, its arrays count against the memory
// budget, and the listing counts against the output budget — past it the listing holds its
// first `output_bytes` bytes and the status says so. Addresses are a function counter
// ("0x1", "0x2", …) where luac prints pointers.

import Lua

/// Writes `lua_listing` documents.
public enum LuaListingDocument {
    /// How a listing ended.
    enum Outcome {
        case ok
        /// The chunk does not compile: lua5.4's message ("input:1: unexpected symbol near '='").
        case syntax([UInt8])
        /// A budget ran out (the listing holds what fitted of the output budget).
        case budget(LuaBudgetKind)
    }

    /// The listing document of `request`'s chunk: the one entry point every host calls (the
    /// wasm module's `tandem_lua_listing`, `tandem listing`, parity).
    public static func make(_ request: LuaRunRequest) -> [UInt8] {
        let budgets = request.options.budgets
        let (sourceSteps, tooLong) = Int64(request.source.count).multipliedReportingOverflow(by: CostModel.stepsPerSourceByte)
        guard !tooLong, sourceSteps <= budgets.steps else {
            return document(request, listing: [], outcome: .budget(.steps), steps: budgets.steps)
        }
        let (workLimit, overflow) = (budgets.steps - sourceSteps).multipliedReportingOverflow(by: CostModel.compilerWorkPerStep)
        var work: Int64 = 0
        var listing: [UInt8] = []
        var outcome = Outcome.ok
        do throws(LuaSyntaxError) {
            let proto = try Compiler.compile(source: request.source, chunkName: request.chunkName, cLevel: 2,
                                             memoryLimit: budgets.memoryBytes, workLimit: overflow ? Int64.max : workLimit,
                                             work: &work)
            let limit = Int(clamping: budgets.outputBytes)
            listing = Disassembler.listing(proto, limit: limit)
            if listing.count > limit {
                listing.removeSubrange(limit...)
                outcome = .budget(.output)
            }
        } catch {
            switch error.kind {
            case .memory: outcome = .budget(.memory)
            case .workLimit: outcome = .budget(.steps)
            default: outcome = .syntax(error.message)
            }
        }
        let steps = min(budgets.steps, sourceSteps + work / CostModel.compilerWorkPerStep)
        return document(request, listing: listing, outcome: outcome, steps: steps)
    }

    /// The document for a JSON run request, or its `request_error` document: what the wasm
    /// module's `tandem_lua_listing` answers, and what parity compares it with.
    public static func answer(requestJSON: [UInt8]) -> [UInt8] {
        RequestError.documentOrRefusal { () throws(RequestError) in make(try LuaRunRequest.parse(requestJSON)) }
    }

    static func document(_ r: LuaRunRequest, listing: [UInt8], outcome: Outcome, steps: Int64) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("kind", "lua_listing")
        w.field("version", 1)
        w.key("request")
        w.beginObject()
        LuaRunDocument.writeSource(r, to: &w)
        w.key("budgets")
        w.beginObject()
        w.field("steps", r.options.budgets.steps)
        w.field("memory_bytes", r.options.budgets.memoryBytes)
        w.field("output_bytes", r.options.budgets.outputBytes)
        w.endObject()
        w.endObject()
        switch outcome {
        case .ok: w.field("status", "ok")
        case .syntax: w.field("status", "syntax_error")
        case .budget: w.field("status", "budget_exceeded")
        }
        LuaRunDocument.writeBytes(listing, key: "listing", base64Key: "listing_base64", to: &w)
        w.key("error")
        switch outcome {
        case .ok:
            w.null()
        case .syntax(let message):
            w.beginObject()
            w.field("kind", "syntax")
            LuaRunDocument.writeBytes(message, key: "message", base64Key: "message_base64", to: &w)
            w.endObject()
        case .budget(let kind):
            w.beginObject()
            w.field("kind", "budget")
            w.key("budget")
            w.string(kind.name)
            // The message a run that exhausts the budget gets: "<name> budget exceeded".
            w.field("message", string: kind.name.withUTF8Buffer { Array($0) } + [UInt8](" budget exceeded"))
            w.endObject()
        }
        w.field("steps", steps)
        w.endObject()
        return ResultDocument.seal(w)
    }
}
