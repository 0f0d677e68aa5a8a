// Noticing a client that went away. Hummingbird accepts connections with remote half-closure
// allowed, so a client closing its socket only delivers `inputClosed` and the channel stays
// active — a job would keep its worker busy for nobody until its budgets ran out (issue:
// "a client that disconnects frees its worker within one second"). This handler closes the
// connection when the client's side closes; jobs watch `channel.isActive` and stop.
//
// Trade-off: a client that half-closes on purpose and still waits for the answer (legal TCP,
// but not something HTTP/1.1 clients do) loses its answer.

import NIOCore

/// Closes the connection when the client closes its side.
final class ClientGoneHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
