import Foundation

/// What a command runs with: paths, clock, environment and where progress goes. Injected so tests control it.
package struct PipelineContext: Sendable {
    package var registryPath: String
    package var archivePath: String
    /// The demo warehouse file read by `source: sqlite` monitors.
    package var warehousePath: String
    package var clock: WallClock
    package var environment: [String: String]
    /// Receives progress lines (stderr in the CLI).
    package var progress: @Sendable (String) -> Void
    /// Unique ids for runs; random in the CLI.
    package var makeId: @Sendable () -> String

    package init(
        registryPath: String, archivePath: String, warehousePath: String, clock: WallClock = .system,
        environment: [String: String] = ProcessInfo.processInfo.environment, progress: @escaping @Sendable (String) -> Void = { _ in },
        makeId: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.registryPath = registryPath
        self.archivePath = archivePath
        self.warehousePath = warehousePath
        self.clock = clock
        self.environment = environment
        self.progress = progress
        self.makeId = makeId
    }

    /// Version of the `aa` code, recorded on every run.
    package static let codeVersion = "0.1.0"
}
