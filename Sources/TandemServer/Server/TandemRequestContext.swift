// The request context of the server: Hummingbird's core context plus the connection's channel,
// so a job can tell whether its client is still there (and stop working for nobody).

import Hummingbird
import NIOCore

/// Request context carrying the connection.
public struct TandemRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// True while the client's connection is open.
    var isConnected: @Sendable () -> Bool {
        let channel = channel
        return { channel.isActive }
    }
}
