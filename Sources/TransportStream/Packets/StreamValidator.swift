// The streaming validator: public entry points and the state they drive.
//
// Bytes go in through `push` in chunks of any size and alignment; `finish` evaluates what can
// only be decided at the end and returns the report. The same bytes give the same report
// whatever the chunking, because every decision the framer takes waits until the bytes it
// depends on are present (see Framing.swift).
//
// All mutable state lives in one `ValidatorCore` struct behind a pointer the class owns, so the
// per-packet path works on plain struct fields and fixed per-PID tables indexed by the 13-bit
// PID, with no dynamic exclusivity checks, no hashing and no allocation per packet.

/// An MPEG transport stream validator (ETSI TR 101 290), fed incrementally.
///
/// ```swift
/// let validator = StreamValidator(profile: .dvb)
/// validator.push(chunk)            // any number of times
/// let report = validator.finish()
/// ```
public final class StreamValidator {
    private let core: UnsafeMutablePointer<ValidatorCore>
    private var finalReport: StreamReport?

    /// Creates a validator applying `profile`'s thresholds.
    public init(profile: ValidationProfile = .generic, options: ValidatorOptions = ValidatorOptions()) {
        core = UnsafeMutablePointer<ValidatorCore>.allocate(capacity: 1)
        core.initialize(to: ValidatorCore(profile: profile, options: options))
    }

    deinit {
        core.pointee.releaseStorage()
        core.deinitialize(count: 1)
        core.deallocate()
    }

    /// Feeds the next bytes of the stream. Chunks may have any size, including zero.
    /// Calls after `finish()` are ignored.
    public func push(_ chunk: UnsafeBufferPointer<UInt8>) {
        if finalReport != nil { return }
        core.pointee.push(chunk)
    }

    /// Feeds the next bytes of the stream from an array.
    public func push(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { push($0) }
    }

    /// Validates a whole stream held in memory.
    public static func validate(_ bytes: [UInt8], profile: ValidationProfile = .generic,
                                options: ValidatorOptions = ValidatorOptions()) -> StreamReport {
        let validator = StreamValidator(profile: profile, options: options)
        validator.push(bytes)
        return validator.finish()
    }

    /// Bytes received so far (for progress displays).
    public var bytesReceived: Int64 { core.pointee.bytesReceived }

    /// Approximate bytes held by the validator's state (for tests of bounded memory).
    var memoryFootprint: Int { core.pointee.memoryFootprint }

    /// Ends the stream and returns the report. Further calls return the same report.
    public func finish() -> StreamReport {
        if let report = finalReport { return report }
        let report = core.pointee.finish()
        finalReport = report
        return report
    }
}

/// Memory owned through a pointer, freed with its owner.
struct FixedTable<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, repeating value: Element) {
        self.count = count
        base = UnsafeMutablePointer<Element>.allocate(capacity: count)
        base.initialize(repeating: value, count: count)
    }

    /// Element `i` (`0 <= i < count`, unchecked), read and written in place through the
    /// pointer: a `let` table mutates its elements with no uniqueness check and no copy.
    subscript(i: Int) -> Element {
        unsafeAddress { UnsafePointer(base + i) }
        nonmutating unsafeMutableAddress { base + i }
    }

    func release() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// What a PID carries, as far as the tables tell.
enum PIDRole: UInt8 {
    case unknown, pat, cat, pmt, nit, sdt, eit, rst, tdt, elementary, null, emm, ecm, reservedSI, scte35
}

/// Per-PID state touched by every packet of that PID.
struct PIDState {
    var packets: Int64 = 0
    var scrambledPackets: Int64 = 0
    var pcrCount: Int64 = 0
    var firstMark = Mark.none
    var referenceMark = Mark.none
    var lastCoord: Int64 = 0
    var lastCC: UInt8 = 0xFF
    /// After a no-payload packet with an unexpected counter: the counter it replaced.
    var altCC: UInt8 = 0xFF
    var copies: UInt8 = 0
    var role: PIDRole = .unknown
    var streamType: UInt8 = 0
    var referenced = false
    var dupSlot: Int32 = -1
    var sectionSlot: Int32 = -1
    var pesSlot: Int32 = -1
    var pcrSlot: Int32 = -1
    var pidTracker: Int32 = -1
    var pmtTracker: Int32 = -1
}

/// The validator's whole state (see the file comment).
struct ValidatorCore {
    let profile: ValidationProfile
    let options: ValidatorOptions
    let thresholds: Thresholds

    // Framing (Framing.swift)
    var packetSize = 0
    var syncOffset = 0
    var inSync = false
    var everSynced = false
    let carry: FixedTable<UInt8>
    var carryCount = 0
    /// Stream offset of the first byte not yet consumed by the framer.
    var consumedOffset: Int64 = 0
    var bytesReceived: Int64 = 0
    var skippedBytes: Int64 = 0
    var truncatedTailBytes: Int64 = 0
    var packetIndex: Int64 = 0
    var lastUnitEnd: Int64 = 0
    var startOffset: Int64 = 0
    var lastMark = Mark.none
    /// While sync is lost: stream offset of the next packet slot on the lost grid, whose
    /// sync byte is checked (1.2 counts every bad slot until sync is found again).
    var nextLostSlot: Int64 = -1

