import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TandemCore
import TandemServer

/// The HTTP API: documents identical to the core's, JSON errors, size limits, static files.
@Suite struct ServerTests {
    func app(maxRequestBytes: Int = 1 << 20) -> some ApplicationProtocol {
        makeApplication(.init(webRoot: "web", maxRequestBytes: maxRequestBytes))
    }

    @Test func healthz() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
        }
    }

    @Test func digestEndpointReturnsTheCoreDocument() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/digest", method: .post, body: ByteBuffer(string: "abc")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(Array(buffer: response.body) == DigestDocument.make(Array("abc".utf8)))
            }
        }
    }

    @Test func oversizedBodyGets413AsJSON() async throws {
        try await app(maxRequestBytes: 16).test(.router) { client in
            try await client.execute(uri: "/api/digest", method: .post, body: ByteBuffer(repeating: 0x61, count: 17)) { response in
                #expect(response.status == .contentTooLarge)
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let error = object?["error"] as? [String: Any]
                #expect(error?["status"] as? Int == 413)
            }
        }
    }

    @Test func unknownRouteIsJSON404() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/nope", method: .post) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/json")
            }
        }
    }

    @Test func servesThePageAndTheModuleWithTheirTypes() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            try await client.execute(uri: "/tandem.js", method: .get) { response in
                #expect(response.headers[.contentType]?.contains("javascript") == true)
            }
            if FileManager.default.fileExists(atPath: "web/tandem.wasm") {
                try await client.execute(uri: "/tandem.wasm", method: .get) { response in
                    #expect(response.headers[.contentType] == "application/wasm")
                }
            }
        }
    }
}
