// Video headers: H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1 and E.1.1 VUI), HEVC
// video and sequence parameter sets (ITU-T H.265 7.3.2.1, 7.3.2.2, 7.3.3, 7.3.7, E.2.1) and
// the MPEG-2 sequence header and sequence extension (ISO/IEC 13818-2 6.2.2.1, 6.2.2.3).
//
// Each parser takes one captured unit (NAL header or start-code byte included) and returns
// facts only when the header parsed without running out of bytes. Profile names follow
// ffprobe's spelling so reports compare with it directly.

enum VideoParameterSets {
    // MARK: H.264

    /// Parses an H.264 SPS NAL unit (first byte: the NAL header).
    static func h264SPS(_ unit: UnsafeBufferPointer<UInt8>) -> ElementaryStreamFacts? {
        guard unit.count > 4 else { return nil }
        var r = BitReader(nal: UnsafeBufferPointer(rebasing: unit[1...]))
        let profileIDC = r.bits(8)
        let constraints = r.bits(8)
        let levelIDC = r.bits(8)
        _ = r.ue()
        var chroma: UInt32 = 1
        var separatePlanes = false
        var bitDepth: UInt32 = 8
        switch profileIDC {
        case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135:
            chroma = r.ue()
            if chroma == 3 { separatePlanes = r.flag() }
            bitDepth = 8 &+ r.ue()
            _ = r.ue()
            r.skip(1)
            if r.flag() {
                for i in 0..<(chroma != 3 ? 8 : 12) where r.flag() { skipScalingList(&r, size: i < 6 ? 16 : 64) }
            }
        default: break
        }
        _ = r.ue()
        let pocType = r.ue()
        if pocType == 0 {
            _ = r.ue()
        } else if pocType == 1 {
            r.skip(1)
            _ = r.se()
            _ = r.se()
            let cycle = r.ue()
            if cycle > 255 { return nil }
            for _ in 0..<cycle { _ = r.se() }
        }
        _ = r.ue()
        r.skip(1)
        let widthMBs = Int64(r.ue()) + 1
        let heightUnits = Int64(r.ue()) + 1
        let frameMBsOnly = r.flag()
        if !frameMBsOnly { r.skip(1) }
        r.skip(1)
        var crop: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
        if r.flag() { crop = (Int64(r.ue()), Int64(r.ue()), Int64(r.ue()), Int64(r.ue())) }
        var frameRate: (numerator: Int64, denominator: Int64)? = nil
        if r.flag() {
            skipAspectAndSignal(&r)
            if r.flag() { _ = r.ue(); _ = r.ue() }
            if r.flag() {
                let units = Int64(r.bits(32))
                let scale = Int64(r.bits(32))
                frameRate = ElementaryStreamFacts.rate(scale, 2 * units)
            }
        }
        guard !r.overrun, chroma <= 3, widthMBs <= 1024, heightUnits <= 1024 else { return nil }
        let arrayType = separatePlanes ? 0 : chroma
        let subWidth: Int64 = arrayType == 1 || arrayType == 2 ? 2 : 1
        let subHeight: Int64 = arrayType == 1 ? 2 : 1
        let fieldFactor: Int64 = frameMBsOnly ? 1 : 2
        let cropX = arrayType == 0 ? 1 : subWidth
        let cropY = (arrayType == 0 ? 1 : subHeight) * fieldFactor
        var f = ElementaryStreamFacts(format: "h264")
        f.profile = h264ProfileName(profileIDC, constraints: constraints)
        f.level = Int32(levelIDC)
        f.width = Int32(clamping: widthMBs * 16 - cropX * (crop.0 + crop.1))
        f.height = Int32(clamping: fieldFactor * heightUnits * 16 - cropY * (crop.2 + crop.3))
        f.frameRate = frameRate
        f.interlaced = !frameMBsOnly
        f.chromaFormat = Int32(chroma)
        f.bitDepth = Int32(clamping: bitDepth)
        return f
    }

