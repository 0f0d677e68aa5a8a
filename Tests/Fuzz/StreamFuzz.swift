// libFuzzer harness (c): arbitrary bytes through the stream validator in chunks of varied
// sizes, then the report document. Every input must validate without a trap, and chunking
// must not change the document (the streaming contract). The cost must stay linear: CPU time
// within a fixed allowance plus a rate per byte, and heap growth within a fixed bound whatever
// the input holds (the validator keeps bounded state per PID and bounded event lists).
//
// Input layout: byte 0 picks the options (profile, forced packet size), byte 1 seeds the
// chunk sizes, the rest is the stream.

import TransportStream
import TandemCore

/// Validates `stream` pushed in chunks whose sizes come from `seed` (0 = one chunk).
func validate(_ stream: UnsafeBufferPointer<UInt8>, request: StreamValidationRequest, seed: UInt64) -> [UInt8] {
    let session = StreamSession(request: request)
    if seed == 0 {
        session.push(stream)
    } else {
        var state = seed
        var offset = 0
        while offset < stream.count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            // Mostly small chunks (1…400 bytes, crossing packet boundaries), sometimes large.
            let r = Int(truncatingIfNeeded: (state >> 33) & 0x7FFF_FFFF)
            let n = min(stream.count - offset, r % 8 == 0 ? 1 + r % 20_000 : 1 + r % 400)
            session.push(UnsafeBufferPointer(rebasing: stream[offset..<(offset + n)]))
            offset += n
        }
    }
    return session.document()
}

/// CPU time allowed per input byte and per run, and the heap growth allowed whatever the
/// input (AddressSanitizer and coverage make the validator run at roughly 50-200 MB/s here,
/// so 500 ns per byte flags only super-linear work).
let nanosecondsPerByte: Int64 = 500
let fixedNanoseconds: Int64 = 20_000_000
let heapAllowance = 24 << 20

/// libFuzzer's entry point: one input per call.
@_cdecl("LLVMFuzzerTestOneInput")
public func streamFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let all = UnsafeBufferPointer(start: data, count: size)
    let options = all[0], chunkSeed = all[1]
    var request = StreamValidationRequest()
    let profiles = ["generic", "dvb", "atsc"], sizes = ["auto", "188", "192", "204"]
    try? request.set(Array("profile".utf8), Array(profiles[Int(options % 3)].utf8))
    try? request.set(Array("packet_size".utf8), Array(sizes[Int((options / 3) % 4)].utf8))
    let stream = UnsafeBufferPointer(rebasing: all[2...])
    let (whole, cpu, heapGrowth) = measureCost { validate(stream, request: request, seed: 0) }
    if heapGrowth > heapAllowance { fatalError("validation grew the heap by \(heapGrowth) bytes") }
    // An outlier must repeat (see LuaRunFuzz.swift: allocator and kernel work lands on
    // whichever input triggers it; super-linear work repeats).
    let allowed = fixedNanoseconds + Int64(stream.count) * nanosecondsPerByte
    if cpu > allowed && measureCost({ validate(stream, request: request, seed: 0) }).cpu > allowed {
        fatalError("validation took \(cpu / 1_000_000) ms of CPU for \(stream.count) bytes, twice")
    }
    let chunked = validate(stream, request: request, seed: UInt64(chunkSeed) &+ 1)
    if whole != chunked { fatalError("chunking changed the stream document") }
    return 0
}
