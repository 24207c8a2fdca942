import CanonicalJSON
import MonitorEngine
import SQLite

/// One finding of a current report (the latest run of its monitor and day), as `aa alerts` lists it.
public struct CurrentAlert: Sendable, Equatable {
    public let runDate: String
    public let monitor: String
    public let anomalyId: String
    public let severity: String?
    public let status: String?
    public let metric: String
    public let dimension: String
    public let slice: String
    public let value: Double?
    public let baseline: Double?
    public let deltaRel: Double?
    public let statistic: Double?
    public let runId: String

    /// The alert under the read model's column names, as `aa alerts --json` prints it.
    public var json: JSONValue {
        [
            "run_date": .string(runDate), "monitor": .string(monitor), "anomaly_id": .string(anomalyId), "severity": .optional(severity),
            "status": .optional(status), "metric": .string(metric), "dimension": .string(dimension), "slice": .string(slice),
            "value": .number(value), "baseline": .number(baseline), CellStatistics.key(\.deltaRelative): .number(deltaRel),
            "statistic": .number(statistic),
            "run_id": .string(runId),
        ]
    }
}

extension ArchiveStore {
    /// Findings of the current reports on or after `since`, newest day first, strongest first within a day:
    /// only alerts unless `includeAll` (which adds persisting, expected and other non-alerting findings).
    public func currentAlerts(since: String, monitor: String? = nil, includeAll: Bool = false) throws(ArchiveError) -> [CurrentAlert] {
        var sql = """
            SELECT run_date, monitor, anomaly_id, severity, status, metric, dimension, slice, value, baseline, delta_rel,
                statistic, run_id
            FROM v_current_alerts WHERE run_date >= ?
            """
        var bindings: [SQLiteValue] = [.text(since)]
        if !includeAll { sql += " AND alerts = 1" }
        if let monitor {
            sql += " AND monitor = ?"
            bindings.append(.text(monitor))
        }
        sql += " ORDER BY run_date DESC, monitor, abs(statistic) DESC, anomaly_id"
        return try query(sql, bindings).map { r in
            CurrentAlert(
                runDate: r[0].text ?? "", monitor: r[1].text ?? "", anomalyId: r[2].text ?? "", severity: r[3].text, status: r[4].text,
                metric: r[5].text ?? "", dimension: r[6].text ?? "", slice: r[7].text ?? "", value: r[8].double, baseline: r[9].double,
                deltaRel: r[10].double, statistic: r[11].double, runId: r[12].text ?? "")
        }
    }

    /// The id of the latest `anomaly.flagged` event for an anomaly id, if any run flagged it.
    public func flaggedEventId(anomalyId: String) throws(ArchiveError) -> String? {
        try query("SELECT event_id FROM p_alerts WHERE anomaly_id = ? ORDER BY position DESC LIMIT 1", [.text(anomalyId)]).first?.first?
            .text
    }

    /// The anomaly id of the strongest current finding for a monitor, date and metric (and dimension and slice, if
    /// given): the top-line slice first.
    public func currentAnomalyId(monitor: String, date: String, metric: String, dimension: String? = nil, slice: String?)
        throws(ArchiveError) -> String?
    {
        var sql = "SELECT anomaly_id FROM v_current_alerts WHERE monitor = ? AND run_date = ? AND metric = ?"
        var bindings: [SQLiteValue] = [.text(monitor), .text(date), .text(metric)]
        if let dimension {
            sql += " AND dimension = ?"
            bindings.append(.text(dimension))
        }
        if let slice {
            sql += " AND slice = ?"
            bindings.append(.text(slice))
        }
        sql += " ORDER BY CASE WHEN slice = 'all' THEN 0 ELSE 1 END, abs(statistic) DESC LIMIT 1"
        return try query(sql, bindings).first?.first?.text
    }
}
