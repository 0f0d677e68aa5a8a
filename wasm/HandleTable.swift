// Sessions behind integer handles, for the entry points the browser calls in slices (a Lua run
// stepped a few million instructions at a time, a stream fed chunk by chunk). One generic
// table serves both capabilities; the module runs on one thread.

import TandemCore

/// Live sessions of one kind; a handle is an index + 1, so 0 never names a session.
struct HandleTable<Session: AnyObject> {
    private var slots: [Session?] = []
    /// The refusal document for the last request that could not be read (what `result(0)` returns).
    var lastRefusal: [UInt8] = []

    /// Stores `session` in the first free slot and returns its handle.
    mutating func open(_ session: Session) -> Int32 {
        if let free = slots.firstIndex(where: { $0 == nil }) {
            slots[free] = session
            return Int32(free + 1)
        }
        slots.append(session)
        return Int32(slots.count)
    }

    /// Opens a session built from a request, or records the refusal and returns 0.
    mutating func open(_ make: () throws(RequestError) -> Session) -> Int32 {
        do throws(RequestError) {
            let session = try make()
            return open(session)
        } catch {
            lastRefusal = error.document
            return 0
        }
    }

    /// The session behind `handle`, or nil for 0, a closed or an unknown handle.
    subscript(handle: Int32) -> Session? {
        guard handle > 0, Int(handle) <= slots.count else { return nil }
        return slots[Int(handle) - 1]
    }

    /// Frees the slot of `handle` (no effect for a bad handle).
    mutating func close(_ handle: Int32) {
        guard self[handle] != nil else { return }
        slots[Int(handle) - 1] = nil
    }
}
