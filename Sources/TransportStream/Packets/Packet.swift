// One transport packet: header, adaptation field, continuity (1.4), and dispatch of the
// payload to PSI or PES handling.
//
// Continuity follows ISO/IEC 13818-1 2.4.3.3 as TR 101 290 1.4 reads it:
// - the counter advances by one per packet *with payload*; a packet without payload must
//   repeat the previous value (a wrong one counts once and does not change the sequence);
// - one duplicate is legal: same counter, byte-identical to the previous packet except the
//   PCR value; it is ignored. A third copy is an error ("a packet occurs more than twice");
// - discontinuity_indicator = 1 excuses any value on that packet;
// - the null PID 0x1FFF is not checked.
// Packets with transport_error_indicator set are counted (2.1) and still take part in the
// continuity check (their header is what a demultiplexer sees, as TSDuck and hardware
// analysers do: a flagged packet with a correct counter is not a lost packet), but their
// contents (PCR, PSI, PES) are not used.

/// Outcome of the continuity check of one packet.
enum ContinuityResult {
    case ok
    /// A legal duplicate: ignore the packet.
    case duplicate
    /// A counting error; the packet is used (its payload starts a new run).
    case error(Reason, expected: UInt8)
    /// A third (or later) copy: counted, packet ignored.
    case extraCopy
}

extension ValidatorCore {
    /// Handles one 188-byte transport packet at `ts`.
    mutating func processPacket(_ ts: UnsafePointer<UInt8>, mark: Mark) {
        let b1 = ts[1]
        let b3 = ts[3]
        let pid = UInt16(b1 & 0x1F) << 8 | UInt16(ts[2])
        let state = pids.base + Int(pid)
        if state.pointee.packets == 0 { firstAppearance(pid, mark: mark) }
        state.pointee.packets &+= 1
        let flaggedInError = b1 & 0x80 != 0
        if flaggedInError {
            record(.transportError, pid: Int32(pid), mark: mark, reason: .none, value: 0)
        }
        let control = (b3 >> 4) & 3
        if control == 0 {
            // Reserved adaptation_field_control: decoders discard the packet.
            record(.adaptationFieldError, pid: Int32(pid), mark: mark, reason: .tableID, value: 0)
            return
        }
        var payloadStart = 4
        var discontinuity = false
        var pcr: Int64 = -1
        if control & 2 != 0 {
            let length = Int(ts[4])
            if length > (control == 3 ? 182 : 183) {
                record(.adaptationFieldError, pid: Int32(pid), mark: mark, reason: .length, value: Int64(length))
                return
            }
            if control == 2 && length != 183 {
                record(.adaptationFieldError, pid: Int32(pid), mark: mark, reason: .length, value: Int64(length))
            }
            if length > 0 {
                let flags = ts[5]
                discontinuity = flags & 0x80 != 0
                if flags & 0x10 != 0 {
                    if length >= 7 {
                        pcr = Self.readPCR(ts + 6)
                    } else {
                        record(.adaptationFieldError, pid: Int32(pid), mark: mark, reason: .length, value: Int64(length))
                    }
                }
            }
            payloadStart = 5 + length
        }
        let hasPayload = control & 1 != 0 && payloadStart < 188
        if pid == 0x1FFF {
            nullPackets &+= 1
            return
        }

        let previousCoord = state.pointee.lastCoord
        state.pointee.lastCoord = mark.coord
        switch continuity(state, ts, hasPayload: hasPayload, discontinuity: discontinuity, hasPCR: pcr >= 0) {
        case .ok: break
        case .duplicate:
            breakPositionAxis(at: mark.coord)
            return
        case .extraCopy:
            record(.continuityCountError, pid: Int32(pid), mark: mark, reason: .thirdCopy, value: Int64(b3 & 15))
            breakPositionAxis(at: mark.coord)
            return
        case .error(let reason, let expected):
            continuityError(pid, state: state, mark: mark, reason: reason,
                            value: Int64(expected) << 4 | Int64(b3 & 15))
            breakPositionAxis(at: previousCoord)
        }
        if flaggedInError { return }

        let scrambling = b3 >> 6
        if scrambling != 0 { scrambledPacket(pid, state: state, mark: mark, control: scrambling) }
        if pid == 0 { trackerOccur(patPacketTracker, mark: mark) }
        if pcr >= 0 { handlePCR(pid, state: state, pcr: pcr, discontinuity: discontinuity, mark: mark) }
        if state.pointee.pidTracker >= 0 { trackerOccur(state.pointee.pidTracker, mark: mark) }
        if discontinuity && state.pointee.pesSlot >= 0 {
            pesSlots[Int(state.pointee.pesSlot)].discontinuityPending = true
        }
        if scrambling != 0 || !hasPayload { return }
        if state.pointee.sectionSlot >= 0 {
            feedSection(pid, slot: Int(state.pointee.sectionSlot), payload: ts + payloadStart,
                        count: 188 - payloadStart, unitStart: b1 & 0x40 != 0, mark: mark)
        } else if state.pointee.pesSlot >= 0 {
            feedPES(slot: Int(state.pointee.pesSlot), payload: ts + payloadStart,
                    count: 188 - payloadStart, unitStart: b1 & 0x40 != 0, mark: mark)
        }
    }

    /// The 42-bit PCR (base * 300 + extension) from the 6 bytes at `p`.
    @inline(__always)
    static func readPCR(_ p: UnsafePointer<UInt8>) -> Int64 {
        let base = Int64(p[0]) << 25 | Int64(p[1]) << 17 | Int64(p[2]) << 9 | Int64(p[3]) << 1 | Int64(p[4] >> 7)
        let ext = Int64(p[4] & 1) << 8 | Int64(p[5])
        return base * 300 + ext
    }

