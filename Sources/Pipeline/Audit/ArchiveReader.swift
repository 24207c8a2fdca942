import CanonicalJSON
import Context
import EventArchive

/// Read helpers the audit commands share: events of a run, the current run of a day, an anomaly's event.
package struct ArchiveReader {
    package let store: ArchiveStore

    package init(store: ArchiveStore) { self.store = store }

    func wrap<T>(_ body: () throws(ArchiveError) -> T) throws(PipelineError) -> T {
        do { return try body() } catch { throw PipelineError(.runtime, error.message) }
    }

    /// The events of `runId` in order: all of them, or only `types`; without payloads when `payloads` is false.
    package func runEvents(_ runId: String, types: [String] = [], payloads: Bool = true) throws(PipelineError) -> [EventEnvelope] {
        var filter = EventFilter(runId: runId, types: types)
        filter.includePayload = payloads
        return try wrap { () throws(ArchiveError) in try store.events(filter) }
    }

    /// One event by id, if archived.
    package func event(_ eventId: String) throws(PipelineError) -> EventEnvelope? {
        var filter = EventFilter()
        filter.eventIds = [eventId]
        return try wrap { () throws(ArchiveError) in try store.events(filter).first }
    }

    /// The run whose report is current for (monitor, date), if any.
    package func currentRun(monitor: String, date: String) throws(PipelineError) -> String? {
        try wrap { () throws(ArchiveError) in
            try store.query("SELECT run_id FROM p_reports WHERE monitor = ? AND run_date = ?", [.text(monitor), .text(date)]).first?.first?.text
        }
    }

    /// The `analysis.produced` events of later re-analyses of `runId`'s findings, oldest first.
    package func reanalyses(of runId: String, monitor: String, date: String) throws(PipelineError) -> [EventEnvelope] {
        // The read models say which analyses of the day came from re-analysis runs; only those payloads are read.
        var filter = EventFilter()
        filter.eventIds = try wrap { () throws(ArchiveError) in
            try store.query(
                "SELECT n.event_id FROM p_narratives n JOIN p_runs r ON r.run_id = n.run_id WHERE n.monitor = ? AND n.run_date = ? AND r.trigger = 'reanalyze'",
                [.text(monitor), .text(date)]
            ).compactMap { $0.first?.text }
        }
        guard !filter.eventIds.isEmpty else { return [] }
        return try wrap { () throws(ArchiveError) in try store.events(filter) }.filter { $0.payload["analyzed_run_id"]?.stringValue == runId }
    }

    /// The analyses of a day's current findings, oldest first: the current run's own, then re-analyses of it.
    package func analyses(monitor: String, date: String) throws(PipelineError) -> [EventEnvelope] {
        guard let runId = try currentRun(monitor: monitor, date: date) else { return [] }
        return try runEvents(runId, types: ["analysis.produced"]) + reanalyses(of: runId, monitor: monitor, date: date)
    }

    /// The latest completed run of (monitor, date) computed under a logic version starting with `logicVersion`.
    package func run(monitor: String, date: String, logicVersion: String) throws(PipelineError) -> String? {
        try wrap { () throws(ArchiveError) in
            try store.query(
                """
                SELECT run_id FROM p_runs WHERE monitor = ? AND run_date = ? AND status = 'completed' AND trigger IS NOT 'reanalyze'
                    AND substr(logic_version, 1, ?) = ?
                ORDER BY position DESC LIMIT 1
                """, [.text(monitor), .text(date), .integer(Int64(logicVersion.count)), .text(logicVersion)]
            ).first?.first?.text
        }
    }

    /// Every logic version a (monitor, date) has a completed run under, oldest first.
    package func logicVersions(monitor: String, date: String) throws(PipelineError) -> [String] {
        try wrap { () throws(ArchiveError) in
            try store.query(
                "SELECT logic_version FROM p_runs WHERE monitor = ? AND run_date = ? AND status = 'completed' AND trigger IS NOT 'reanalyze' GROUP BY logic_version ORDER BY min(position)",
                [.text(monitor), .text(date)]
            ).compactMap { $0.first?.text }
        }
    }

    /// The `anomaly.flagged` event for an anomaly id, or a not-found error that says how to list ids.
    package func anomalyEvent(_ anomalyId: String) throws(PipelineError) -> EventEnvelope {
        let eventId = try wrap { () throws(ArchiveError) in
            try store.query("SELECT event_id FROM p_alerts WHERE anomaly_id = ? ORDER BY position DESC LIMIT 1", [.text(anomalyId)]).first?.first?.text
        }
        guard let eventId, let event = try wrap({ () throws(ArchiveError) in
            var filter = EventFilter()
            filter.eventIds = [eventId]
            return try store.events(filter).first
        }) else {
            throw PipelineError(.notFound, "no anomaly with id \(anomalyId) in \(store.path); list them with `aa alerts`")
        }
        return event
    }

    /// Anomaly ids matching a monitor, date, metric and optional slice in the current report.
    package func findAnomaly(monitor: String, date: String, metric: String, slice: String?) throws(PipelineError) -> String {
        var sql = "SELECT anomaly_id FROM v_current_alerts WHERE monitor = ? AND run_date = ? AND metric = ?"
        var bindings: [SQLiteValue] = [.text(monitor), .text(date), .text(metric)]
        if let slice { sql += " AND slice = ?"; bindings.append(.text(slice)) }
        sql += " ORDER BY CASE WHEN slice = 'all' THEN 0 ELSE 1 END, abs(statistic) DESC LIMIT 1"
        let rows = try wrap { () throws(ArchiveError) in try store.query(sql, bindings) }
        guard let id = rows.first?.first?.text else {
            throw PipelineError(.notFound, "no finding for \(metric)\(slice.map { " (\($0))" } ?? "") of \(monitor) on \(date) in the current report; see `aa report --monitor \(monitor) --date \(date)`")
        }
        return id
    }
}