    private static func h264ProfileName(_ idc: UInt32, constraints: UInt32) -> StaticString? {
        let set1 = constraints & 0x40 != 0
        let set3 = constraints & 0x10 != 0
        switch idc {
        case 66: return set1 ? "Constrained Baseline" : "Baseline"
        case 77: return "Main"
        case 88: return "Extended"
        case 100: return "High"
        case 110: return set3 ? "High 10 Intra" : "High 10"
        case 122: return set3 ? "High 4:2:2 Intra" : "High 4:2:2"
        case 244: return set3 ? "High 4:4:4 Intra" : "High 4:4:4 Predictive"
        case 44: return "CAVLC 4:4:4"
        case 118: return "Multiview High"
        case 128: return "Stereo High"
        default: return nil
        }
    }

    private static func skipScalingList(_ r: inout BitReader, size: Int) {
        var last: Int32 = 8
        var next: Int32 = 8
        for _ in 0..<size where next != 0 && !r.overrun {
            next = (last &+ r.se() &+ 256) & 255
            if next != 0 { last = next }
        }
    }

    /// VUI fields before chroma location (H.264 E.1.1; HEVC E.2.1 shares them).
    private static func skipAspectAndSignal(_ r: inout BitReader) {
        if r.flag() && r.bits(8) == 255 { r.skip(32) }
        if r.flag() { r.skip(1) }
        if r.flag() {
            r.skip(4)
            if r.flag() { r.skip(24) }
        }
    }

    // MARK: HEVC

    /// general profile and level from profile_tier_level (7.3.3) and the source scan flags.
    struct HEVCProfile {
        var profileIDC: UInt32 = 0
        var compatibility: UInt32 = 0
        var progressive = false
        var interlacedSource = false
        var levelIDC: UInt32 = 0
    }

    private static func profileTierLevel(_ r: inout BitReader, maxSubLayersMinus1: UInt32) -> HEVCProfile {
        var p = HEVCProfile()
        r.skip(3)
        p.profileIDC = r.bits(5)
        p.compatibility = r.bits(32)
        p.progressive = r.flag()
        p.interlacedSource = r.flag()
        r.skip(46)
        p.levelIDC = r.bits(8)
        var profilePresent = [Bool](repeating: false, count: 8)
        var levelPresent = [Bool](repeating: false, count: 8)
        let n = Int(min(maxSubLayersMinus1, 7))
        for i in 0..<n {
            profilePresent[i] = r.flag()
            levelPresent[i] = r.flag()
        }
        if n > 0 { r.skip(2 * (8 - n)) }
        for i in 0..<n {
            if profilePresent[i] { r.skip(88) }
            if levelPresent[i] { r.skip(8) }
        }
        return p
    }

    /// Timing from a VPS (7.3.2.1): (num_units_in_tick, time_scale), if present.
    static func hevcVPSTiming(_ unit: UnsafeBufferPointer<UInt8>) -> (Int64, Int64)? {
        guard unit.count > 6 else { return nil }
        var r = BitReader(nal: UnsafeBufferPointer(rebasing: unit[2...]))
        r.skip(12)
        let maxSub = r.bits(3)
        r.skip(17)
        _ = profileTierLevel(&r, maxSubLayersMinus1: maxSub)
        let ordering = r.flag()
        for _ in (ordering ? 0 : maxSub)...maxSub { _ = r.ue(); _ = r.ue(); _ = r.ue() }
        let maxLayerID = r.bits(6)
        let layerSets = r.ue()
        if layerSets > 1023 { return nil }
        if layerSets > 0 { for _ in 1...layerSets { r.skip(Int(maxLayerID) + 1) } }
        guard r.flag() else { return nil }
        let units = Int64(r.bits(32))
        let scale = Int64(r.bits(32))
        return r.overrun ? nil : (units, scale)
    }

