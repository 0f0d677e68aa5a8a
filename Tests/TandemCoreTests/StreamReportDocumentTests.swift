// The stream_report document: sealed, canonical, every TR 101 290 indicator in order.

import Foundation
import Testing
import TandemCore
import TestSupport

@Suite struct StreamReportDocumentTests {
    /// `count` null packets (PID 0x1FFF), ISO/IEC 13818-1 §2.4.3.2.
    static func nullPackets(_ count: Int) -> [UInt8] {
        (0..<count).flatMap { i in [0x47, 0x1F, 0xFF, 0x10 | UInt8(i & 0x0F)] + [UInt8](repeating: 0xFF, count: 184) }
    }

    @Test func documentIsSealedAndListsTheIndicatorsInOrder() throws {
        let doc = StreamSession.validate(Self.nullPackets(500))
        #expect(ResultDocument.verify(doc))
        let json = try JSONSerialization.jsonObject(with: Data(doc)) as? [String: Any]
        #expect(json?["kind"] as? String == "stream_report")
        let indicators = json?["indicators"] as? [[String: Any]] ?? []
        let names = indicators.map { "\($0["id"] as? String ?? "") \($0["name"] as? String ?? "")" }
        #expect(names.prefix(16) == ["1.1 TS_sync_loss", "1.2 Sync_byte_error", "1.3 PAT_error", "1.3.a PAT_error_2",
                                     "1.4 Continuity_count_error", "1.5 PMT_error", "1.5.a PMT_error_2", "1.6 PID_error",
                                     "2.1 Transport_error", "2.2 CRC_error", "2.3 PCR_error", "2.3a PCR_repetition_error",
                                     "2.3b PCR_discontinuity_indicator_error", "2.4 PCR_accuracy_error", "2.5 PTS_error",
                                     "2.6 CAT_error"])
        #expect(names.contains("3.4 Unreferenced_PID"))
    }

    @Test func noiseGivesASealedNoSyncReport() throws {
        var random = SplitMix(seed: 1)
        let doc = StreamSession.validate(random.bytes(100_000).map { $0 == 0x47 ? 0x48 : $0 })
        #expect(ResultDocument.verify(doc))
    }
}
