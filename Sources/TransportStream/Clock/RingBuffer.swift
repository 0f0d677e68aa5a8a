// A bounded first-in-first-out queue for the PCR accuracy results held back per PCR PID
// (TR 101 290 5.2.2 2.4 PCR_accuracy_error, ISO/IEC 13818-1 2.7.2 PCR accuracy; why results
// are held back is explained in PCR.swift).
//
// Each PCR of a position-clocked stream appends one result and, once `pendingSamples` are
// held, commits the oldest. With an Array that meant `removeFirst`, which moves every held
// result down one place (256 results of 64 bytes per PCR): on a constant-bitrate stream about
// half of the validator's instructions went there. A ring leaves the results where they were
// written and moves a head index instead, so each PCR costs the same whatever the queue holds.

/// A first-in-first-out queue of at most `capacity` elements, kept in a ring.
///
/// The elements live in an Array that grows (by `append`) until it holds `capacity` elements
/// and is reused in place from then on: a queue that never fills takes only the memory its
/// elements need, and a full one never allocates again. Element `i` (0 = oldest) sits at
/// physical index `(head + i) % capacity`. Until the storage is full the elements never wrap
/// (`head + count <= storage.count`), which is what lets `append` grow it at the end.
///
/// Embedded-Swift-safe (no Foundation, no existentials). No operation traps on a full or
/// empty queue: `append` hands back the element it displaces, `popFirst` returns nil.
struct RingBuffer<Element> {
    /// The most elements the queue holds.
    let capacity: Int
    private var storage: [Element] = []
    /// Physical index of the oldest element.
    private var head = 0
    /// Elements held.
    private(set) var count = 0

    /// Creates an empty queue holding at most `capacity` (at least 1) elements.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var isEmpty: Bool { count == 0 }

    /// Slots allocated so far (for memory accounting).
    var storageCapacity: Int { storage.capacity }

    /// Physical index of the element `offset` places after the oldest (`offset <= capacity`).
    private func physical(_ offset: Int) -> Int {
        let p = head + offset
        return p >= capacity ? p - capacity : p
    }

    /// Adds `element` as the newest. When the queue is full the oldest element makes room:
    /// it is removed and returned, exactly as `popFirst()` then `append` would.
    @discardableResult
    mutating func append(_ element: Element) -> Element? {
        let displaced = count == capacity ? popFirst() : nil
        let p = physical(count)
        if p < storage.count { storage[p] = element } else { storage.append(element) }
        count += 1
        return displaced
    }

    /// Removes and returns the oldest element, or nil when empty.
    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        head = physical(1)
        count -= 1
        return element
    }

    /// Removes the newest elements while `condition` holds for the newest.
    mutating func removeLast(while condition: (Element) -> Bool) {
        while count > 0 && condition(storage[physical(count - 1)]) { count -= 1 }
    }

    /// Removes every element, keeping the storage for reuse.
    mutating func removeAll() {
        head = 0
        count = 0
    }
}
