// Stream options: one parser behind the query string, the CLI and the JSON options.

import Testing
import TandemCore

@Suite struct StreamValidationRequestTests {
    static func pairs(_ items: [(String, String)]) -> [(name: [UInt8], value: [UInt8])] {
        items.map { (Array($0.0.utf8), Array($0.1.utf8)) }
    }

    @Test func defaultsAreGenericAndDetectedPacketSize() throws {
        let r = try StreamValidationRequest.parse(Array("".utf8))
        #expect(String(describing: r.profile.name) == "generic")
        #expect(r.options.packetSize == .auto)
    }

    @Test func pairsAndJSONAgree() throws {
        let a = try StreamValidationRequest.parse(pairs: Self.pairs([("profile", "dvb"), ("packet_size", "204")]))
        let b = try StreamValidationRequest.parse(Array(#"{"profile":"dvb","packet_size":204}"#.utf8))
        #expect(String(describing: a.profile.name) == "dvb" && String(describing: b.profile.name) == "dvb")
        #expect(a.options.packetSize == .ts204 && b.options.packetSize == .ts204)
    }

    @Test(arguments: [("profile", "nope"), ("packet_size", "189"), ("packet_size", ""), ("colour", "red")])
    func badOptionsAreRefusedTheSameWayEverywhere(name: String, value: String) {
        var fromPairs: [UInt8] = [], fromJSON: [UInt8] = []
        do { _ = try StreamValidationRequest.parse(pairs: Self.pairs([(name, value)])) } catch { fromPairs = error.message }
        do { _ = try StreamValidationRequest.parse(Array(#"{"\#(name)":"\#(value)"}"#.utf8)) } catch { fromJSON = error.message }
        #expect(!fromPairs.isEmpty)
        #expect(fromPairs == fromJSON)
    }
}
