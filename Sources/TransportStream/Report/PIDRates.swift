// Per-PID rates: minimum and maximum over one-second windows of stream time, and a bounded
// per-PID bitrate series — what an analyzer's PID view shows next to the average (TR 101 290
// 5.3.3 describes such measurements over a time gate; ISO/IEC 13818-1 2.4.2 the byte clock).
//
// Windows follow the resolved stream clock: each stretch of the time base that becomes known
// (Resolution.swift) advances the current window, which closes at the first stretch end at or
// beyond one second, so a window lasts one second plus at most one PCR interval (on an M2TS
// arrival clock, one packet: the framer resolves the clock when a window is due). At that moment every packet up to the stretch end has been
// counted, so a window's packets of a PID are the PID's packet count now minus at the last
// close. Only complete windows give minimum and maximum; a PID's windows start with the one in
// which it first occurred (a PID that then disappears for a whole window has minimum 0).
//
// The series keeps, for the first `trackedPIDs` PIDs to occur, the packets of each group of
// windows; when `seriesCap` points are full, neighbours merge and a group holds twice as many
// windows, as the stream's bitrate series does. No work is done per packet.

/// Per-PID one-second-window state.
struct PIDRate {
    var packetsAtWindowStart: Int64 = 0
    var minBps: Int64 = -1
    var maxBps: Int64 = -1
}

/// One point of the per-PID series: packets of each tracked PID during `ticks` from `startTime`.
struct PIDSeriesPoint {
    var startTime: Int64
    var ticks: Int64
    var packets: [Int64]
    /// Packets of all PIDs, tracked or not.
    var allPackets: Int64 = 0
}

/// The one-second windows and the per-PID series.
struct RateWindows {
    /// PIDs of the series: the first ones to occur.
    static let trackedPIDs = 64
    /// Length of a rate window in 27 MHz ticks.
    static let windowTicks: Int64 = 27_000_000

    let seriesCap: Int
    /// Indexed like `ValidatorCore.seenPIDs` (grown at window closes).
    var slots: [PIDRate] = []
    var windowStart: Int64 = unresolvedTime
    var windowTicksSoFar: Int64 = 0
    /// Arrival clock only: the time at which the current window is complete, so the framer
    /// resolves the clock there and not only every 256 packets.
    var due: Int64 = Int64.max
    /// Complete windows closed.
    var fullWindows: Int64 = 0
    var series: [PIDSeriesPoint] = []
    var current = PIDSeriesPoint(startTime: unresolvedTime, ticks: 0, packets: [])
    var windowsInCurrent = 0
    var windowsPerPoint = 1

    init(seriesCap: Int) { self.seriesCap = seriesCap }

    var memoryFootprint: Int {
        var total = slots.capacity * MemoryLayout<PIDRate>.stride
        total += (series.capacity + 1) * (MemoryLayout<PIDSeriesPoint>.stride + Self.trackedPIDs * 8)
        return total
    }
}

extension ValidatorCore {
    /// Advances the rate window by a resolved stretch of `ticks` ending at `endTime`.
    mutating func advanceRateWindow(ticks: Int64, startTime: Int64, endTime: Int64) {
        if rates.windowStart == unresolvedTime {
            rates.windowStart = startTime
            rates.due = Arithmetic.add(startTime, RateWindows.windowTicks)
        }
        rates.windowTicksSoFar = Arithmetic.add(rates.windowTicksSoFar, ticks)
        if rates.windowTicksSoFar >= RateWindows.windowTicks { closeRateWindow(endTime: endTime, complete: true) }
    }

