import CanonicalJSON
import Foundation

/// Tests/peers/http_stub.py, started for one test: replies scripted by method and path prefix, every request recorded.
/// It plays what the emulator cannot: BigQuery's error envelopes, 409 on a duplicate job id, 429 with Retry-After,
/// Google's token endpoint and the metadata server.
public final class HTTPStub {
    let process = Process()
    public let port: Int

    public init() throws {
        let python = ProcessInfo.processInfo.environment["AA_PYTHON"] ?? "/usr/bin/python3"
        let portFile = AACommand.temporaryFolder() + "/port"
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [AACommand.repository + "/Tests/peers/http_stub.py", portFile]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard let found = PeerWait.port(in: portFile) else {
            kill(process.processIdentifier, SIGKILL)
            throw LLMock.PeerError(message: "the HTTP stub did not start")
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

    /// Every request so far (method, path, headers, body).
    public func received() throws -> [JSONValue] {
        try JSONValue.parse(AACommand.run("/usr/bin/curl", ["-s", "\(url)/_received"]).stdout).arrayValue ?? []
    }
}