    // Clock (TimeBase.swift, Resolution.swift)
    var timeSource = TimeBaseSource.none
    /// 192-byte units whose arrival timestamps are a usable clock (see plausibleArrivalTimes).
    var usesArrivalClock = false
    var clock: PCRClock
    var arrivalLast: Int64 = -1
    var arrivalCoord: Int64 = 0
    var arrivalRegressions: Int64 = 0
    var arrivalSegmentStart = Mark.none
    var origin: Int64 = unresolvedTime
    var startCoord: Int64 = 0
    var lastSegment: ClockSegment?
    var lastSegmentEndOffset: Int64 = 0

    // PIDs
    let pids: FixedTable<PIDState>
    var seenPIDs: [UInt16] = []
    var firstSeenQueue: [UInt16] = []
    var referenceQueue: [UInt16] = []
    var dupStore: [UInt8] = []
    var nullPackets: Int64 = 0

    // Counting (Tally.swift)
    /// Per-check tallies and whether each check's condition was observed at all, indexed by
    /// `Check.rawValue`: fixed tables behind pointers, so the per-packet path writes them with
    /// no uniqueness check and no array code is specialized for them.
    let tallies: FixedTable<Tally>
    let observed: FixedTable<Bool>
    var pidTallies: PIDTallyTable
    var events: EventLog
    var accuracyTally = Tally()
    var accuracyPIDTallies = PIDTallyTable(capacity: 256)
    var accuracyEvents: EventLog
    var lastCCErrorPacket: Int64 = Int64.min / 2
    var ccClusterPID: Int32 = -1
    var ccClusterCounted = false

    // Interval trackers (IntervalTracker.swift)
    var trackers: [IntervalTracker] = []
    var queuedTrackers: [Int32] = []
    var violations: [IntervalViolation] = []
    var tooClose: [Mark] = []
    var patPacketTracker: Int32 = -1
    var patSectionTracker: Int32 = -1
    var siTrackers: [Int32] = []
    /// Trackers of NIT_other, SDT_other, EIT p and EIT f other, made when the table first
    /// occurs (-1 before).
    var otherSITrackers: [Int32] = [-1, -1, -1, -1]
    var eitPresentFollowing = EITPresentFollowingTable()

    // PSI (Sections.swift, Tables.swift)
    /// Section slots, the first `sectionSlotCount` in use (a fixed table, see pesSlots).
    let sectionSlots: FixedTable<SectionSlot>
    var sectionSlotCount = 0
    var sectionStore: [UInt8] = []
    var patVersion: Int16 = -1
    var transportStreamID: Int32 = -1
    var networkPID: UInt16 = 0x0010
    /// Programs, the first `programCount` in use (a fixed table, see pesSlots).
    let programs: FixedTable<ProgramState>
    var programCount = 0
    var catSeen = false
    var catVersion: Int16 = -1
    var nitSeen = false
    var sdtSeen = false
    var tableVersionChanges: Int64 = 0

    // PES and PCR (PES.swift, PCR.swift)
    /// PES slots, the first `pesSlotCount` in use. The per-PID slot tables are allocated at
    /// their bound (`maxPESSlots`, `maxPCRSlots`, `maxSectionSlots`) as fixed tables, like
    /// `pids`: no Array code is specialized per slot type (about half a kilobyte of the wasm
    /// module each) and the per-packet path reaches a slot with no uniqueness check.
    let pesSlots: FixedTable<PESSlot>
    var pesSlotCount = 0
    var pesHeaders: [UInt8] = []
    /// Elementary-stream header probes, one per PES slot (same index).
    let probes: FixedTable<ElementaryStreamProbe>
    /// PCR slots, the first `pcrSlotCount` in use.
    let pcrSlots: FixedTable<PCRSlot>
    var pcrSlotCount = 0

    // SCTE-35 (SCTE35.swift)
    var spliceCues: [PendingCue] = []
    var spliceCuesDropped: Int64 = 0
    var firstUnresolvedCue = 0

    // Per-PID rates over one-second windows and the per-PID series (PIDRates.swift)
    var rates: RateWindows

    // Bitrate series (Resolution.swift)
    var series: [BitratePoint] = []
    var seriesWindowTicks: Int64
    var windowBytes: Int64 = 0
    var windowTicks: Int64 = 0
    var windowStartTime: Int64 = unresolvedTime

