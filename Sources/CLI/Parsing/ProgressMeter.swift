import Foundation

/// Days done of a long job (backtest, rebuild) on stderr: count, rate and time left, redrawn in place a few
/// times a second — only when stderr is a terminal, so logs and pipes get nothing.
final class ProgressMeter: @unchecked Sendable {
    // @unchecked: the lock guards the only mutable state, the last drawing.
    private let lock = NSLock()
    private let console: Console
    private let label: String
    private let enabled: Bool
    private let started = DispatchTime.now().uptimeNanoseconds
    private var drawnAt: UInt64 = 0
    private var drawn = false

    init(console: Console, label: String, enabled: Bool) {
        self.console = console
        self.label = label
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    /// Records that `done` of `total` days are finished.
    func update(_ done: Int, _ total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard done == total || now - drawnAt > 200_000_000 else { return }
        drawnAt = now
        drawn = true
        let seconds = Double(now - started) / 1e9
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        console.status(String(format: "%@: %d/%d days, %.1f days/s, ETA %.0f s", label, done, total, rate, left))
    }

    /// Clears the line the meter drew on, if it drew (again is harmless).
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { console.status(nil) }
        drawn = false
    }
}
