import Foundation
import MonitorEngine
import Testing

/// The completeness checks' arithmetic: what a freshness answer means, and what the volume check expects.
@Suite struct CompletenessCheckTests {
    let day = Day("2026-11-27")!

    @Test func aFreshnessAnswerIsReadAsUTCSecondsWhateverItsForm() {
        let midnight = 1_795_824_000.0 // 2026-11-28T00:00:00Z
        #expect(CompletenessCheck.timestamp("2026-11-28T00:00:00Z") == midnight)
        #expect(CompletenessCheck.timestamp("2026-11-28 00:00:00") == midnight)
        #expect(CompletenessCheck.timestamp("2026-11-28") == midnight)
        #expect(CompletenessCheck.timestamp("2026-11-28T01:00:00+01:00") == midnight)
        #expect(CompletenessCheck.timestamp("1.795824E9") == midnight) // BigQuery's TIMESTAMP in JSON rows
        #expect(CompletenessCheck.timestamp("banana") == nil)
        #expect(CompletenessCheck.freshness(loadedThrough: midnight, text: "", runDate: day).complete)
        #expect(!CompletenessCheck.freshness(loadedThrough: midnight - 1, text: "", runDate: day).complete)
    }

    @Test func theVolumeCheckComparesTheDaysTotalWithTheSameWeekdaysMedian() throws {
        let monitor = Fixture.monitor(
            metrics: [MetricDefinition(name: "visitors", kind: .count, column: "visitors")], columns: ["visitors"], lookback: 56,
            detection: DetectionConfig(baselineWeeks: 6))
        let rule = CompletenessRule(check: .volume, minShareOfExpected: 0.9, metric: "visitors", sql: nil, waitSeconds: 0, pollSeconds: 1)
        let weeks: [Double] = [1000, 1200, 1100, 900, 1050, 1150] // median 1075
        func rows(today: Double) -> [DimensionRows] {
            var list: [MetricRow] = []
            for (total, date) in zip(weeks + [today], (1...weeks.count).map { day.adding(-7 * $0) } + [day]) {
                list += [MetricRow(day: date, slice: "a", values: [total * 0.4]), MetricRow(day: date, slice: "b", values: [total * 0.6])]
            }
            return [DimensionRows(dimension: monitor.dimensions[0].name, rows: list)]
        }
        let late = CompletenessCheck.volume(rule, monitor: monitor, rows: rows(today: 645), runDate: day)
        #expect(late.expected == 1075)
        #expect(abs((late.seen ?? 0) - 645) < 1e-9)
        #expect(!late.complete)
        #expect(late.sentence == "60 % of the expected visitors")
        #expect(CompletenessCheck.volume(rule, monitor: monitor, rows: rows(today: 1000), runDate: day).complete)

        // A configured holiday at 60 % is expected to be low, not late: complete, and the sentence says why.
        let holiday = Fixture.monitor(
            metrics: monitor.metrics, columns: ["visitors"], lookback: 56, detection: DetectionConfig(baselineWeeks: 6),
            expected: [Monitor.ExpectedDay(day: day, reason: "Thanksgiving")])
        let expected = CompletenessCheck.volume(rule, monitor: holiday, rows: rows(today: 645), runDate: day)
        #expect(expected.complete)
        #expect(expected.sentence == "an expected day (Thanksgiving): its volume is not compared; judged as expected")
    }
}
