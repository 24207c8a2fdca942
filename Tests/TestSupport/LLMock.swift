import CanonicalJSON
import Foundation

/// The OpenAI-compatible test peer `llmock` (PyPI, pinned in Tests/peers-requirements.txt), started on 127.0.0.1
/// for one test and killed with it. Scenarios, the request journal and the resilience verdict are its own
/// `/_llmock` admin API.
public final class LLMock {
    let process = Process()
    public let port: Int

    public init() throws {
        let python = ProcessInfo.processInfo.environment["AA_PYTHON"] ?? AACommand.repository + "/.peers/venv/bin/python"
        let llmock = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("llmock").path
        guard FileManager.default.isExecutableFile(atPath: llmock) else {
            throw PeerError(message: "llmock is not installed at \(llmock); run `make peers`")
        }
        port = try Self.freePort()
        process.executableURL = URL(fileURLWithPath: llmock)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port), "--log-level", "warning"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if PeerWait.answers("http://127.0.0.1:\(port)/v1/models", seconds: 10) { return }
        kill(process.processIdentifier, SIGKILL)
        throw PeerError(message: "llmock did not answer on port \(port) within 10 s")
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<100 where process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
    }

    /// `OPENAI_BASE_URL` for aa.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Queues behaviours (`{"type": "reply" | "fail" | "delay" | "tool_fault", …}`) for the next requests.
    public func scenario(_ behaviors: [JSONValue]) throws {
        let answer = try call("POST", "/_llmock/scenario", (["behaviors": .array(behaviors)] as JSONValue).canonicalString)
        guard answer["queued"] != nil else { throw PeerError(message: "llmock refused the scenario: \(answer.canonicalString)") }
    }

    /// Every chat completion request served so far, oldest first, with the body the client sent.
    public func requests() throws -> [JSONValue] {
        (try call("GET", "/_llmock/requests", nil)["requests"]?.arrayValue ?? []).filter {
            $0["path"]?.stringValue?.hasSuffix("/chat/completions") == true
        }
    }

    /// llmock's judgement of the client's retries (`passed`, `findings` with codes such as `retry_after_ignored`).
    public func verdict() throws -> JSONValue { try call("GET", "/_llmock/verdict", nil) }

    private func call(_ method: String, _ path: String, _ body: String?) throws -> JSONValue {
        var args = ["-s", "-X", method, "http://127.0.0.1:\(port)\(path)", "-H", "content-type: application/json"]
        if let body { args += ["-d", body] }
        return try JSONValue.parse(AACommand.run("/usr/bin/curl", args).stdout)
    }

    /// A port nothing listens on right now (the kernel's pick for a socket bound to port 0).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw PeerError(message: "no free local port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Why a peer could not start or answer.
    public struct PeerError: Error { public let message: String }
}
