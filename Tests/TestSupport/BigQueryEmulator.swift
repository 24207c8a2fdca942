import CanonicalJSON
import Foundation

/// The BigQuery test peer `bqemulator` (PyPI, DuckDB-backed; pinned in Tests/peers-bigquery-requirements.txt),
/// started on free 127.0.0.1 ports for one test and stopped with it. Persistent mode keeps its data in a folder,
/// so a test can kill it and start it again over the same data.
public final class BigQueryEmulator {
    var process = Process()
    public let port: Int
    public let project = "test-project"
    let dataDirectory: String?
    let staging = AACommand.temporaryFolder()

    public init(persistent: Bool = false) throws {
        port = try LLMock.freePort()
        dataDirectory = persistent ? AACommand.temporaryFolder() : nil
        try start()
    }

    static var executable: String {
        ProcessInfo.processInfo.environment["AA_BQEMULATOR"] ?? AACommand.repository + "/.peers/bq/bin/bqemulator"
    }

    func start() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw LLMock.PeerError(message: "bqemulator is not installed at \(Self.executable); run `make peers`")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        var arguments = [
            "start", "--rest-host", "127.0.0.1", "--rest-port", String(port), "--grpc-host", "127.0.0.1",
            "--grpc-port", String(try LLMock.freePort()), "--project", project, "--log-format", "json", "--log-level", "warning",
        ]
        arguments += dataDirectory.map { ["--persistent", "--data-dir", $0] } ?? ["--ephemeral"]
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = AACommand.repository + "/.peers/bq-home"
        environment["BQEMU_ENABLE_FORMAT_EXTENSIONS"] = "false"
        environment["BQEMU_UPLOAD_STAGING_DIR"] = staging
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try PeerWait.start(process, readyAt: "http://127.0.0.1:\(port)/readyz", seconds: 15, name: "bqemulator")
    }

    deinit { stop() }

    /// Stops it at once (SIGKILL), as a crash would.
    public func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts it again on the same port (and data, when persistent).
    public func restart() throws { try start() }

    func stop() { PeerWait.stop(process) }

    /// `AA_BIGQUERY_ENDPOINT` for aa.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The environment aa needs to use this emulator (any bearer token is accepted).
    public var environment: [String: String] {
        ["AA_BIGQUERY_ENDPOINT": endpoint, "AA_BIGQUERY_ACCESS_TOKEN": "emulator-token", "GOOGLE_CLOUD_PROJECT": project]
    }

    /// Creates `analytics.funnel_events` with a realistic event-level funnel ending on `end`; android drops on
    /// `incident` (default `end`).
    public func seedFunnel(end: String, days: Int = 66, incident: String? = nil) throws {
        let python = ProcessInfo.processInfo.environment["AA_PYTHON"] ?? "/usr/bin/python3"
        let result = AACommand.run(
            python,
            [AACommand.repository + "/Tests/peers/seed_funnel.py", endpoint, project, "analytics.funnel_events", end, String(days)]
                + (incident.map { [$0] } ?? []))
        guard result.status == 0 else { throw LLMock.PeerError(message: "seeding the funnel failed: \(result.stderr)") }
    }

    /// Runs a query through the REST API and returns its rows as arrays of cell values (strings as BigQuery sends them).
    public func query(_ sql: String) throws -> [[JSONValue]] {
        let body: JSONValue = ["query": .string(sql), "useLegacySql": false]
        let answer = try JSONValue.parse(
            AACommand.run(
                "/usr/bin/curl",
                [
                    "-s", "-X", "POST", "\(endpoint)/bigquery/v2/projects/\(project)/queries", "-H", "content-type: application/json", "-d",
                    body.canonicalString,
                ]
            ).stdout)
        if let errors = answer["errors"]?.arrayValue, !errors.isEmpty {
            throw LLMock.PeerError(message: "query failed: \(errors[0].canonicalString)")
        }
        return (answer["rows"]?.arrayValue ?? []).map { ($0["f"]?.arrayValue ?? []).map { $0["v"] ?? .null } }
    }
}
