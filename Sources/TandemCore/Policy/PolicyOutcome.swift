// Policies: what running one produced, and the `policy` member of the stream report that says
// so (REPORT.md, "policy"):
//
//   "policy":{"name":"web-upload"|null,"source_sha256":"<hex>","status":"ok"|"error"|"budget_exceeded",
//             "decision":"accept"|"review"|"reject"|null,"messages":["…"],"error":null|"…",
//             (strings that are not UTF-8 are written with U+FFFD, as JSONWriter does everywhere)
//             "budget":null|"steps"|"memory"|"output"|"call depth","steps":N,"memory_peak":N,"output":"…"}

import Lua

/// The result of running a policy.
struct PolicyOutcome {
    enum Status { case ok, error, budgetExceeded }

    var status: Status
    var decision: [UInt8]?
    var messages: [[UInt8]] = []
    var error: [UInt8]?
    var budget: LuaBudgetKind?
    var steps: Int64 = 0
    var memoryPeak: Int64 = 0
    var output: [UInt8] = []

    /// The decisions a policy may return.
    static let decisions: [[UInt8]] = [[UInt8]("accept"), [UInt8]("review"), [UInt8]("reject")]

    /// Runs `policy` over `report` to the end.
    static func run(_ policy: StreamPolicy, report: JSONValue) -> PolicyOutcome {
        let lua = LuaInterpreter(options: LuaRunOptions(seed: 0, budgets: policy.budgets, hostTime: nil))
        if case .syntaxError(let message) = lua.registerModule(name: StreamPolicy.moduleName, source: policy.source,
                                                               chunkName: StreamPolicy.chunkName) {
            return PolicyOutcome(status: .error, error: message)
        }
        if case .syntaxError(let message) = lua.load(source: StreamPolicy.prelude(report: report), chunkName: [UInt8]("=report")) {
            return PolicyOutcome(status: .error, error: message)  // only a report too large to compile
        }
        var status = lua.run(maxSteps: 1 << 30)
        while case .paused = status { status = lua.run(maxSteps: 1 << 30) }
        var outcome = finished(status)
        outcome.steps = lua.stepsUsed
        outcome.memoryPeak = lua.memoryPeak
        outcome.output = lua.output
        return outcome
    }

    /// The outcome for a finished or failed run.
    static func finished(_ status: LuaRunStatus) -> PolicyOutcome {
        switch status {
        case .finished(let values):
            guard case .string(let decision)? = values.first, decisions.contains(decision) else {
                return PolicyOutcome(status: .error, error: [UInt8]("the policy returned no decision (\"accept\", \"review\" or \"reject\")"))
            }
            let messages = values.dropFirst().map { value -> [UInt8] in
                if case .string(let text) = value { return text }
                return []  // not reached: the prelude makes every message a string
            }
            return PolicyOutcome(status: .ok, decision: decision, messages: messages)
        case .failed(let failure):
            if case .budget(let kind) = failure.kind {
                return PolicyOutcome(status: .budgetExceeded, error: failure.message, budget: kind)
            }
            return PolicyOutcome(status: .error, error: failure.message)
        case .paused:
            return PolicyOutcome(status: .error, error: [UInt8]("the policy did not finish"))
        }
    }

    /// Writes the member's object.
    func write(_ w: inout JSONWriter, policy: StreamPolicy) {
        w.beginObject()
        w.key("name")
        if let name = policy.name { w.string(name) } else { w.null() }
        w.key("source_sha256")
        w.hex(SHA256.hash(policy.source))
        w.key("status")
        switch status {
        case .ok: w.string("ok")
        case .error: w.string("error")
        case .budgetExceeded: w.string("budget_exceeded")
        }
        w.key("decision")
        if let decision { w.string(decision) } else { w.null() }
        w.key("messages")
        w.beginArray()
        for message in messages { w.string(message) }
        w.endArray()
        w.key("error")
        if let error { w.string(error) } else { w.null() }
        w.key("budget")
        if let budget { w.string(budget.name) } else { w.null() }
        w.field("steps", steps)
        w.field("memory_peak", memoryPeak)
        w.field("output", string: output)
        w.endObject()
    }
}
