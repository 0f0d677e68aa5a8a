// Admission control: at most `slots` jobs run at once and at most `queueLimit` wait for a slot.
// A request that finds the queue full is refused at once (503 + Retry-After) instead of piling
// up: under overload the server answers quickly and stays responsive rather than degrading
// for everyone.

/// Slots for running jobs and a bounded queue of waiting ones.
actor Admission {
    let slots: Int
    let queueLimit: Int
    private(set) var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// False once shutdown began: new jobs are refused (readiness reports it).
    private(set) var accepting = true

    init(slots: Int, queueLimit: Int) {
        self.slots = max(1, slots)
        self.queueLimit = max(0, queueLimit)
    }

    /// Jobs waiting for a slot.
    var queued: Int { waiting.count }

    /// Takes a slot, waiting in the queue if needed; throws `queue_full` when the queue is full
    /// and `shutting_down` after shutdown began.
    func enter() async throws {
        guard accepting else { throw APIError(.serviceUnavailable, code: "shutting_down", "the server is shutting down", retryAfter: 5) }
        if running < slots {
            running += 1
            return
        }
        guard waiting.count < queueLimit else {
            throw APIError(.serviceUnavailable, code: "queue_full", "all workers are busy and the queue is full; retry later", retryAfter: 1)
        }
        await withCheckedContinuation { waiting.append($0) }  // the leaving job hands its slot over
    }

    /// Gives the slot back (to the first waiting job, if any).
    func leave() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }

    /// Stops admitting new jobs (queued ones still run).
    func stopAccepting() { accepting = false }
}
