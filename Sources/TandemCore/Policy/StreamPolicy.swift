// Ingest policies: a Lua script that decides over a finished stream report whether to accept
// the stream. It runs in the same sandbox and under the same budgets as any Lua run
// (LuaBudgets(), DESIGN.md "Budgets"), after the report is built, so the decision is as
// deterministic as the report: the same bytes and policy give the same `policy` member on every
// target and with any chunking.
//
// The policy receives the report as a read-only table, both as its first argument
// (`local report = ...`) and as the global `report`, with the document's members under their
// own names (Sources/TransportStream/REPORT.md; `null` members are absent). It returns a
// decision — "accept", "review" or "reject" — and any number of messages (each converted with
// `tostring`). A policy that fails, returns no valid decision or runs out of budget is reported
// as such in the member; the validation itself never fails because of its policy.

import Lua

/// A policy: its Lua source and, for presets, its name.
public struct StreamPolicy: Equatable {
    /// The preset's name (`nil` for a policy given as source).
    public var name: [UInt8]?
    /// The Lua source.
    public var source: [UInt8]
    /// The budgets it runs under (the defaults of any Lua run).
    public var budgets = LuaBudgets()

    /// A policy given as source.
    public init(source: [UInt8]) { self.source = source }

    /// The preset called `name` (PolicyPresets.swift, generated from policies/*.lua), or `nil`.
    public init?(preset name: [UInt8]) {
        guard let source = PolicyPresets.source(named: name) else { return nil }
        self.name = name
        self.source = source
    }

    /// Chunk name of the policy in messages and tracebacks (`policy:3: …`).
    static let chunkName = [UInt8]("=policy")

    /// Runs the policy over a sealed `stream_report` document and returns the document with a
    /// `policy` member before its digest, sealed again.
    public func apply(to document: [UInt8]) -> [UInt8] {
        guard var body = ResultDocument.body(of: document),
              let report = try? JSONReader.parse(body) else { return document }
        var w = JSONWriter()
        w.beginObject()
        w.key("policy")
        PolicyOutcome.run(self, report: report).write(&w, policy: self)
        w.endObject()
        // `{"policy":{…}}` joins the report's members: `,"policy":{…}}` replaces its `}`.
        body.removeLast()
        body.append(0x2C)
        body.append(contentsOf: w.bytes.dropFirst())
        return ResultDocument.seal(body: body)
    }

    /// The main chunk: builds the read-only report, then calls the policy (registered as the
    /// module below, compiled under its own chunk name) with it, messages made strings.
    static func prelude(report: JSONValue) -> [UInt8] {
        [UInt8]("""
            local function freeze(t)
              for k, v in next, t do if type(v) == "table" then t[k] = freeze(v) end end
              return setmetatable({}, {
                __index = t,
                __newindex = function() error("the report is read-only", 2) end,
                __len = function() return #t end,
                __pairs = function() return next, t, nil end,
                __metatable = "read-only",
              })
            end
            local report = freeze(
            """) + LuaLiteral.source(of: report) + [UInt8]("""
            )
            _ENV.report = report
            local policy = package.preload["tandem.policy"]
            package.preload["tandem.policy"] = nil
            local results = table.pack(policy(report))
            for i = 2, results.n do results[i] = tostring(results[i]) end
            return table.unpack(results, 1, results.n)
            """)
    }

    /// The name the policy chunk is registered under (removed before the policy runs; the
    /// prelude names it too).
    static let moduleName = [UInt8]("tandem.policy")
}
