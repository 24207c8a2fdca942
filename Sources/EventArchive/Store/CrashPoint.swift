import Foundation
import Synchronization

/// A test switch: `AA_CRASH_AT=NAME` ends the process with `_exit` (status 70, no cleanup, nothing flushed) the
/// first time it reaches the step `NAME`, and `NAME:N` the Nth time — so tests stop a command exactly where a crash
/// or a `kill -9` would, and check what survives. Compiled in; inert unless the variable is set.
///
/// The steps: `after-pull` (a run has its rows, nothing archived), `before-commit` and `after-commit` (an append's
/// transaction, around its COMMIT), `between-alert-and-reply` (bot mode: the alert posted, its narrative reply not
/// yet), `after-slack-accepted` (Slack took the message, its record not yet archived),
/// `mid-upload` (BigQuery confirmed a load job, the outbox not yet told), `mid-rebuild-day` (a rebuild day committed).
public enum CrashPoint {
    /// The exit status of a process stopped at a crash point.
    public static let exitStatus: Int32 = 70

    private static let target: (name: String, count: Int)? = {
        guard let text = ProcessInfo.processInfo.environment["AA_CRASH_AT"], !text.isEmpty else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1)
        return (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()
    private static let reached = Mutex<[String: Int]>([:])

    /// Ends the process here when `AA_CRASH_AT` names this step (and this is its Nth time).
    public static func reach(_ name: String) {
        guard let target, target.name == name else { return }
        let count = reached.withLock { counts -> Int in
            counts[name, default: 0] += 1
            return counts[name, default: 0]
        }
        if count == target.count { _exit(exitStatus) }
    }
}
