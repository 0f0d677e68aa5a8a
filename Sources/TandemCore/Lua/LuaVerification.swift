// Verifying a Lua run: the body names the request the client ran and the digest of the
// document it got; the server runs the same request through the one entry point and compares.
//
//   {"request":{…a Lua run request…},"digest":"sha256:…"}
//
// The nested request is read from the parsed body in place (never re-encoded), so the bytes
// the client hashed are the bytes the server runs, invalid UTF-8 included.

/// Verification of Lua run claims.
public enum LuaVerification {
    /// Re-runs the request in `body` under `limits` and compares the claimed digest.
    public static func verify(_ body: [UInt8], limits: LuaBudgets = LuaBudgets()) throws(RequestError) -> (bytes: [UInt8], verified: Bool) {
        let value = try JSONReader.parseRequest(body)
        guard case .object = value, let inner = value["request"] else {
            throw RequestError("expected {\"request\":{…},\"digest\":\"sha256:…\"}")
        }
        let claimed = try VerificationDocument.parseClaim(value["digest"]?.bytes)
        let request = try LuaRunRequest.parse(inner, limits: limits)
        return VerificationDocument.make(claimed: claimed, document: LuaSession.run(request))
    }
}
