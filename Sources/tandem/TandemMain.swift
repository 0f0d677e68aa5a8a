// The process entry point (swift-argument-parser's ParsableCommand.main and
// AsyncParsableCommand.main, split by the command that was parsed). `Tandem` is an
// AsyncParsableCommand because `serve`, `receipt verify` and `ledger replay` are async, and its
// own async `main` would start Swift's concurrency runtime for every command: dispatch worker
// threads, and the main thread parked in dispatch_main (pthread_exit, a forced unwind). A
// synchronous command (`run`, `worker`, `validate`, …) runs here on the main thread instead, so
// the starts that `tandem run` and the server's workers pay skip that (BENCHMARKS.md, process
// start).

import ArgumentParser
import Dispatch

/// Parses the command line with `Tandem`'s command tree and runs the command it names.
@main
enum TandemMain {
    static func main() {
        let command: ParsableCommand
        do { command = try Tandem.parseAsRoot() } catch { Tandem.exit(withError: error) }
        guard let asyncCommand = command as? AsyncParsableCommand else {
            var command = command
            do { try command.run() } catch { Tandem.exit(withError: error) }
            Tandem.exit()
        }
        // What the async main does: the command runs as a task on the global executor (its
        // `run` is nonisolated), and the main thread serves the main queue from here on.
        Task.detached {
            var command = asyncCommand
            do { try await command.run() } catch { Tandem.exit(withError: error) }
            Tandem.exit()
        }
        dispatchMain()
    }
}
