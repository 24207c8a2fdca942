import CanonicalJSON
import Foundation

/// A stub server from Tests/peers, started for one test, every request recorded (`GET /_received`).
/// `http_stub.py` (the default) replies as scripted by method and path prefix: it plays what the BigQuery emulator
/// cannot — error envelopes, 409 on a duplicate job id, 429 with Retry-After, Google's token endpoint and the
/// metadata server. `databricks_stub.py` plays a Databricks workspace (see that file).
public final class HTTPStub {
    let process = Process()
    public let port: Int

    public init(_ program: String = "http_stub.py", startSeconds: Double = 10) throws {
        let python = ProcessInfo.processInfo.environment["AA_PYTHON"] ?? "/usr/bin/python3"
        let portFile = AACommand.temporaryFolder() + "/port"
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [AACommand.repository + "/Tests/peers/" + program, portFile]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard let found = PeerWait.port(in: portFile, seconds: startSeconds) else {
            kill(process.processIdentifier, SIGKILL)
            throw LLMock.PeerError(message: "the stub \(program) did not start")
        }
        port = found
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<100 where process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// Queues replies: `{"method", "path" (prefix), "status", "body", "headers", "times"}`.
    public func script(_ replies: [JSONValue]) throws {
        _ = AACommand.run("/usr/bin/curl", ["-s", "-X", "POST", "\(url)/_script", "-d", JSONValue.array(replies).canonicalString])
    }

    /// Posts `body` to one of the stub's own endpoints (`/_control`).
    public func post(_ path: String, _ body: JSONValue) {
        _ = AACommand.run(
            "/usr/bin/curl", ["-s", "-X", "POST", "\(url)\(path)", "-H", "Content-Type: application/json", "-d", body.canonicalString])
    }

    /// The JSON one of the stub's own endpoints answers (`/_files`).
    public func get(_ path: String) throws -> JSONValue {
        try JSONValue.parse(AACommand.run("/usr/bin/curl", ["-s", "\(url)\(path)"]).stdout)
    }

    /// Every request so far (method, path, headers, body).
    public func received() throws -> [JSONValue] {
        try JSONValue.parse(AACommand.run("/usr/bin/curl", ["-s", "\(url)/_received"]).stdout).arrayValue ?? []
    }
}
