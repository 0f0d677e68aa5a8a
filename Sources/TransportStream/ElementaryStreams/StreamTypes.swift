// Codec inventory: what a PMT's stream_type (ISO/IEC 13818-1 table 2-34, plus the common
// ATSC/DVB/Blu-ray private values) and ES descriptors say an elementary stream is.

/// Hints gathered from the ES_info descriptors of one PMT entry.
struct DescriptorHints {
    /// format_identifier of a registration_descriptor (tag 0x05), e.g. "HEVC", "Opus".
    var registration: UInt32 = 0
    var ac3 = false
    var eac3 = false
    var dts = false
    var aac = false
    var subtitling = false
    var teletext = false
    var ac4 = false
    /// ISO 639 language code (tag 0x0A), or empty.
    var language: [UInt8] = []
}

/// What a stream is: its codec name, kind, and whether it is carried in PES packets.
public struct CodecInfo {
    /// Short codec name (ffmpeg style where one exists, e.g. "h264", "aac").
    public var name: StaticString
    /// Broad class of the stream.
    public var kind: StreamKind
    /// True if the stream is carried in PES packets (as opposed to sections).
    public var carriesPES: Bool
    /// The bitstream syntax its facts are read with (ElementaryStreamFacts).
    public var syntax: ElementarySyntax

    init(_ name: StaticString, _ kind: StreamKind, pes: Bool = true, syntax: ElementarySyntax = .none) {
        self.name = name
        self.kind = kind
        self.carriesPES = pes
        self.syntax = syntax
    }

    static func fourCC(_ s: StaticString) -> UInt32 {
        var v: UInt32 = 0
        s.withUTF8Buffer { for b in $0.prefix(4) { v = v << 8 | UInt32(b) } }
        return v
    }

    /// Classifies a PMT entry.
    static func classify(streamType: UInt8, hints: DescriptorHints) -> CodecInfo {
        switch streamType {
        case 0x01: return CodecInfo("mpeg1video", .video, syntax: .mpegVideo)
        case 0x02: return CodecInfo("mpeg2video", .video, syntax: .mpegVideo)
        case 0x03: return CodecInfo("mpeg1audio", .audio, syntax: .mpegAudio)
        case 0x04: return CodecInfo("mpeg2audio", .audio, syntax: .mpegAudio)
        case 0x05: return CodecInfo("private_sections", .data, pes: false)
        case 0x06: return privatePES(hints)
        case 0x07: return CodecInfo("mheg", .data)
        case 0x08: return CodecInfo("dsmcc", .data)
        case 0x0A, 0x0B, 0x0C, 0x0D: return CodecInfo("dsmcc", .data, pes: false)
        case 0x0F: return CodecInfo("aac", .audio, syntax: .adts)
        case 0x10: return CodecInfo("mpeg4video", .video)
        case 0x11: return CodecInfo("aac_latm", .audio, syntax: .latm)
        case 0x15: return CodecInfo("metadata", .data)
        case 0x1B: return CodecInfo("h264", .video, syntax: .h264)
        case 0x1C: return CodecInfo("mpeg4audio", .audio)
        case 0x1F: return CodecInfo("h264_svc", .video)
        case 0x20: return CodecInfo("h264_mvc", .video)
        case 0x21: return CodecInfo("jpeg2000", .video)
        case 0x24: return CodecInfo("hevc", .video, syntax: .hevc)
        case 0x25: return CodecInfo("hevc_temporal", .video)
        case 0x2D, 0x2E: return CodecInfo("mpegh_3d_audio", .audio)
        case 0x32: return CodecInfo("jpeg_xs", .video)
        case 0x33: return CodecInfo("vvc", .video)
        case 0x42: return CodecInfo("cavs", .video)
        case 0x80: return CodecInfo("pcm_bluray", .audio)
        case 0x81: return CodecInfo("ac3", .audio, syntax: .ac3)
        case 0x82: return CodecInfo("dts", .audio)
        case 0x83: return CodecInfo("truehd", .audio)
        case 0x84, 0x87: return CodecInfo("eac3", .audio, syntax: .ac3)
        case 0x85, 0x86:
            return hints.registration == fourCC("HDMV") ? CodecInfo("dts_hd", .audio)
                : CodecInfo("scte35", .data, pes: false)
        case 0x90: return CodecInfo("pgs_subtitle", .subtitles)
        case 0xD1: return CodecInfo("dirac", .video)
        case 0xD2: return CodecInfo("avs2", .video)
        case 0xD4: return CodecInfo("avs3", .video)
        case 0xEA: return CodecInfo("vc1", .video)
        default: return CodecInfo("unknown", .other, pes: false)
        }
    }

    /// stream_type 0x06 (PES private data): the descriptors say what it is.
    private static func privatePES(_ h: DescriptorHints) -> CodecInfo {
        if h.ac3 || h.registration == fourCC("AC-3") { return CodecInfo("ac3", .audio, syntax: .ac3) }
        if h.eac3 || h.registration == fourCC("EAC3") { return CodecInfo("eac3", .audio, syntax: .ac3) }
        if h.ac4 || h.registration == fourCC("AC-4") { return CodecInfo("ac4", .audio) }
        if h.dts || h.registration == fourCC("DTS1") || h.registration == fourCC("DTS2")
            || h.registration == fourCC("DTS3") { return CodecInfo("dts", .audio) }
        if h.aac { return CodecInfo("aac", .audio, syntax: .adts) }
        if h.registration == fourCC("Opus") { return CodecInfo("opus", .audio) }
        if h.registration == fourCC("BSSD") { return CodecInfo("s302m", .audio) }
        if h.registration == fourCC("HEVC") { return CodecInfo("hevc", .video, syntax: .hevc) }
        if h.registration == fourCC("KLVA") { return CodecInfo("klv", .data) }
        if h.subtitling { return CodecInfo("dvb_subtitle", .subtitles) }
        if h.teletext { return CodecInfo("dvb_teletext", .subtitles) }
        return CodecInfo("private_pes", .data)
    }
}