    /// Applies the continuity rules (see the file comment) and updates the PID's state.
    @inline(__always)
    private mutating func continuity(_ state: UnsafeMutablePointer<PIDState>, _ ts: UnsafePointer<UInt8>,
                                     hasPayload: Bool, discontinuity: Bool, hasPCR: Bool) -> ContinuityResult {
        let cc = ts[3] & 15
        let last = state.pointee.lastCC
        if last == 0xFF || discontinuity {
            state.pointee.lastCC = cc
            state.pointee.altCC = 0xFF
            if hasPayload { rememberPacket(state, ts) }
            return .ok
        }
        if !hasPayload {
            if cc == last || cc == state.pointee.altCC { return .ok }
            // Either this packet is wrong or packets were lost before it: follow it, but let
            // the next payload packet continue either sequence, so one fault counts once.
            if state.pointee.altCC == 0xFF { state.pointee.altCC = last }
            state.pointee.lastCC = cc
            return .error(.noPayloadIncrement, expected: last)
        }
        let alternative = state.pointee.altCC
        state.pointee.altCC = 0xFF
        if cc == (last &+ 1) & 15 || (alternative != 0xFF && cc == (alternative &+ 1) & 15) {
            state.pointee.lastCC = cc
            rememberPacket(state, ts)
            return .ok
        }
        if cc == last && state.pointee.copies > 0 {
            if sameAsRemembered(state, ts, hasPCR: hasPCR) {
                if state.pointee.copies == 1 {
                    state.pointee.copies = 2
                    return .duplicate
                }
                return .extraCopy
            }
            rememberPacket(state, ts)
            return .error(.duplicateMismatch, expected: (last &+ 1) & 15)
        }
        state.pointee.lastCC = cc
        rememberPacket(state, ts)
        return .error(.lost, expected: (last &+ 1) & 15)
    }

    /// Keeps a copy of the packet so a following duplicate can be compared byte for byte.
    @inline(__always)
    private mutating func rememberPacket(_ state: UnsafeMutablePointer<PIDState>, _ ts: UnsafePointer<UInt8>) {
        if state.pointee.dupSlot < 0 {
            state.pointee.dupSlot = Int32(dupStore.count / 188)
            dupStore.append(contentsOf: repeatElement(0, count: 188))
        }
        let offset = Int(state.pointee.dupSlot) * 188
        dupStore.withUnsafeMutableBufferPointer { buf in
            guard let b = buf.baseAddress, offset + 188 <= buf.count else { return }
            copyBytes(b + offset, ts, 188)
        }
        state.pointee.copies = 1
    }

    /// True if `ts` equals the remembered packet except for the PCR field.
    private func sameAsRemembered(_ state: UnsafeMutablePointer<PIDState>, _ ts: UnsafePointer<UInt8>,
                                  hasPCR: Bool) -> Bool {
        let offset = Int(state.pointee.dupSlot) * 188
        return dupStore.withUnsafeBufferPointer { buf -> Bool in
            guard let b = buf.baseAddress, state.pointee.dupSlot >= 0, offset + 188 <= buf.count else { return false }
            let old = b + offset
            for i in 0..<188 {
                if hasPCR && i >= 6 && i < 12 { continue }
                if old[i] != ts[i] { return false }
            }
            return true
        }
    }

    /// Counts a continuity error, abandons partial sections and PES headers on the PID, and
    /// watches for splices (errors on several PIDs close together).
    private mutating func continuityError(_ pid: UInt16, state: UnsafeMutablePointer<PIDState>, mark: Mark,
                                          reason: Reason, value: Int64) {
        record(.continuityCountError, pid: Int32(pid), mark: mark, reason: reason, value: value)
        if state.pointee.sectionSlot >= 0 { sectionSlots[Int(state.pointee.sectionSlot)].abandon() }
        if state.pointee.pesSlot >= 0 {
            pesSlots[Int(state.pointee.pesSlot)].headerLength = -1
            pesSlots[Int(state.pointee.pesSlot)].discontinuityPending = true
            probes[Int(state.pointee.pesSlot)].discontinuity()
        }
        if mark.packetIndex &- lastCCErrorPacket > 200 {
            ccClusterPID = Int32(pid)
            ccClusterCounted = false
        } else if Int32(pid) != ccClusterPID && !ccClusterCounted {
            ccClusterCounted = true
            record(.ccSpliceSeam, pid: Int32(pid), mark: mark, reason: .splice, value: 0)
        }
        lastCCErrorPacket = mark.packetIndex
    }

    /// Handles a packet whose payload is scrambled: CAT_error without a CAT, PAT/PMT errors
    /// on table PIDs.
    private mutating func scrambledPacket(_ pid: UInt16, state: UnsafeMutablePointer<PIDState>, mark: Mark,
                                          control: UInt8) {
        state.pointee.scrambledPackets &+= 1
        if !catSeen { record(.catError, pid: Int32(pid), mark: mark, reason: .noCAT, value: Int64(control)) }
        switch state.pointee.role {
        case .pat:
            record(.patError, pid: 0, mark: mark, reason: .scrambled, value: Int64(control))
            record(.patError2, pid: 0, mark: mark, reason: .scrambled, value: Int64(control))
        case .pmt:
            record(.pmtError, pid: Int32(pid), mark: mark, reason: .scrambled, value: Int64(control))
            record(.pmtError2, pid: Int32(pid), mark: mark, reason: .scrambled, value: Int64(control))
        default: break
        }
    }

    /// Registers a PID the first time it occurs.
    private mutating func firstAppearance(_ pid: UInt16, mark: Mark) {
        seenPIDs.append(pid)
        pids.base[Int(pid)].firstMark = mark
        if mark.time == unresolvedTime { firstSeenQueue.append(pid) }
    }
}
