import CanonicalJSON
import Context
import Testing

@testable import MonitorEngine
@testable import Pipeline

/// Warehouse rows into engine rows: a value is a number only in decimal notation, and two different values never
/// become one slice.
@Suite struct RowDecoderTests {
    let monitor = Monitor(
        name: "m", description: "", source: .sqlite, template: "m.sql", lookbackDays: 28,
        dimensions: [.init(name: "platform", expression: "platform")], columns: ["orders"],
        metrics: [MetricDefinition(name: "orders", kind: .count, column: "orders")], detection: DetectionConfig(), metricDetection: [:],
        expectedDays: [], alerting: .init(), templateVariables: [:], config: [:])

    func decode(_ rows: [[JSONValue]]) throws(PipelineError) -> [MetricRow] {
        let result = QueryResult(
            schema: [("ds", "DATE"), ("dimension_value", "STRING"), ("orders", "STRING")], rows: rows, jobId: "j", bytesProcessed: nil,
            cacheHit: nil, source: .null)
        return try RowDecoder.decode(result, monitor: monitor, dimension: "platform").rows
    }

    @Test(arguments: ["nan", "NaN", "inf", "-Infinity", "0x1p3", "1e999", "abc", "", "1,5", " 12 kg"])
    func textThatIsNotAFiniteDecimalIsRefused(text: String) {
        #expect(throws: PipelineError.self) { try decode([[.string("2026-05-01"), .string("web"), .string(text)]]) }
    }

    @Test func decimalTextAndNumbersAreRead() throws {
        let rows = try decode([
            [.string("2026-05-01"), .string("web"), .string(" 12 ")], [.string("2026-05-01"), .string("ios"), .string("-3.5e2")],
            [.string("2026-05-01"), .string("tv"), .int(7)], [.string("2026-05-01"), .string("car"), .null],
        ])
        #expect(rows.map(\.values[0]).prefix(3) == [12, -350, 7])
        #expect(rows[3].values[0].isNaN) // NULL is a missing value, not zero
    }

    @Test func valuesOfDifferentKindsWithTheSameTextAreNotMergedIntoOneSlice() throws {
        let day = JSONValue.string("2026-05-01")
        for (a, b) in [(JSONValue.null, JSONValue.string("(null)")), (.int(1), .string("1")), (.string("1"), .int(1))] {
            do {
                _ = try decode([[day, a, .int(1)], [day, b, .int(2)]])
                Issue.record("\(a) and \(b) merged")
            } catch {
                #expect(error.message.contains("would merge into one slice"), "\(error.message)")
            }
        }
        #expect(try decode([[day, .null, .int(1)], [day, .string("web"), .int(2)]]).map(\.slice) == ["(null)", "web"])
    }
}
