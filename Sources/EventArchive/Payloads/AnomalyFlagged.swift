import CanonicalJSON
import MonitorEngine

/// `anomaly.flagged` (`schemas/events/anomaly.flagged.schema.json`): one finding with everything needed to re-derive
/// it — rule, statistic, the cell's statistics, the baseline days, the drill-down and the top-line share.
public struct AnomalyFlagged: SingleEventPayload, Equatable {
    public static let eventType: EventType = .anomalyFlagged

    public var anomalyId: String
    public var metric: String
    public var dimension: String
    public var slice: String
    /// `up` or `down`.
    public var direction: String
    public var severity: String
    /// `new`, `persisting`, `escalated`, `grouped`, `expected`, `no_data`, … (the engine's `Finding.Status`).
    public var status: String
    /// Whether the finding alerts (new or escalated), rather than only being reported.
    public var alerts: Bool
    /// First day of a persisting change.
    public var since: String?
    /// The detection rule in force (`DetectionConfig.json`).
    public var rule: JSONValue
    public var threshold: Double?
    public var statistic: Double?
    /// `robust_z` or `relative_change`.
    public var statisticName: String
    public var stats: CellStatistics
    /// `{"kind", "days": [{"date", "value"}], "trailing_from", "trailing_to"}`.
    public var baselineWindow: JSONValue
    public var expectedReason: String?
    /// Breakdowns by dimension with their top contributors (`DrillDown.json`), or null.
    public var drillDown: JSONValue
    /// The slice's share of the top-line change, or null.
    public var topLine: JSONValue
    /// The `data.pulled` event the slice's rows came from.
    public var pullEventId: String?

    /// The payload of `finding`, flagged as `anomalyId` from the rows of `pullEventId`.
    public init(finding: Finding, anomalyId: String, pullEventId: String?) {
        self.anomalyId = anomalyId
        metric = finding.metric
        dimension = finding.dimension
        slice = finding.slice
        direction = finding.direction.rawValue
        severity = finding.severity
        status = finding.status.rawValue
        alerts = finding.alerts
        since = finding.since?.description
        rule = finding.rule.json
        threshold = finding.threshold.isFinite ? finding.threshold : nil
        statistic = finding.statistic.isFinite ? finding.statistic : nil
        statisticName = finding.method == .seasonalRobustZ ? "robust_z" : "relative_change"
        stats = finding.stats
        baselineWindow = [
            "kind": "same_weekday_median",
            "days": .array(finding.baselineWindow.map { ["date": .string($0.day.description), "value": .number($0.value)] }),
            "trailing_from": .string(finding.trailingFrom.description), "trailing_to": .string(finding.trailingTo.description),
        ]
        expectedReason = finding.expectedReason
        drillDown = finding.drillDown?.json ?? .null
        topLine = finding.topLine?.json ?? .null
        self.pullEventId = pullEventId
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "anomaly.flagged")
        anomalyId = try f.string("anomaly_id")
        metric = try f.string("metric")
        dimension = try f.string("dimension")
        slice = try f.string("slice")
        direction = try f.string("direction")
        severity = try f.string("severity")
        status = try f.string("status")
        alerts = try f.bool("alerts")
        since = try f.optionalString("since")
        rule = try f.object("rule")
        threshold = try f.number("threshold")
        statistic = try f.number("statistic")
        statisticName = try f.string("statistic_name")
        guard let stats = CellStatistics(json: try f.object("stats")) else {
            throw PayloadError("the anomaly.flagged payload's stats are not the engine's cell statistics")
        }
        self.stats = stats
        baselineWindow = try f.object("baseline_window")
        expectedReason = try f.optionalString("expected_reason")
        drillDown = try f.object("drill_down", nullable: true)
        topLine = try f.object("top_line", nullable: true)
        pullEventId = try f.optionalString("pull_event_id")
    }

    public var json: JSONValue {
        [
            "anomaly_id": .string(anomalyId), "metric": .string(metric), "dimension": .string(dimension), "slice": .string(slice),
            "direction": .string(direction), "severity": .string(severity), "status": .string(status), "alerts": .bool(alerts),
            "since": .optional(since), "rule": rule, "threshold": .number(threshold), "statistic": .number(statistic),
            "statistic_name": .string(statisticName), "stats": stats.json, "baseline_window": baselineWindow,
            "expected_reason": .optional(expectedReason), "drill_down": drillDown, "top_line": topLine,
            "pull_event_id": .optional(pullEventId),
        ]
    }

    /// `metric|dimension|slice`: the cell the finding is about.
    public var cellKey: String { "\(metric)|\(dimension)|\(slice)" }
}