    /// Parses an HEVC SPS NAL unit (first two bytes: the NAL header).
    static func hevcSPS(_ unit: UnsafeBufferPointer<UInt8>) -> ElementaryStreamFacts? {
        guard unit.count > 6 else { return nil }
        var r = BitReader(nal: UnsafeBufferPointer(rebasing: unit[2...]))
        r.skip(4)
        let maxSub = r.bits(3)
        r.skip(1)
        let ptl = profileTierLevel(&r, maxSubLayersMinus1: maxSub)
        _ = r.ue()
        let chroma = r.ue()
        if chroma == 3 { r.skip(1) }
        var width = Int64(r.ue())
        var height = Int64(r.ue())
        if r.flag() {
            let subWidth: Int64 = chroma == 1 || chroma == 2 ? 2 : 1
            let subHeight: Int64 = chroma == 1 ? 2 : 1
            width -= subWidth * (Int64(r.ue()) + Int64(r.ue()))
            height -= subHeight * (Int64(r.ue()) + Int64(r.ue()))
        }
        let bitDepth = 8 &+ r.ue()
        _ = r.ue()
        let pocBits = Int(min(r.ue(), 12)) + 4
        let ordering = r.flag()
        for _ in (ordering ? 0 : maxSub)...maxSub { _ = r.ue(); _ = r.ue(); _ = r.ue() }
        for _ in 0..<6 { _ = r.ue() }
        if r.flag() && r.flag() { skipHEVCScalingLists(&r) }
        r.skip(2)
        if r.flag() {
            r.skip(8)
            _ = r.ue()
            _ = r.ue()
            r.skip(1)
        }
        guard skipShortTermRefPicSets(&r) else { return nil }
        if r.flag() {
            let count = r.ue()
            if count > 32 { return nil }
            for _ in 0..<count { r.skip(pocBits + 1) }
        }
        r.skip(2)
        var frameRate: (numerator: Int64, denominator: Int64)? = nil
        var fieldSequence = false
        if r.flag() {
            skipAspectAndSignal(&r)
            if r.flag() { _ = r.ue(); _ = r.ue() }
            r.skip(1)
            fieldSequence = r.flag()
            r.skip(1)
            if r.flag() { _ = r.ue(); _ = r.ue(); _ = r.ue(); _ = r.ue() }
            if r.flag() {
                let units = Int64(r.bits(32))
                let scale = Int64(r.bits(32))
                frameRate = ElementaryStreamFacts.rate(scale, units)
            }
        }
        // Fields after the VUI timing are not needed; an overrun before it only loses timing.
        guard width > 0, height > 0, width <= 65535, height <= 65535, chroma <= 3 else { return nil }
        var f = ElementaryStreamFacts(format: "hevc")
        f.profile = hevcProfileName(ptl)
        f.level = Int32(ptl.levelIDC)
        f.width = Int32(width)
        f.height = Int32(height)
        f.frameRate = r.overrun ? nil : frameRate
        if fieldSequence || (ptl.interlacedSource && !ptl.progressive) {
            f.interlaced = true
        } else if ptl.progressive && !ptl.interlacedSource {
            f.interlaced = false
        }
        f.chromaFormat = Int32(chroma)
        f.bitDepth = Int32(clamping: bitDepth)
        return f
    }

    private static func hevcProfileName(_ p: HEVCProfile) -> StaticString? {
        var idc = p.profileIDC
        if idc == 0 {  // general_profile_compatibility_flag[j] names it instead
            for j in 1...11 where p.compatibility & (UInt32(1) << UInt32(31 - j)) != 0 { idc = UInt32(j); break }
        }
        switch idc {
        case 1: return "Main"
        case 2: return "Main 10"
        case 3: return "Main Still Picture"
        case 4: return "Rext"
        case 9: return "SCC"
        default: return nil
        }
    }

    private static func skipHEVCScalingLists(_ r: inout BitReader) {
        for sizeID in 0..<4 {
            var matrix = 0
            while matrix < 6 && !r.overrun {
                if !r.flag() {
                    _ = r.ue()
                } else {
                    let coefficients = min(64, 1 << (4 + (sizeID << 1)))
                    if sizeID > 1 { _ = r.se() }
                    for _ in 0..<coefficients { _ = r.se() }
                }
                matrix += sizeID == 3 ? 3 : 1
            }
        }
    }

