// Audio frame headers: AAC ADTS (ISO/IEC 13818-7 6.2 / 14496-3 1.A.2), AAC LATM/LOAS
// (ISO/IEC 14496-3 1.7.3 AudioSyncStream, StreamMuxConfig, 1.6.2.1 AudioSpecificConfig),
// MPEG audio layers I-III (ISO/IEC 11172-3 2.4.2.3, 13818-3 2.4.2.3) and AC-3 / E-AC-3
// (ATSC A/52 5.3 and E.2.2 bsi).
//
// Each `parse` looks at the bytes at one position and returns the facts and the frame length
// if a valid header starts there (reserved values refused), so the probe can confirm a
// header by finding the next one where the length says.

enum AudioFrameHeaders {
    /// MPEG-4 sampling_frequency_index table (14496-3 table 1.18).
    static let aacRates: [Int32] = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
                                    11025, 8000, 7350]

    /// Channels of an MPEG-4 channelConfiguration (1..7; 7 is 7.1).
    private static func aacChannels(_ configuration: UInt32) -> Int32? {
        switch configuration {
        case 1...6: return Int32(configuration)
        case 7: return 8
        default: return nil  // 0: defined in the program config element
        }
    }

    private static func aacProfileName(objectType: UInt32) -> StaticString? {
        switch objectType {
        case 1: return "Main"
        case 2: return "LC"
        case 3: return "SSR"
        case 4: return "LTP"
        case 5: return "HE-AAC"
        case 29: return "HE-AACv2"
        case 23: return "LD"
        case 39: return "ELD"
        default: return nil
        }
    }

    // MARK: ADTS

    /// An ADTS header at `p` (7 bytes needed).
    static func adts(_ p: UnsafeBufferPointer<UInt8>) -> (ElementaryStreamFacts, length: Int)? {
        guard p.count >= 7, p[0] == 0xFF, p[1] & 0xF6 == 0xF0 else { return nil }
        let profile = UInt32(p[2] >> 6)
        let rateIndex = Int(p[2] >> 2 & 15)
        let configuration = UInt32(p[2] & 1) << 2 | UInt32(p[3] >> 6)
        let length = Int(p[3] & 3) << 11 | Int(p[4]) << 3 | Int(p[5] >> 5)
        guard rateIndex < aacRates.count, length >= 7 else { return nil }
        var f = ElementaryStreamFacts(format: "aac")
        f.profile = aacProfileName(objectType: profile + 1)
        f.sampleRate = aacRates[rateIndex]
        f.channels = aacChannels(configuration)
        return (f, length)
    }

    // MARK: LATM / LOAS

    /// An AudioSyncStream frame at `p`: facts only when it carries a StreamMuxConfig
    /// (useSameStreamMux = 0); otherwise a nil fact with the frame length, to move on.
    static func loas(_ p: UnsafeBufferPointer<UInt8>) -> (ElementaryStreamFacts?, length: Int)? {
        guard p.count >= 4, p[0] == 0x56, p[1] & 0xE0 == 0xE0 else { return nil }
        let length = 3 + (Int(p[1] & 0x1F) << 8 | Int(p[2]))
        var r = BitReader(UnsafeBufferPointer(rebasing: p[3...]))
        if r.flag() { return (nil, length) }  // useSameStreamMux
        let version = r.bits(1)
        if version == 1 && r.bits(1) == 1 { return (nil, length) }  // audioMuxVersionA: reserved
        if version == 1 { _ = latmValue(&r) }  // taraBufferFullness
        r.skip(1 + 6)  // allStreamsSameTimeFraming, numSubFrames
        if r.bits(4) != 0 || r.bits(3) != 0 { return (nil, length) }  // one program, one layer only
        if version == 1 { _ = latmValue(&r) }  // ascLen
        guard let f = audioSpecificConfig(&r), !r.overrun else { return (nil, length) }
        return (f, length)
    }

    private static func latmValue(_ r: inout BitReader) -> UInt32 {
        let bytes = Int(r.bits(2)) + 1
        return r.bits(8 * bytes)
    }

    /// AudioSpecificConfig (14496-3 1.6.2.1): object type, sampling frequency, channels;
    /// for SBR/PS the extension (output) sampling frequency, as decoders and ffprobe report it.
    static func audioSpecificConfig(_ r: inout BitReader) -> ElementaryStreamFacts? {
        func objectType(_ r: inout BitReader) -> UInt32 {
            let t = r.bits(5)
            return t == 31 ? 32 + r.bits(6) : t
        }
        func frequency(_ r: inout BitReader) -> Int32? {
            let index = Int(r.bits(4))
            if index == 15 { return Int32(clamping: r.bits(24)) }
            return index < aacRates.count ? aacRates[index] : nil
        }
        let type = objectType(&r)
        guard var rate = frequency(&r) else { return nil }
        let configuration = r.bits(4)
        if type == 5 || type == 29, let extended = frequency(&r) { rate = extended }
        var f = ElementaryStreamFacts(format: "aac_latm")
        f.profile = aacProfileName(objectType: type)
        f.sampleRate = rate
        f.channels = aacChannels(configuration)
        return f
    }

    // MARK: MPEG audio

    // The tables are constants (static arrays are data in the module); as local array literals
    // each parse built and freed them.

    /// MPEG-1 sampling frequencies (halved for MPEG-2, quartered for MPEG-2.5).
    private static let mpegRates: [Int32] = [44100, 48000, 32000]
    /// Bitrates in kbit/s for bitrate_index 1...14, one row of 14 per table.
    private static let mpegKbps: [Int16] = [
        32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,  // MPEG-1 layer I
        32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,  // MPEG-1 layer II
        32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,  // MPEG-1 layer III
        32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,  // MPEG-2/2.5 layer I
        8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160,  // MPEG-2/2.5 layers II, III
    ]

    /// An MPEG audio frame header at `p` (4 bytes needed).
    static func mpegAudio(_ p: UnsafeBufferPointer<UInt8>) -> (ElementaryStreamFacts, length: Int)? {
        guard p.count >= 4, p[0] == 0xFF, p[1] & 0xE0 == 0xE0 else { return nil }
        let version = Int(p[1] >> 3 & 3)  // 0: MPEG-2.5, 2: MPEG-2, 3: MPEG-1
        let layer = Int(p[1] >> 1 & 3)  // 1: III, 2: II, 3: I
        let bitrateIndex = Int(p[2] >> 4)
        let rateIndex = Int(p[2] >> 2 & 3)
        guard version != 1, layer != 0, bitrateIndex != 0, bitrateIndex != 15, rateIndex != 3 else { return nil }
        let padding = Int(p[2] >> 1 & 1)
        let mono = p[3] >> 6 == 3
        let rate = mpegRates[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2)
        let table = version == 3 ? 3 - layer : (layer == 3 ? 3 : 4)
        let bitrate = Int64(mpegKbps[table * 14 + bitrateIndex - 1]) * 1000
        let length: Int
        switch layer {
        case 3: length = Int((12 * bitrate / Int64(rate) + Int64(padding)) * 4)
        case 1 where version != 3: length = Int(72 * bitrate / Int64(rate)) + padding
        default: length = Int(144 * bitrate / Int64(rate)) + padding
        }
        var f = ElementaryStreamFacts(format: layer == 1 ? "mp3" : layer == 2 ? "mp2" : "mp1")
        f.sampleRate = rate
        f.channels = mono ? 1 : 2
        f.bitrate = bitrate
        return (f, length)
    }

    // MARK: AC-3 / E-AC-3

    /// Sampling frequencies of fscod 0...2 (E-AC-3's fscod2 values are their halves).
    private static let ac3Rates: [Int32] = [48000, 44100, 32000]
    /// Bitrates in kbit/s of frmsizecod / 2.
    private static let ac3Kbps: [Int16] = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448,
                                           512, 576, 640]
    /// Full-bandwidth channels of each acmod.
    private static let ac3ChannelsOfMode: [Int32] = [2, 1, 2, 3, 3, 4, 4, 5]

    /// An AC-3 (bsid <= 10) or E-AC-3 (bsid 11...16) sync frame header at `p` (8 bytes needed).
    static func ac3(_ p: UnsafeBufferPointer<UInt8>) -> (ElementaryStreamFacts, length: Int)? {
        guard p.count >= 8, p[0] == 0x0B, p[1] == 0x77 else { return nil }
        let bsid = p[5] >> 3
        if bsid <= 10 {
            let fscod = Int(p[4] >> 6)
            let frameSizeCode = Int(p[4] & 0x3F)
            guard fscod < 3, frameSizeCode < 38 else { return nil }
            var r = BitReader(UnsafeBufferPointer(rebasing: p[6...]))
            let mode = Int(r.bits(3))
            if mode & 1 != 0 && mode != 1 { r.skip(2) }
            if mode & 4 != 0 { r.skip(2) }
            if mode == 2 { r.skip(2) }
            let lfe: Int32 = r.flag() ? 1 : 0
            let bitrate = Int64(ac3Kbps[frameSizeCode >> 1]) * 1000
            // 1536 samples per frame in 16-bit words; at 44.1 kHz odd codes add one word.
            let words = Int(bitrate * 96 / Int64(ac3Rates[fscod])) + (fscod == 1 ? frameSizeCode & 1 : 0)
            var f = ElementaryStreamFacts(format: "ac3")
            f.sampleRate = ac3Rates[fscod]
            f.channels = ac3ChannelsOfMode[mode] + lfe
            f.bitrate = bitrate
            return (f, words * 2)
        }
        guard bsid <= 16 else { return nil }
        let words = (Int(p[2] & 7) << 8 | Int(p[3])) + 1
        let fscod = Int(p[4] >> 6)
        let blocksCode = Int(p[4] >> 4 & 3)
        let rate: Int32
        if fscod == 3 {
            guard blocksCode < 3 else { return nil }
            rate = ac3Rates[blocksCode] >> 1  // fscod2: the half rates
        } else {
            rate = ac3Rates[fscod]
        }
        let blocks: Int64 = fscod == 3 || blocksCode == 3 ? 6 : Int64(blocksCode) + 1  // numblkscod
        let mode = Int(p[4] >> 1 & 7)
        var f = ElementaryStreamFacts(format: "eac3")
        f.sampleRate = rate
        f.channels = ac3ChannelsOfMode[mode] + Int32(p[4] & 1)
        f.bitrate = Int64(words) * 16 * Int64(rate) / (blocks * 256)
        return (f, words * 2)
    }
}
