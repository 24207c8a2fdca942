import CanonicalJSON
import Foundation

/// The Slack webhook stand-in of Tests/peers/slack_receiver.py, started for one test and stopped with it.
public final class SlackReceiver {
    let process = Process()
    public let port: Int

    /// Whether it serves HTTPS (with a self-signed certificate for `localhost` in ``certificate``).
    public let tls: Bool
    /// The PEM certificate a TLS receiver presents; hand it to aa as `SSL_CERT_FILE` to trust it.
    public let certificate: String?

    public init(tls: Bool = false) throws {
        self.tls = tls
        let python = ProcessInfo.processInfo.environment["AA_PYTHON"] ?? AACommand.repository + "/.peers/venv/bin/python"
        process.executableURL = URL(fileURLWithPath: python)
        let folder = AACommand.temporaryFolder()
        let portFile = folder + "/port"
        process.arguments = [AACommand.repository + "/Tests/peers/slack_receiver.py", portFile]
        if tls {
            let made = AACommand.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", folder + "/key.pem", "-out", folder + "/cert.pem",
                ])
            guard made.status == 0 else { throw ReceiverError(message: "openssl could not make a test certificate: \(made.stderr)") }
            process.arguments? += ["--tls", folder + "/cert.pem", folder + "/key.pem"]
            certificate = folder + "/cert.pem"
        } else {
            certificate = nil
        }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        guard let port = PeerWait.port(in: portFile) else {
            process.terminate()
            throw ReceiverError(message: "the Slack receiver did not start (is slack_sdk installed? run `make peers`)")
        }
        self.port = port
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<100 where process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
    }

    /// The webhook URL tests hand to aa; its path is the kind of secret that must never be archived.
    public var webhook: String {
        tls ? "https://localhost:\(port)/services/T000/B000/SECRETTOKEN" : "http://127.0.0.1:\(port)/services/T000/B000/SECRETTOKEN"
    }

    /// Replies for the next posts, in order.
    public func script(_ replies: [JSONValue]) throws { _ = try call("POST", "/_script", JSONValue.array(replies).canonicalString) }

    /// The scopes the bot token has from now on (Slack answers `missing_scope` to history reads without
    /// `channels:history`).
    public func grant(scopes: [String]) throws {
        _ = try call("POST", "/_scopes", JSONValue.array(scopes.map { .string($0) }).canonicalString)
    }

    /// `user` adds the reaction `name` (as Slack spells it, without colons) to the message `ts`; a `ts` nobody posted
    /// becomes a person's message in the channel.
    public func react(ts: String, name: String, user: String) throws {
        let body: JSONValue = ["ts": .string(ts), "name": .string(name), "user": .string(user)]
        _ = try call("POST", "/_react", body.canonicalString)
    }

    /// The bot API root to hand aa as `AA_SLACK_API_URL`.
    public var botAPI: String { "http://127.0.0.1:\(port)/api" }

    /// Every post so far, with the validator's errors.
    public func received() throws -> [JSONValue] { try JSONValue.parse(try call("GET", "/_received", nil)).arrayValue ?? [] }

    private func call(_ method: String, _ path: String, _ body: String?) throws -> String {
        var args = ["-s", "-k", "-X", method, (tls ? "https://localhost:" : "http://127.0.0.1:") + "\(port)\(path)"]
        if let body { args += ["-d", body] }
        return AACommand.run("/usr/bin/curl", args).stdout
    }

    /// Why the receiver could not start.
    public struct ReceiverError: Error { public let message: String }
}