    init(profile: ValidationProfile, options: ValidatorOptions) {
        self.profile = profile
        self.options = options
        thresholds = Thresholds(profile)
        let acquire = Int(max(1, min(profile.syncAcquireCount, 64)))
        let loss = Int(max(1, min(profile.syncLossCount, 64)))
        carry = FixedTable(count: (max(acquire, loss) + 3) * 204 + 8, repeating: 0)
        pids = FixedTable(count: 8192, repeating: PIDState())
        clock = PCRClock(maxStepTicks: thresholds.pcrStep)
        tallies = FixedTable(count: Check.count, repeating: Tally())
        observed = FixedTable(count: Check.count, repeating: false)
        sectionSlots = FixedTable(count: maxSectionSlots, repeating: SectionSlot(pid: 0, base: 0))
        pesSlots = FixedTable(count: maxPESSlots, repeating: PESSlot(pid: 0, pcrPID: 0, kind: .other))
        probes = FixedTable(count: maxPESSlots, repeating: ElementaryStreamProbe(syntax: .none))
        pcrSlots = FixedTable(count: maxPCRSlots, repeating: PCRSlot(pid: 0, tracker: -1))
        programs = FixedTable(count: maxPrograms, repeating: ProgramState(number: 0, pmtPID: 0))
        pidTallies = PIDTallyTable(capacity: 4096)
        events = EventLog(cap: options.eventCap)
        accuracyEvents = EventLog(cap: options.eventCap)
        seriesWindowTicks = options.bitrateWindowMs * ticksPerMillisecond
        rates = RateWindows(seriesCap: options.pidSeriesCap)
        setUpFixedTrackers()
    }

    /// Approximate bytes held in tables and buffers (element counts times strides).
    var memoryFootprint: Int {
        var total = carry.count + pids.count * MemoryLayout<PIDState>.stride
        total += dupStore.capacity + sectionStore.capacity + pesHeaders.capacity
        total += seenPIDs.capacity * 2 + firstSeenQueue.capacity * 2 + referenceQueue.capacity * 2
        total += trackers.capacity * MemoryLayout<IntervalTracker>.stride + queuedTrackers.capacity * 4
        total += sectionSlots.count * MemoryLayout<SectionSlot>.stride
        total += pesSlots.count * MemoryLayout<PESSlot>.stride
        total += probes.count * MemoryLayout<ElementaryStreamProbe>.stride + pesSlotCount * 2048
        total += pcrSlots.count * MemoryLayout<PCRSlot>.stride
        for s in 0..<pcrSlotCount { total += pcrSlots[s].pending.storageCapacity * MemoryLayout<AccuracySample>.stride }
        total += programs.count * MemoryLayout<ProgramState>.stride
        for k in 0..<programCount {
            total += programs[k].streams.capacity * MemoryLayout<StreamEntry>.stride
            total += programs[k].serviceName.capacity + programs[k].providerName.capacity
        }
        total += (events.events.capacity + accuracyEvents.events.capacity) * MemoryLayout<EventRecord>.stride
        total += (pidTallies.entries.capacity + accuracyPIDTallies.entries.capacity) * MemoryLayout<PIDTally>.stride
        total += series.capacity * MemoryLayout<BitratePoint>.stride
        total += spliceCues.capacity * (MemoryLayout<PendingCue>.stride + 4 * MemoryLayout<SegmentationInfo>.stride)
        total += rates.memoryFootprint
        return total
    }

    /// Mutating so a call through the owner's pointer works in place (a non-mutating call
    /// loaded a copy of the whole struct first).
    mutating func releaseStorage() {
        carry.release()
        pids.release()
        tallies.release()
        observed.release()
        sectionSlots.release()
        pesSlots.release()
        probes.release()
        pcrSlots.release()
        programs.release()
    }
}

/// The profile's limits converted to 27 MHz ticks once.
struct Thresholds {
    let acquire: Int
    let loss: Int
    let patMax: Int64
    let pmtMax: Int64
    let pidMax: Int64
    let pcrMax: Int64
    let pcrStep: Int64
    /// PCR accuracy tolerance in ticks x 1000 (ns x 27), to compare exactly.
    let accuracyMilliTicks: Int64
    let ptsMax: Int64
    let unreferencedGrace: Int64
    let nitMax: Int64
    let sdtMax: Int64
    let eitMax: Int64
    let tdtMax: Int64
    let siMin: Int64
    let otherSIMax: Int64

    init(_ p: ValidationProfile) {
        func ticks(_ ms: Int64) -> Int64 { Arithmetic.scale(max(0, ms), ticksPerMillisecond, 1) }
        acquire = Int(max(1, min(p.syncAcquireCount, 64)))
        loss = Int(max(1, min(p.syncLossCount, 64)))
        patMax = ticks(p.patMaxIntervalMs)
        pmtMax = ticks(p.pmtMaxIntervalMs)
        pidMax = ticks(p.pidMaxIntervalMs)
        pcrMax = ticks(p.pcrMaxIntervalMs)
        pcrStep = ticks(p.pcrMaxStepMs)
        accuracyMilliTicks = Arithmetic.scale(max(0, p.pcrAccuracyNs), 27, 1)
        ptsMax = ticks(p.ptsMaxIntervalMs)
        unreferencedGrace = ticks(p.unreferencedGraceMs)
        nitMax = ticks(p.nitMaxIntervalMs)
        sdtMax = ticks(p.sdtMaxIntervalMs)
        eitMax = ticks(p.eitMaxIntervalMs)
        tdtMax = ticks(p.tdtMaxIntervalMs)
        siMin = ticks(p.siMinIntervalMs)
        otherSIMax = ticks(p.otherSIMaxIntervalMs)
    }
}
