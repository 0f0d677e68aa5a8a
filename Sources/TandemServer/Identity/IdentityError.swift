// Server identity: the one error of loading or storing the Ed25519 key (RFC 8032), with a
// message for the operator (`tandem serve` prints it and exits).

/// A key that cannot be read or written.
public struct IdentityError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}
