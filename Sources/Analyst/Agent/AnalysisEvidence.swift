import CanonicalJSON
import EventArchive
import MonitorEngine

/// What the AI analyst may see of one run, as data: the archived finding payloads, the computed cells, the pulled
/// rows (for history) and a window on earlier analyses. Built from a live run or read back from the archive, so a
/// re-analysis sees exactly what the original analysis saw.
package struct AnalysisEvidence {
    package let monitor: Monitor
    package let runDate: Day
    /// The run whose findings these are.
    package let runId: String
    /// `anomaly.flagged` payloads, each with its `anomaly_id`.
    package let findings: [JSONValue]
    /// `metrics.computed` cells: every metric × slice on the run date.
    package let cells: [JSONValue]
    /// The rows the run pulled, for `metric_history`.
    package let rows: [DimensionRows]
    package let notes: [String]
    /// Earlier analyses of the monitor within `days` before the run date, oldest first.
    package let previousAnalyses: (Int) -> [JSONValue]

    package init(
        monitor: Monitor, runDate: Day, runId: String, findings: [JSONValue], cells: [JSONValue], rows: [DimensionRows], notes: [String],
        previousAnalyses: @escaping (Int) -> [JSONValue]
    ) {
        self.monitor = monitor
        self.runDate = runDate
        self.runId = runId
        self.findings = findings
        self.cells = cells
        self.rows = rows
        self.notes = notes
        self.previousAnalyses = previousAnalyses
    }

    /// Most findings listed in the first message; the rest are counted and reachable through `anomaly_detail`.
    static let listedFindings = 40

    /// The first user message: the run's findings in compact form, as one JSON document.
    var briefing: JSONValue {
        let ordered = findings.filter { $0["alerts"] == true } + findings.filter { $0["alerts"] != true }
        return [
            "monitor": .string(monitor.name), "description": .string(monitor.description), "run_date": .string(runDate.description),
            "weekday": .string(runDate.weekdayName),
            "metrics": .array(
                monitor.metrics.map { ["name": .string($0.name), "kind": .string($0.kind.rawValue), "unit": .string($0.unit)] }),
            "dimensions": .array(monitor.dimensions.map { .string($0.name) }),
            "finding_count": .int(Int64(findings.count)),
            "findings": .array(ordered.prefix(Self.listedFindings).map(Self.compact)),
            "findings_not_listed": .int(Int64(max(0, findings.count - Self.listedFindings))),
            "notes": .array(notes.map { .string($0) }),
        ]
    }

    /// One finding with the fields a narrative needs; `anomaly_detail` returns the rest.
    static func compact(_ payload: JSONValue) -> JSONValue {
        guard let f = try? AnomalyFlagged(json: payload) else { return payload }
        let contributors = (f.drillDown["breakdowns"]?.arrayValue ?? []).prefix(2).map { b -> JSONValue in
            [
                "dimension": b["dimension"] ?? .null, "mix_effect": b["mix_effect"] ?? .null, "rate_effect": b["rate_effect"] ?? .null,
                "top": .array(
                    (b["contributors"]?.arrayValue ?? []).prefix(3).map { c in
                        [
                            "slice": c["slice"] ?? .null, "value": c["value"] ?? .null, "baseline": c["baseline"] ?? .null,
                            "share": c["share"] ?? .null,
                        ]
                    }),
            ]
        }
        let finding: [String: JSONValue] = [
            "anomaly_id": .string(f.anomalyId), "metric": .string(f.metric), "dimension": .string(f.dimension),
            "slice": .string(f.slice), "direction": .string(f.direction), "severity": .string(f.severity), "status": .string(f.status),
            "alerts": .bool(f.alerts), "since": .optional(f.since), "statistic": .number(f.statistic),
            "statistic_name": .string(f.statisticName), "threshold": .number(f.threshold), "expected_reason": .optional(f.expectedReason),
            "top_line": f.topLine, "drill_down": .array(contributors),
        ]
        return .object(finding.merging(f.stats.members([\.value, \.baseline, \.deltaRelative])) { a, _ in a })
    }
}
