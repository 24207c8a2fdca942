import CanonicalJSON
import EventArchive
import Foundation
import MonitorEngine
import SQLite

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
        let started = RunStarted(
            trigger: "cli", options: [:], config: [:], configHash: "c", template: "t.sql", templateHash: "h", registry: "r.json",
            codeVersion: "0.1.0", engineVersion: "engine-test")
        var drafts = [draft(runId, .runStarted, date, started.json)]
        var stats = CellStatistics()
        stats.value = 10
        stats.baseline = 100
        stats.deltaRelative = -0.9
        for id in anomalies {
            let flagged: JSONValue = [
                "anomaly_id": .string(id), "metric": "orders", "dimension": "total", "slice": "all", "severity": "critical",
                "status": "new", "direction": "down", "statistic": -9.5, "alerts": true, "since": .null, "rule": [:], "threshold": 5,
                "statistic_name": "robust_z", "stats": stats.json, "baseline_window": [:], "expected_reason": .null,
                "drill_down": .null, "top_line": .null, "pull_event_id": .null,
            ]
            drafts.append(draft(runId, .anomalyFlagged, date, flagged, subject: id))
        }
        let analysis = AnalysisProduced(
            model: "builtin", promptVersion: "builtin-1", builtin: true, inputDigest: "d", anomalyIds: anomalies, output: ["summary": "s"],
            trace: [:])
        drafts.append(draft(runId, .analysisProduced, date, analysis.json))
        let completed = RunCompleted(
            findings: Int64(anomalies.count), alerts: Int64(anomalies.count), anomalyIds: anomalies, notes: [], becomesCurrent: true)
        drafts.append(draft(runId, .runCompleted, date, completed.json))
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
