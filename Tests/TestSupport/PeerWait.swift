import Foundation

/// Waiting for a peer process to come up: polling until it answers, or until it wrote its port.
public enum PeerWait {
    /// Polls `ready` every 50 ms for up to `seconds`; whether it became true.
    public static func until(seconds: Double, _ ready: () -> Bool) -> Bool {
        for _ in 0..<Int(seconds / 0.05) {
            if ready() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return ready()
    }

    /// Whether `url` answers 2xx within `seconds`.
    public static func answers(_ url: String, seconds: Double) -> Bool {
        until(seconds: seconds) { AACommand.run("/usr/bin/curl", ["-sf", "-o", "/dev/null", url]).status == 0 }
    }

    /// The port a peer wrote to `file`, once it has, within `seconds`.
    public static func port(in file: String, seconds: Double = 10) -> Int? {
        var port: Int?
        _ = until(seconds: seconds) {
            port = (try? String(contentsOfFile: file, encoding: .utf8)).flatMap { Int($0) }
            return port != nil
        }
        return port
    }

    /// Runs `process` and waits until `url` answers; a peer that never does is killed and named in the error.
    public static func start(_ process: Process, readyAt url: String, seconds: Double, name: String) throws {
        try process.run()
        if answers(url, seconds: seconds) { return }
        kill(process.processIdentifier, SIGKILL)
        throw LLMock.PeerError(message: "\(name) did not become ready at \(url) within \(Int(seconds)) s")
    }

    /// Stops a peer: SIGTERM, two seconds to exit, then SIGKILL.
    public static func stop(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<100 where process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
