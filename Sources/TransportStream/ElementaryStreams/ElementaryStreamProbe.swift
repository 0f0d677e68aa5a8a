// Finding the headers ElementaryStreamFacts are read from, in the payload of a PID's PES
// packets (PES headers already stripped), chunk by chunk.
//
// Video (H.264, HEVC, MPEG-2): a start-code scanner (00 00 01) that runs across packets and
// PES packets; the units of interest (SPS; VPS and SPS; sequence header and extension) are
// captured up to the next start code and parsed. A recording may start mid-GOP, so the
// scanner keeps going until the first parameter set arrives.
// Audio (ADTS, LATM, MPEG audio, AC-3): the first bytes of a PES payload are captured and a
// frame header is accepted where the PES starts (PES packets are frame-aligned) or where the
// next frame's header confirms it; LATM frames without a StreamMuxConfig are skipped.
//
// The probe stops at the first complete facts (or after `byteLimit` bytes), so a PID costs
// nothing once described; memory is one capture buffer per PID, released when done.

/// Header search state of one elementary-stream PID.
struct ElementaryStreamProbe {
    let syntax: ElementarySyntax
    private(set) var facts: ElementaryStreamFacts?
    /// True once facts were found or the search gave up.
    private(set) var done: Bool
    private var scanned: Int64 = 0
    private var window: UInt32 = 0xFFFF_FFFF
    private var capturing = false
    private var capture: [UInt8] = []
    /// MPEG video: a sequence header waiting for its extension; HEVC: VPS timing.
    private var pending: ElementaryStreamFacts?
    private var vpsTiming: (Int64, Int64)?

    /// ES bytes examined per PID before giving up.
    static let byteLimit: Int64 = 16 << 20
    private static let captureLimit = 1024
    private static let audioCapture = 2048

    init(syntax: ElementarySyntax) {
        self.syntax = syntax
        done = syntax == .none
    }

    /// Takes `count` ES bytes; `pesStart` when they begin a PES packet's payload.
    mutating func feed(_ p: UnsafePointer<UInt8>, _ count: Int, pesStart: Bool) {
        guard !done, count > 0 else { return }
        scanned = Arithmetic.add(scanned, Int64(count))
        switch syntax {
        case .h264, .hevc, .mpegVideo: scanStartCodes(p, count)
        case .none: break
        default: gatherAudio(p, count, pesStart: pesStart)
        }
        if !done && scanned > Self.byteLimit { finish() }
    }

    /// Called on a continuity error: a unit being captured has lost bytes.
    mutating func discontinuity() {
        capturing = false
        if syntax != .h264 && syntax != .hevc && syntax != .mpegVideo { capture.removeAll(keepingCapacity: true) }
    }

    private mutating func finish() {
        done = true
        capture = []
        capturing = false
    }

    // MARK: Video

    private mutating func scanStartCodes(_ p: UnsafePointer<UInt8>, _ count: Int) {
        var i = 0
        while i < count && !done {
            let b = p[i]
            if capturing {
                capture.append(b)
                if capture.count >= Self.captureLimit { endCapture(trailing: 0) }
            }
            window = window << 8 | UInt32(b)
            if window & 0xFFFF_FF00 == 0x0000_0100 { startCode(b) }
            i += 1
        }
    }

    /// A start code whose next byte (NAL header or start code value) is `b`.
    private mutating func startCode(_ b: UInt8) {
        if capturing { endCapture(trailing: 4) }
        if done { return }
        let wanted: Bool
        switch syntax {
        case .h264: wanted = b & 0x1F == 7
        case .hevc: wanted = (b >> 1) & 0x3F == 32 || (b >> 1) & 0x3F == 33
        default:
            if let header = pending, b != 0xB5 {
                // A sequence header without sequence extension: MPEG-1 video.
                facts = header
                finish()
                return
            }
            wanted = b == 0xB3 || (b == 0xB5 && pending != nil)
        }
        if wanted {
            capturing = true
            capture.removeAll(keepingCapacity: true)
            capture.append(b)
        }
    }

    /// Parses the captured unit (without the `trailing` start-code bytes that ended it).
    /// Out of line: it has two callers, and each inlined copy carried every video parser call.
    @inline(never)
    private mutating func endCapture(trailing: Int) {
        capturing = false
        if capture.count > trailing { capture.removeLast(trailing) }
        var found: ElementaryStreamFacts? = nil
        var complete = false
        capture.withUnsafeBufferPointer { unit in
            guard unit.count > 0 else { return }
            switch syntax {
            case .h264:
                found = VideoParameterSets.h264SPS(unit)
                complete = found != nil
            case .hevc:
                if (unit[0] >> 1) & 0x3F == 32 {
                    vpsTiming = VideoParameterSets.hevcVPSTiming(unit)
                } else if var f = VideoParameterSets.hevcSPS(unit) {
                    if f.frameRate == nil, let (units, scale) = vpsTiming { f.frameRate = ElementaryStreamFacts.rate(scale, units) }
                    found = f
                    complete = true
                }
            default:
                if unit[0] == 0xB3 {
                    pending = VideoParameterSets.mpegSequenceHeader(unit)
                } else if var f = pending, VideoParameterSets.mpegSequenceExtension(unit, &f) {
                    found = f
                    complete = true
                }
            }
        }
        if complete {
            facts = found
            finish()
        }
    }

    // MARK: Audio

    private mutating func gatherAudio(_ p: UnsafePointer<UInt8>, _ count: Int, pesStart: Bool) {
        if pesStart {
            if !capture.isEmpty { examineAudio() }
            if done { return }
            capture.removeAll(keepingCapacity: true)
            capturing = true
        }
        guard capturing else { return }
        let take = min(count, Self.audioCapture - capture.count)
        if take > 0 { capture.append(contentsOf: UnsafeBufferPointer(start: p, count: take)) }
        if capture.count >= Self.audioCapture {
            examineAudio()
            capture.removeAll(keepingCapacity: true)
            capturing = false
        }
    }

    private mutating func examineAudio() {
        var found: ElementaryStreamFacts? = nil
        capture.withUnsafeBufferPointer { buf in found = Self.firstAudioHeader(syntax, buf) }
        if let found {
            facts = found
            finish()
        }
    }

    /// The first header in `buf` that starts it or is confirmed by the next frame's header.
    static func firstAudioHeader(_ syntax: ElementarySyntax, _ buf: UnsafeBufferPointer<UInt8>) -> ElementaryStreamFacts? {
        var i = 0
        while i + 4 <= buf.count {
            let rest = UnsafeBufferPointer(rebasing: buf[i...])
            if syntax == .latm {
                if let (f, length) = AudioFrameHeaders.loas(rest) {
                    if let f { return f }
                    i += max(length, 1)
                    continue
                }
            } else if let (f, length) = header(syntax, rest) {
                if i == 0 { return f }
                if length < rest.count {
                    let next = UnsafeBufferPointer(rebasing: rest[length...])
                    if let (g, _) = header(syntax, next), g.sameSource(as: f) { return f }
                }
            }
            i += 1
        }
        return nil
    }

    /// Out of line: `firstAudioHeader` tries it at two places, and each inlined copy carried
    /// all three frame-header parsers.
    @inline(never)
    private static func header(_ syntax: ElementarySyntax, _ p: UnsafeBufferPointer<UInt8>) -> (ElementaryStreamFacts, length: Int)? {
        switch syntax {
        case .adts: return AudioFrameHeaders.adts(p)
        case .mpegAudio: return AudioFrameHeaders.mpegAudio(p)
        case .ac3: return AudioFrameHeaders.ac3(p)
        default: return nil
        }
    }
}