    /// Ends the current window: complete windows update each PID's minimum and maximum; every
    /// window goes into the series.
    mutating func closeRateWindow(endTime: Int64, complete: Bool) {
        let ticks = rates.windowTicksSoFar
        guard ticks > 0 else { return }
        while rates.slots.count < seenPIDs.count { rates.slots.append(PIDRate()) }
        if rates.current.startTime == unresolvedTime { rates.current.startTime = rates.windowStart }
        let tracked = min(seenPIDs.count, RateWindows.trackedPIDs)
        while rates.current.packets.count < tracked { rates.current.packets.append(0) }
        for i in 0..<seenPIDs.count {
            let total = pids.base[Int(seenPIDs[i])].packets
            let packets = total &- rates.slots[i].packetsAtWindowStart
            rates.slots[i].packetsAtWindowStart = total
            rates.current.allPackets = Arithmetic.add(rates.current.allPackets, packets)
            if i < tracked { rates.current.packets[i] = Arithmetic.add(rates.current.packets[i], packets) }
            guard complete else { continue }
            let bps = Self.bitsPerSecond(packets, ticks: ticks)
            if rates.slots[i].minBps < 0 || bps < rates.slots[i].minBps { rates.slots[i].minBps = bps }
            if bps > rates.slots[i].maxBps { rates.slots[i].maxBps = bps }
        }
        if complete { rates.fullWindows = Arithmetic.add(rates.fullWindows, 1) }
        rates.current.ticks = Arithmetic.add(rates.current.ticks, ticks)
        rates.windowsInCurrent += 1
        rates.windowStart = endTime
        rates.due = Arithmetic.add(endTime, RateWindows.windowTicks)
        rates.windowTicksSoFar = 0
        if rates.windowsInCurrent >= rates.windowsPerPoint || !complete { closeSeriesPoint(nextStart: endTime) }
    }

    /// Appends the current series point, merging neighbours when the series is full.
    private mutating func closeSeriesPoint(nextStart: Int64) {
        rates.series.append(rates.current)
        rates.current = PIDSeriesPoint(startTime: nextStart, ticks: 0, packets: [])
        rates.windowsInCurrent = 0
        guard rates.series.count >= rates.seriesCap else { return }
        var merged: [PIDSeriesPoint] = []
        var i = 0
        while i < rates.series.count {
            var p = rates.series[i]
            if i + 1 < rates.series.count {
                let q = rates.series[i + 1]
                p.ticks = Arithmetic.add(p.ticks, q.ticks)
                p.allPackets = Arithmetic.add(p.allPackets, q.allPackets)
                while p.packets.count < q.packets.count { p.packets.append(0) }
                for k in 0..<q.packets.count { p.packets[k] = Arithmetic.add(p.packets[k], q.packets[k]) }
            }
            merged.append(p)
            i += 2
        }
        rates.series = merged
        rates.windowsPerPoint *= 2
    }

    /// The per-PID series for the report.
    func pidBitrateSeries() -> PIDBitrateSeries {
        let tracked = min(seenPIDs.count, RateWindows.trackedPIDs)
        // No closure captures `self` here: that copied the whole validator state (an outlined
        // copy of ValidatorCore, 3 kB of wasm, at every use).
        let order = Self.orderByPID(Array(seenPIDs[0..<tracked]))
        var pids: [UInt16] = []
        for i in order { pids.append(seenPIDs[i]) }
        var out = PIDBitrateSeries(pids: pids, points: [],
                                   untrackedPIDs: Int64(seenPIDs.count - tracked))
        guard origin != unresolvedTime else { return out }
        for p in rates.series where p.ticks > 0 {
            var bps: [Int64] = []
            for i in order {
                let packets = i < p.packets.count ? p.packets[i] : 0
                bps.append(Self.bitsPerSecond(packets, ticks: p.ticks))
            }
            out.points.append(PIDBitratePoint(startMicros: (p.startTime &- origin) / 27, durationMicros: p.ticks / 27,
                                              totalBitsPerSecond: Self.bitsPerSecond(p.allPackets, ticks: p.ticks),
                                              bitsPerSecond: bps))
        }
        return out
    }

    /// The rate of `packets` 188-byte packets in `ticks` of 27 MHz.
    static func bitsPerSecond(_ packets: Int64, ticks: Int64) -> Int64 {
        Arithmetic.scale(Arithmetic.scale(packets, 188 * 8, 1), 27_000_000, ticks)
    }

    /// Closes the last, partial window at the end of the stream (it joins the series only).
    mutating func finishRateWindows(endTime: Int64) {
        if rates.windowTicksSoFar > 0 {
            closeRateWindow(endTime: endTime, complete: false)
        } else if rates.windowsInCurrent > 0 {
            closeSeriesPoint(nextStart: endTime)
        }
    }

    /// Minimum and maximum one-second rate of each PID with a complete window, by PID.
    func windowRateTable() -> [(min: Int64, max: Int64)?] {
        var table: [(min: Int64, max: Int64)?] = Array(repeating: nil, count: 8192)
        for i in 0..<min(seenPIDs.count, rates.slots.count) where rates.slots[i].minBps >= 0 {
            table[Int(seenPIDs[i] & 0x1FFF)] = (rates.slots[i].minBps, rates.slots[i].maxBps)
        }
        return table
    }
}
