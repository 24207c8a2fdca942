import CanonicalJSON
import EventArchive
import Foundation

/// A fresh archive in its own temporary folder, with helpers to write runs into it.
struct TemporaryArchive {
    let folder: String
    let path: String
    let store: ArchiveStore

    init() throws {
        folder = NSTemporaryDirectory() + "aa-archive-tests-" + UUID().uuidString
        path = folder + "/archive.sqlite"
        store = try ArchiveStore.open(path: path, create: true)
    }

    /// Drafts for a small completed run with `anomalies` flagged findings.
    static func run(_ runId: String, date: String = "2026-11-20", anomalies: [String] = ["an_000000000001"]) -> [EventDraft] {
        var drafts = [draft(runId, .runStarted, date, ["trigger": "cli"])]
        for id in anomalies {
            drafts.append(
                draft(
                    runId, .anomalyFlagged, date,
                    [
                        "anomaly_id": .string(id), "metric": "orders", "dimension": "total", "slice": "all", "severity": "critical",
                        "status": "new", "direction": "down", "statistic": -9.5, "alerts": true,
                        "stats": ["value": 10.0, "baseline": 100.0, "delta_rel": -0.9],
                    ], subject: id))
        }
        drafts.append(
            draft(
                runId, .analysisProduced, date,
                ["model": "builtin", "prompt_version": "builtin-1", "builtin": true, "output": ["summary": "s"]]))
        drafts.append(
            draft(
                runId, .runCompleted, date,
                ["status": "completed", "findings": .int(Int64(anomalies.count)), "alerts": .int(Int64(anomalies.count))]))
        return drafts
    }

    static func draft(_ runId: String, _ type: EventType, _ date: String, _ payload: JSONValue, subject: String = "") -> EventDraft {
        EventDraft(
            eventId: EventDraft.makeId(runId: runId, type: type, subject: subject), runId: runId, monitor: "m", runDate: date, type: type,
            occurredAt: "2026-11-21T06:00:00.000Z", logicVersion: "engine-test", payload: payload)
    }

    /// Runs raw SQL through a second connection, as a user with the sqlite3 shell would.
    func shell(_ sql: String) throws {
        try SQLiteConnection(path: path, create: false).execute(sql)
    }
}
