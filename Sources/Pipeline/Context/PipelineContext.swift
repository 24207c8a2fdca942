import Foundation

/// What a command runs with: paths, clock, environment and where progress goes. Injected so tests control it.
public struct PipelineContext: Sendable {
    public var registryPath: String
    public var archivePath: String
    /// The demo warehouse file read by `source: sqlite` monitors.
    public var warehousePath: String
    public var clock: WallClock
    public var environment: [String: String]
    /// Receives progress lines (stderr in the CLI).
    public var progress: @Sendable (String) -> Void
    /// Unique ids for runs; random in the CLI.
    public var makeId: @Sendable () -> String

    public init(
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
    public static let codeVersion = "0.1.0"
}
