import Foundation
import MonitorEngine
import Synchronization
import TestSupport

@testable import CLI
@testable import Context

/// Runs `aa` inside the test process, through the same dispatcher as the binary: the command line is a library, so
/// a test of its logic (parsing, refusals, what a command prints) needs no process. ``aa(_:environment:way:)`` is the
/// one harness that runs a command line either way with the same result.
enum InProcess {
    /// How a test runs `aa`: in this process (fast), or as the real binary (what a user runs: exit, signals,
    /// standard input, a process of its own).
    enum Way: Sendable {
        case inProcess
        case binary
    }

    /// The clock of a machine whose UTC day is `today` (at noon).
    static func clock(today: String) -> WallClock {
        let ordinal = Day(today).map { $0.ordinal } ?? 0
        return WallClock { Date(timeIntervalSince1970: Double(ordinal) * 86_400 + 43_200) }
    }

    /// Runs one command line with the test environment (no credentials), on the system clock or with "today" pinned.
    static func aa(_ arguments: [String], today: String? = nil, environment: [String: String] = [:]) -> AACommand.Result {
        let out = Mutex("")
        let err = Mutex("")
        let console = Console(
            environment: AACommand.environment(environment), stdout: { text in out.withLock { $0 += text } },
            stderr: { text in err.withLock { $0 += text } })
        let status = AA.main(arguments, console: console, clock: today.map(clock(today:)) ?? .system)
        return AACommand.Result(status: status, stdout: out.withLock { $0 }, stderr: err.withLock { $0 })
    }

    /// Runs one command line `way`, with the test environment plus `environment`.
    static func aa(_ arguments: [String], environment: [String: String] = [:], way: Way) -> AACommand.Result {
        switch way {
        case .inProcess: aa(arguments, today: nil, environment: environment)
        case .binary: AACommand.aa(arguments, environment: environment)
        }
    }
}
