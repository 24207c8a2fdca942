import Foundation
import MonitorEngine
import Synchronization
import TestSupport

@testable import CLI
@testable import Context

/// Runs `aa` inside the test process, through the same dispatcher as the binary, with "today" pinned.
enum InProcess {
    /// What an in-process run printed and returned.
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The clock of a machine whose UTC day is `today` (at noon).
    static func clock(today: String) -> WallClock {
        let ordinal = Day(today).map { $0.ordinal } ?? 0
        return WallClock { Date(timeIntervalSince1970: Double(ordinal) * 86_400 + 43_200) }
    }

    /// Runs one command line with the test environment (no credentials) and the clock pinned to `today`.
    static func aa(_ arguments: [String], today: String, environment: [String: String] = [:]) -> Result {
        let out = Mutex("")
        let err = Mutex("")
        let console = Console(
            environment: AACommand.environment(environment), stdout: { text in out.withLock { $0 += text } },
            stderr: { text in err.withLock { $0 += text } })
        let status = AA.main(arguments, console: console, clock: clock(today: today))
        return Result(status: status, stdout: out.withLock { $0 }, stderr: err.withLock { $0 })
    }
}