    /// st_ref_pic_set() for every set of the SPS (7.3.7); false if the syntax is out of range.
    private static func skipShortTermRefPicSets(_ r: inout BitReader) -> Bool {
        let count = Int(r.ue())
        if count > 64 { return false }
        var deltaPocs = [Int](repeating: 0, count: count + 1)
        for index in 0..<count {
            if index != 0 && r.flag() {
                // Predicted from set RefRpsIdx = index - 1 (delta_idx only in slice headers).
                r.skip(1)
                _ = r.ue()
                var n = 0
                for _ in 0...deltaPocs[index - 1] {
                    let used = r.flag()
                    if used || r.flag() { n += 1 }
                }
                deltaPocs[index] = n
            } else {
                let negative = r.ue()
                let positive = r.ue()
                if negative > 16 || positive > 16 { return false }
                for _ in 0..<(negative + positive) { _ = r.ue(); r.skip(1) }
                deltaPocs[index] = Int(negative + positive)
            }
            if r.overrun { return false }
        }
        return true
    }

    // MARK: MPEG-2 video

    /// Parses a sequence header (bytes after the 00 00 01 B3 start code, B3 included).
    static func mpegSequenceHeader(_ unit: UnsafeBufferPointer<UInt8>) -> ElementaryStreamFacts? {
        guard unit.count >= 8 else { return nil }
        var r = BitReader(UnsafeBufferPointer(rebasing: unit[1...]))
        let width = r.bits(12)
        let height = r.bits(12)
        r.skip(4)
        let rateCode = Int(r.bits(4))
        guard width > 0, height > 0 else { return nil }
        var f = ElementaryStreamFacts(format: "mpeg1video")
        f.width = Int32(width)
        f.height = Int32(height)
        let rates: [(Int64, Int64)] = [(0, 0), (24000, 1001), (24, 1), (25, 1), (30000, 1001), (30, 1), (50, 1),
                                       (60000, 1001), (60, 1)]
        if rateCode > 0 && rateCode < rates.count { f.frameRate = ElementaryStreamFacts.rate(rates[rateCode].0, rates[rateCode].1) }
        f.interlaced = false
        f.chromaFormat = 1
        f.bitDepth = 8
        return f
    }

    /// Completes sequence-header facts with a sequence extension (B5, extension id 1): the
    /// stream is MPEG-2 video.
    static func mpegSequenceExtension(_ unit: UnsafeBufferPointer<UInt8>, _ f: inout ElementaryStreamFacts) -> Bool {
        guard unit.count >= 7, unit[1] >> 4 == 1 else { return false }
        var r = BitReader(UnsafeBufferPointer(rebasing: unit[1...]))
        r.skip(4)
        let escape = r.flag()
        let profile = r.bits(3)
        let level = r.bits(4)
        let progressive = r.flag()
        let chroma = r.bits(2)
        let widthExtension = r.bits(2)
        let heightExtension = r.bits(2)
        r.skip(12 + 1 + 8 + 1)
        let rateN = Int64(r.bits(2))
        let rateD = Int64(r.bits(5))
        f.format = "mpeg2video"
        f.profile = escape ? (profile == 0 && (level == 2 || level == 5) ? "4:2:2" : nil) : mpeg2ProfileName(profile)
        f.level = Int32(level)
        f.interlaced = !progressive
        f.chromaFormat = Int32(chroma)
        if let w = f.width { f.width = w | Int32(widthExtension) << 12 }
        if let h = f.height { f.height = h | Int32(heightExtension) << 12 }
        if let rate = f.frameRate { f.frameRate = ElementaryStreamFacts.rate(rate.numerator * (rateN + 1), rate.denominator * (rateD + 1)) }
        return true
    }

    private static func mpeg2ProfileName(_ p: UInt32) -> StaticString? {
        switch p {
        case 1: return "High"
        case 2: return "Spatially Scalable"
        case 3: return "SNR Scalable"
        case 4: return "Main"
        case 5: return "Simple"
        default: return nil
        }
    }
}
