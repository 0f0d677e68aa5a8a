// Counting occurrences: per check, per (check, PID), and a capped event list.
//
// A file has no clock of its own: the stream time of a packet is known only once the next PCR
// of the time base has arrived (see TimeBase.swift). So every place an occurrence is recorded
// holds a `Mark` whose time may still be unresolved; the validator resolves the pending marks
// whenever a stretch of the time base becomes known.

/// Sentinel for a time that is not (yet) known.
let unresolvedTime = Int64.min

/// Where something happened: packet index, byte offset, clock coordinate and resolved time.
struct Mark {
    /// Index of the framed packet (0-based).
    var packetIndex: Int64
    /// Byte offset of the packet (its first byte, TP_extra_header included) in the input.
    var byteOffset: Int64
    /// Position on the time base's coordinate axis (byte offset, or arrival time for M2TS).
    var coord: Int64
    /// Internal time base ticks, or `unresolvedTime`.
    var time: Int64

    static let none = Mark(packetIndex: -1, byteOffset: -1, coord: 0, time: unresolvedTime)
}

/// Count and first/last occurrence of one check (optionally restricted to one PID).
struct Tally {
    var count: Int64 = 0
    var first = Mark.none
    var last = Mark.none

    /// Adds one occurrence at `mark`.
    mutating func add(_ mark: Mark) {
        count = Arithmetic.add(count, 1)
        if count == 1 { first = mark }
        last = mark
    }

    /// True if either remembered mark still lacks a time.
    var hasUnresolved: Bool {
        count > 0 && (first.time == unresolvedTime || last.time == unresolvedTime)
    }

    /// Gives the remembered marks that lack a time their time on `segment`.
    @inline(never)  // two callers; runs once per clock stretch
    mutating func resolve(_ segment: ClockMap) {
        if first.time == unresolvedTime { first.time = segment.time(at: first.coord) }
        if last.time == unresolvedTime { last.time = segment.time(at: last.coord) }
    }
}

/// One entry of the per-(check, PID) table.
struct PIDTally {
    /// `check << 13 | pid`, or -1 for an empty slot.
    var key: Int32 = -1
    var tally = Tally()
    var queued = false
}

/// A fixed-capacity open-addressing table of per-(check, PID) tallies. Deterministic: the
/// probe sequence depends only on the key. Occurrences that do not fit are counted as dropped.
struct PIDTallyTable {
    private(set) var entries: [PIDTally]
    private(set) var used = 0
    private(set) var dropped: Int64 = 0
    /// Slots whose marks await a time (each queued once).
    var unresolved: [Int32] = []

    init(capacity: Int) { entries = Array(repeating: PIDTally(), count: capacity) }

    /// The slot of `key`, inserting it if `insert` (nil when absent or the table is full).
    private mutating func slot(_ key: Int32, insert: Bool) -> Int? {
        let n = entries.count
        var slot = Int((UInt32(bitPattern: key) &* 2_654_435_761) >> 7) % n
        var probes = 0
        while probes < n {
            if entries[slot].key == key { return slot }
            if entries[slot].key == -1 {
                if !insert || used * 4 >= n * 3 { return nil }
                entries[slot].key = key
                used += 1
                return slot
            }
            slot = slot + 1 == n ? 0 : slot + 1
            probes += 1
        }
        return nil
    }

    private static func key(_ check: Check, _ pid: UInt16) -> Int32 {
        Int32(check.rawValue) << 13 | Int32(pid & 0x1FFF)
    }

    /// Records one occurrence of `check` on `pid`.
    mutating func add(_ check: Check, pid: UInt16, mark: Mark) {
        guard let s = slot(Self.key(check, pid), insert: true) else {
            dropped = Arithmetic.add(dropped, 1)
            return
        }
        entries[s].tally.add(mark)
        if mark.time == unresolvedTime && !entries[s].queued {
            entries[s].queued = true
            unresolved.append(Int32(s))
        }
    }

    /// Adds a whole entry of another table (used to commit deferred PCR accuracy counts).
    mutating func merge(_ other: PIDTally) {
        guard let s = slot(other.key, insert: true) else {
            dropped = Arithmetic.add(dropped, other.tally.count)
            return
        }
        if entries[s].tally.count == 0 { entries[s].tally.first = other.tally.first }
        entries[s].tally.count = Arithmetic.add(entries[s].tally.count, other.tally.count)
        entries[s].tally.last = other.tally.last
    }

    /// The tally of `check` on `pid`, if any.
    func tally(_ check: Check, pid: UInt16) -> Tally? {
        let key = Self.key(check, pid)
        let n = entries.count
        var slot = Int((UInt32(bitPattern: key) &* 2_654_435_761) >> 7) % n
        var probes = 0
        while probes < n {
            if entries[slot].key == key { return entries[slot].tally }
            if entries[slot].key == -1 { return nil }
            slot = slot + 1 == n ? 0 : slot + 1
            probes += 1
        }
        return nil
    }

    /// Gives every pending mark its time on `segment` and empties the queue. Out of line (as
    /// is `EventLog.resolvePending`): each table is resolved from one place, twice over.
    @inline(never)
    mutating func resolvePending(_ segment: ClockMap) {
        for s in unresolved {
            let i = Int(s)
            entries[i].tally.resolve(segment)
            entries[i].queued = false
        }
        unresolved.removeAll(keepingCapacity: true)
    }
}

/// One recorded occurrence, as listed in the report's event list.
struct EventRecord {
    var check: Check
    var reason: Reason
    /// The PID concerned, or -1.
    var pid: Int32
    var mark: Mark
    /// A check-specific measured value (see REPORT.md), e.g. an interval in microseconds.
    var value: Int64
}

/// The capped event list.
struct EventLog {
    let cap: Int
    private(set) var events: [EventRecord] = []
    private(set) var dropped: Int64 = 0
    /// Index of the first event that may still lack a time.
    private var firstUnresolved = 0

    init(cap: Int) { self.cap = cap }

    mutating func append(_ event: EventRecord) {
        if events.count < cap { events.append(event) } else { dropped = Arithmetic.add(dropped, 1) }
    }

    /// Gives pending events their time on `segment`.
    @inline(never)
    mutating func resolvePending(_ segment: ClockMap) {
        var i = firstUnresolved
        while i < events.count {
            if events[i].mark.time == unresolvedTime { events[i].mark.time = segment.time(at: events[i].mark.coord) }
            i += 1
        }
        firstUnresolved = events.count
    }
}
