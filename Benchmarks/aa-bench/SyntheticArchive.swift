import CanonicalJSON
import Context
import Digest
import Dispatch
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// Builds a large archive of realistic-shaped runs through the real append path.
struct SyntheticArchive {
    /// A flagged cell's statistics: a 10 % drop.
    static let stats: JSONValue = {
        var stats = CellStatistics()
        stats.value = 900.5
        stats.baseline = 1000
        stats.deriveChanges()
        return stats.json
    }()

    let appendRate: Double
    let sampleAnomalyId: String
    let sampleMonitor: String

    /// Appends `events` events: 40 monitors, one run per monitor per day, about 25 events a run.
    init(path: String, events: Int) throws {
        let store = try ArchiveStore.open(path: path, create: true)
        let monitors = (0..<40).map { "monitor_\($0)" }
        var written = 0
        var day = 0
        var sample = ""
        let end = Date()
        let started = DispatchTime.now().uptimeNanoseconds
        var batch: [EventDraft] = []
        while written < events {
            let date = WallClock.iso8601(end.addingTimeInterval(Double(day - events / 1000) * 86400)).prefix(10)
            for monitor in monitors where written < events {
                let runId = "run_\(date)_\(monitor)"
                var drafts: [EventDraft] = []
                func add(_ type: EventType, _ subject: String, _ payload: JSONValue) {
                    drafts.append(
                        EventDraft(
                            eventId: EventDraft.makeId(runId: runId, type: type, subject: subject), runId: runId, monitor: monitor,
                            runDate: String(date), type: type, occurredAt: "\(date)T06:00:00.000Z", logicVersion: "engine-1.0.0+bench",
                            causationId: drafts.last?.eventId, payload: payload))
                }
                add(.runStarted, "", ["trigger": "schedule", "config_hash": .string(String(repeating: "a", count: 64))])
                for d in ["total", "platform", "category", "region"] {
                    let rows: [JSONValue] = (0..<8).map { i in [.string(String(date)), .string("slice_\(i)"), .int(Int64(1000 + i))] }
                    let pulled = DataPulled(
                        source: ["kind": "sqlite"], dimension: d, sql: "SELECT ds, dimension_value, x FROM t WHERE ds = @run_date",
                        parameters: [], jobId: "bench_\(date)_\(d)", bytesProcessed: nil, cacheHit: nil,
                        schema: [
                            ["name": "ds", "type": "DATE"], ["name": "dimension_value", "type": "STRING"], ["name": "x", "type": "INT64"],
                        ],
                        rows: .whole(rows), rowCount: Int64(rows.count), resultHash: SHA256Digest.hex(JSONValue.array(rows).canonicalString)
                    )
                    add(.dataPulled, d, pulled.json)
                }
                add(.metricsComputed, "", ["cell_count": 144, "notes": []])
                for a in 0..<15 {
                    let id = "an_" + SHA256Digest.hex("\(runId)|\(a)").prefix(12)
                    if sample.isEmpty && a == 3 { sample = id }
                    add(
                        .anomalyFlagged, "\(a)",
                        [
                            "anomaly_id": .string(id), "metric": .string("metric_\(a % 8)"), "dimension": "platform",
                            "slice": .string("slice_\(a)"),
                            "severity": a % 5 == 0 ? "critical" : "warning", "status": "new", "direction": "down", "alerts": true,
                            "statistic": .double(-4.5 - Double(a)), "stats": Self.stats, "pull_event_id": .string(drafts[1].eventId),
                            "rule": ["name": "robust_z"], "threshold": 4.5, "statistic_name": "robust_z", "baseline_window": [:],
                            "drill_down": .null, "top_line": .null, "since": .null, "expected_reason": .null,
                        ])
                }
                add(
                    .analysisProduced, "",
                    [
                        "model": "builtin", "prompt_version": "builtin-1", "builtin": true,
                        "output": ["summary": "15 anomalies", "hypotheses": []],
                    ])
                add(.messageSkipped, "", ["destination": "preview", "reason": "bench"])
                add(.runCompleted, "", ["status": "completed", "findings": 15, "alerts": 15, "becomes_current": true])
                let take = drafts.prefix(events - written)
                written += take.count
                batch += take
                if batch.count >= 20_000 {
                    try store.append(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            day += 1
        }
        if !batch.isEmpty { try store.append(batch) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        appendRate = Double(events) / seconds
        sampleAnomalyId = sample
        sampleMonitor = monitors[7]
        print("  archive: \(events) events appended in \(String(format: "%.1f", seconds)) s")
    }
}
