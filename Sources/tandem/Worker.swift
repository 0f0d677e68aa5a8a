// `tandem worker`: the process `tandem serve` starts to run one job (see
// Sources/TandemServer/Jobs/WorkerMain.swift for the protocol). Not for people: hidden.

import ArgumentParser
import TandemServer

/// `tandem worker`: runs one job from standard input under OS limits.
struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run one server job from standard input (started by tandem serve).", shouldDisplay: false)

    @Option(help: "Address-space limit in bytes (0: none).") var memoryLimit: Int64 = 0
    @Option(help: "CPU-time limit in seconds (0: none).") var cpuSeconds: Int64 = 0

    func run() throws {
        let status = WorkerMain.run(memoryLimitBytes: memoryLimit, cpuSeconds: cpuSeconds)
        if status != 0 { throw ExitCode(status) }
    }
}
