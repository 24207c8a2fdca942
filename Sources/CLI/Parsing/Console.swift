import CanonicalJSON
import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// Where the CLI writes: results on stdout, progress and errors on stderr — all user-facing text goes through here.
final class Console: @unchecked Sendable {
    // @unchecked: the lock guards the only mutable state, the writes to the two streams.
    private let lock = NSLock()
    let environment: [String: String]
    private let stdout: @Sendable (String) -> Void
    private let stderr: @Sendable (String) -> Void

    /// A console on the process's stdout and stderr.
    convenience init(environment: [String: String]) {
        self.init(
            environment: environment, stdout: { FileHandle.standardOutput.write(Data($0.utf8)) },
            stderr: { FileHandle.standardError.write(Data($0.utf8)) })
    }

    /// A console writing to the given streams: tests capture what a command prints.
    init(environment: [String: String], stdout: @escaping @Sendable (String) -> Void, stderr: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.stdout = stdout
        self.stderr = stderr
    }

    func out(_ text: String) { write(text + "\n") }

    /// Writes `text` on stdout as it is, for output streamed in pieces.
    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        stdout(text)
    }

    func err(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        stderr(text + "\n")
    }

    /// Redraws a status line on stderr in place (cursor back, line cleared); nil ends it with a newline.
    func status(_ text: String?) {
        lock.lock()
        defer { lock.unlock() }
        stderr(text.map { "\r\u{1B}[K" + $0 } ?? "\n")
    }

    /// Pretty JSON on stdout.
    func json(_ value: JSONValue) { out(value.prettyString) }

    /// The one place an error becomes text: `aa: error: <sentence>`.
    func error(_ error: PipelineError) { err("aa: error: " + error.message) }

    /// A left-aligned table with a header row, written in one piece.
    func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        var text = ""
        for row in all {
            for (c, cell) in row.enumerated() {
                text += cell
                if c < row.count - 1 { text += String(repeating: " ", count: widths[c] - cell.count + 2) }
            }
            text += "\n"
        }
        write(text)
    }
}
