// What an elementary stream is, read from its own bitstream (not from the PMT): the facts a
// media engineer checks first — profile, level, picture size, frame rate, scan type; sample
// rate, channels, nominal bitrate. The parsers live in VideoParameterSets.swift and
// AudioFrameHeaders.swift; ElementaryStreamProbe.swift finds the headers in the PES payload.

/// Which bitstream syntax a PID's payload is parsed with (from its PMT stream_type and descriptors).
public enum ElementarySyntax: UInt8 {
    /// No parser (data, subtitles, codecs without one here).
    case none
    /// ITU-T H.264 NAL units (Annex B byte stream): sequence parameter set.
    case h264
    /// ITU-T H.265 NAL units: video and sequence parameter sets.
    case hevc
    /// ISO/IEC 13818-2 / 11172-2 video: sequence header and sequence extension.
    case mpegVideo
    /// ISO/IEC 13818-7 AAC in ADTS frames.
    case adts
    /// ISO/IEC 14496-3 AAC in LATM/LOAS (AudioSyncStream, StreamMuxConfig).
    case latm
    /// ISO/IEC 11172-3 / 13818-3 audio frame headers (layers I-III).
    case mpegAudio
    /// ATSC A/52 AC-3 and E-AC-3 sync frames.
    case ac3
}

/// Facts read from an elementary stream's headers. Fields that do not apply to the stream's
/// kind, or that its headers do not carry, are nil.
public struct ElementaryStreamFacts {
    /// The bitstream format, ffmpeg-style: `h264`, `hevc`, `mpeg2video`, `mpeg1video`, `aac`,
    /// `aac_latm`, `mp1`, `mp2`, `mp3`, `ac3`, `eac3`.
    public var format: StaticString
    /// Profile name as ffprobe spells it (`High`, `Main 10`, `LC`...), if the syntax has profiles.
    public var profile: StaticString?
    /// Level as coded: H.264 level_idc (31 = 3.1), HEVC general_level_idc (level × 30),
    /// MPEG-2 level code (4 High, 6 High 1440, 8 Main, 10 Low).
    public var level: Int32?
    /// Displayed picture size (cropping / conformance window applied).
    public var width: Int32?
    /// Displayed picture height.
    public var height: Int32?
    /// Frame rate as a reduced fraction (numerator, denominator).
    public var frameRate: (numerator: Int64, denominator: Int64)?
    /// True when coded as fields or interlaced frames, false when progressive.
    public var interlaced: Bool?
    /// Chroma format: 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4.
    public var chromaFormat: Int32?
    /// Luma bit depth.
    public var bitDepth: Int32?
    /// Audio sample rate in Hz.
    public var sampleRate: Int32?
    /// Audio channels (LFE included).
    public var channels: Int32?
    /// Nominal bitrate coded in the frame header (MPEG audio, AC-3), bits per second.
    public var bitrate: Int64?

    init(format: StaticString) { self.format = format }

    /// True when two headers describe the same audio configuration (the bitrate of MPEG audio may vary).
    func sameSource(as other: ElementaryStreamFacts) -> Bool {
        sampleRate == other.sampleRate && channels == other.channels
    }

    /// `numerator / denominator` reduced, or nil when either is zero.
    static func rate(_ numerator: Int64, _ denominator: Int64) -> (numerator: Int64, denominator: Int64)? {
        guard numerator > 0, denominator > 0 else { return nil }
        var a = numerator, b = denominator
        while b != 0 { (a, b) = (b, a % b) }
        return (numerator / a, denominator / a)
    }
}
