import Foundation

/// What a command runs with: the warehouse path, clock, environment and where progress goes. Injected so tests
/// control it. (The registry and archive are handed over opened, not as paths.)
package struct PipelineContext: Sendable {
    /// The demo warehouse file read by `source: sqlite` monitors.
    package var warehousePath: String
    package var clock: WallClock
    package var environment: [String: String]
    /// Receives progress lines (stderr in the CLI).
    package var progress: @Sendable (String) -> Void
    /// Unique ids for runs; random in the CLI.
    package var makeId: @Sendable () -> String

    package init(
        warehousePath: String, clock: WallClock = .system,
        environment: [String: String] = ProcessInfo.processInfo.environment, progress: @escaping @Sendable (String) -> Void = { _ in },
        makeId: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.warehousePath = warehousePath
        self.clock = clock
        self.environment = environment
        self.progress = progress
        self.makeId = makeId
    }

    /// Version of the `aa` code, recorded on every run.
    package static let codeVersion = "0.1.0"
}
