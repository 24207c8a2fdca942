import CanonicalJSON
import Testing

@testable import Analyst
@testable import MonitorEngine

/// The built-in narrative tells the day's story the way the drill-down found it.
@Suite struct BuiltinNarrativeTests {
    static let start = Day("2026-01-05")!

    static let monitor = Monitor(
        name: "m", description: "", source: .sqlite, template: "m.sql", lookbackDays: 14,
        dimensions: ["total", "platform"].map { Monitor.Dimension(name: $0, expression: $0) }, columns: ["orders", "visits"],
        metrics: [MetricDefinition(name: "conversion", kind: .ratio, column: "orders", denominator: "visits")],
        detection: DetectionConfig(baselineWeeks: 2, severities: [.init(level: "warning", threshold: 4)]), metricDetection: [:],
        expectedDays: [], alerting: .init(), templateVariables: [:], config: [:])

    /// Two platforms converting at 0.5 and 0.1 with equal traffic; on the run day B's traffic triples at its own rate,
    /// so the total's conversion falls through mix alone.
    static func mixShift() -> EngineResult {
        func cell(_ d: Int, _ s: String) -> [Double] {
            switch (s, d == 21) {
            case ("A", _): return [5_000, 10_000]
            case ("B", false): return [1_000, 10_000]
            default: return [3_000, 30_000]
            }
        }
        var total: [MetricRow] = []
        var platform: [MetricRow] = []
        for d in 0..<22 {
            let (a, b) = (cell(d, "A"), cell(d, "B"))
            total.append(MetricRow(day: start.adding(d), slice: "all", values: [a[0] + b[0], a[1] + b[1]]))
            platform += [MetricRow(day: start.adding(d), slice: "A", values: a), MetricRow(day: start.adding(d), slice: "B", values: b)]
        }
        return Engine.evaluate(
            EngineInput(
                monitor: monitor, runDate: start.adding(21),
                rows: [DimensionRows(dimension: "total", rows: total), DimensionRows(dimension: "platform", rows: platform)]))
    }

    @Test func aMixShiftIsNamedAsOneAndNoSliceWhoseOwnRateHeldIsBlamed() throws {
        let total = try #require(Self.mixShift().findings.first { $0.dimension == "total" && $0.alerts })
        let texts = BuiltinAnalyst.hypotheses([total], Self.monitor).compactMap { $0["text"]?.stringValue }
        #expect(
            texts.first == "conversion moved through a change in traffic mix across platform: traffic shifted toward platforms where "
                + "conversion is lower, while each one's own conversion held.", "\(texts)")
        #expect(!texts.contains { $0.contains("specific to platform") }, "\(texts)")
    }
}
