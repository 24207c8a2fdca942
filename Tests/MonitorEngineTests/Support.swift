import CanonicalJSON

@testable import MonitorEngine

/// Builders for small, hand-checkable monitors and row sets.
enum Fixture {
    static let start = Day("2026-01-05")! // a Monday

    static func monitor(
        metrics: [MetricDefinition] = [MetricDefinition(name: "orders", kind: .count, column: "orders")],
        columns: [String] = ["orders", "visits"], dimensions: [String] = ["total", "platform"], lookback: Int = 14,
        detection: DetectionConfig = DetectionConfig(
            baselineWeeks: 2, severities: [.init(level: "warning", threshold: 4), .init(level: "critical", threshold: 8)]),
        overrides: [String: DetectionConfig] = [:], expected: [Monitor.ExpectedDay] = []
    ) -> Monitor {
        Monitor(
            name: "m", description: "", source: .sqlite, template: "m.sql", lookbackDays: lookback,
            dimensions: dimensions.map { Monitor.Dimension(name: $0, expression: $0) }, columns: columns, metrics: metrics,
            detection: detection, metricDetection: overrides, expectedDays: expected, alerting: .init(), templateVariables: [:], config: [:]
        )
    }

    /// Rows for one dimension: `values(day index, slice)` gives the base columns; nil skips the row.
    static func rows(_ dimension: String, slices: [String], days: Int, _ values: (Int, String) -> [Double]?) -> DimensionRows {
        var rows: [MetricRow] = []
        for d in 0..<days {
            for slice in slices {
                if let v = values(d, slice) { rows.append(MetricRow(day: start.adding(d), slice: slice, values: v)) }
            }
        }
        return DimensionRows(dimension: dimension, rows: rows)
    }

    /// Evaluates `monitor` on window day `day` (index from `start`).
    static func evaluate(
        _ monitor: Monitor, day: Int, _ rows: [DimensionRows], labels: [IncidentLabel] = [], unjudged: [Day] = []
    ) -> EngineResult {
        Engine.evaluate(EngineInput(monitor: monitor, runDate: start.adding(day), rows: rows, labels: labels, unjudged: unjudged))
    }
}
