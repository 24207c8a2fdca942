import CanonicalJSON
import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline
import Synchronization

/// Where the CLI writes: results on stdout, progress and errors on stderr — all user-facing text goes through here.
final class Console: @unchecked Sendable {
    // @unchecked: the lock guards the only mutable state, the writes to the two streams.
    private let lock = NSLock()
    let environment: [String: String]
    private let stdout: @Sendable (String) -> Void
    private let stderr: @Sendable (String) -> Void
    /// Whether stdout is a terminal (false for captured consoles).
    let outputIsTerminal: Bool

    /// A console on the process's stdout and stderr.
    convenience init(environment: [String: String]) {
        let failure = Mutex<String?>(nil)
        self.init(
            environment: environment,
            stdout: { text in
                guard let reason = CheckedWrite.writeAll(Data(text.utf8), to: STDOUT_FILENO) else { return }
                failure.withLock { $0 = $0 ?? reason }
            },
            stderr: { _ = CheckedWrite.writeAll(Data($0.utf8), to: STDERR_FILENO) }, outputIsTerminal: isatty(STDOUT_FILENO) == 1)
        outputFailure = { failure.withLock { $0 } }
    }

    /// Why a write to standard output failed (closed, full disk), if one did: the command then fails, however it
    /// ended, rather than report a success whose output was lost.
    private(set) var outputFailure: @Sendable () -> String? = { nil }

    /// A console writing to the given streams: tests capture what a command prints.
    init(
        environment: [String: String], stdout: @escaping @Sendable (String) -> Void, stderr: @escaping @Sendable (String) -> Void,
        outputIsTerminal: Bool = false
    ) {
        self.environment = environment
        self.stdout = stdout
        self.stderr = stderr
        self.outputIsTerminal = outputIsTerminal
    }

    /// The terminal's width in columns, if stdout is one and says.
    static func terminalColumns() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 else { return nil }
        return Int(size.ws_col)
    }

    func out(_ text: String) { write(text + "\n") }

    /// Writes `text` on stdout, for output streamed in pieces: control and bidirectional characters from data are
    /// shown as `‹U+XXXX›` (``DisplayText``), so nothing a slice is named can drive the terminal.
    func write(_ text: String) { raw(DisplayText.visible(text)) }

    /// Writes `text` on stdout as it is: only for text whose escapes are this program's own (coloured tables built
    /// from visible cells) or JSON, which escapes control characters itself and keeps every other value raw.
    func raw(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        stdout(text)
    }

    func err(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        stderr(DisplayText.visible(text) + "\n")
    }

    /// Redraws a status line on stderr in place (cursor back, line cleared); nil clears it, so what is printed next
    /// starts on a clean line.
    func status(_ text: String?) {
        lock.lock()
        defer { lock.unlock() }
        stderr("\r\u{1B}[K" + (text.map { DisplayText.visible($0, keepingLines: false) } ?? ""))
    }

    /// A `--json` document on stdout, pretty, with its `schema` member (see ``CLIDocument``).
    func json(_ value: JSONValue, as document: CLIDocument) { raw(document.wrap(value).prettyString + "\n") }

    /// The one place an error becomes text: `aa: error: <sentence>`.
    func error(_ error: PipelineError) { err("aa: error: " + error.message) }

    /// A left-aligned table with a header row, written in one piece: fitted to the terminal (or `COLUMNS`) unless
    /// `wide`, severities coloured on a terminal that takes colour.
    ///
    /// - Parameter expendable: header names of columns that may be left out to fit, least important first.
    func table(_ header: [String], _ rows: [[String]], expendable: [String] = []) {
        let visible = rows.map { $0.map { DisplayText.visible($0, keepingLines: false) } }
        let layout = TableLayout(header: header, rows: visible, expendable: expendable)
        raw(layout.render(fitting: wide ? nil : tableWidth, colour: colour))
    }

    /// Set by `--wide`: tables keep every column whole.
    var wide = false

    /// The width tables fit: `COLUMNS` when set, else the terminal's (80 if it does not say); none in a pipe.
    var tableWidth: Int? {
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        return outputIsTerminal ? Console.terminalColumns() ?? 80 : nil
    }

    /// Colour on a terminal, unless `NO_COLOR` is set or `TERM` is `dumb`; `CLICOLOR_FORCE=1` forces it in a pipe.
    var colour: Bool {
        if environment["NO_COLOR"].map({ !$0.isEmpty }) == true { return false }
        if environment["CLICOLOR_FORCE"] == "1" { return true }
        return outputIsTerminal && environment["TERM"] != "dumb"
    }
}
