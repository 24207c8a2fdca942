import Foundation
import Testing

@testable import MonitorEngine

@Suite struct RegistryTests {
    let valid = """
        {"monitors": [{"name": "m", "source": "sqlite", "template": "m.sql", "lookback_days": 28,
          "dimensions": [{"name": "total", "sql": "'all'"}], "columns": ["a", "b"],
          "metrics": [{"name": "a", "kind": "count", "column": "a"}, {"name": "r", "kind": "ratio", "numerator": "a", "denominator": "b"}],
          "detection": {"baseline_weeks": 3, "severity": [{"level": "warning", "threshold": 3}], "overrides": {"r": {"direction": "down"}}}}]}
        """

    func error(_ text: String) -> RegistryError? {
        do {
            _ = try Registry.parse(text, file: "r.json")
            return nil
        } catch { return error }
    }

    @Test func parsesAValidRegistry() throws {
        let registry = try Registry.parse(valid, file: "r.json")
        let m = try #require(registry.monitor(named: "m"))
        #expect(m.metrics[1].denominator == "b")
        #expect(m.metrics[1].volumeColumn == "b")
        #expect(m.detection(for: "r").direction == .down)
        #expect(m.detection(for: "r").baselineWeeks == 3) // overrides start from the monitor's rule
        #expect(m.detection(for: "a").direction == .both)
    }

    @Test func errorsNameTheFileAndJSONPath() {
        #expect(error("{ not json")?.message.contains("not valid JSON") == true)
        let typo = valid.replacingOccurrences(of: "\"baseline_weeks\"", with: "\"baseline_week\"")
        #expect(error(typo)?.path == "$.monitors[0].detection.baseline_week")
        let badEnum = valid.replacingOccurrences(of: "\"sqlite\"", with: "\"postgres\"")
        #expect(error(badEnum)?.path == "$.monitors[0].source")
        #expect(error(badEnum)?.description.hasPrefix("r.json at $.monitors[0].source") == true)
        let badColumn = valid.replacingOccurrences(of: "\"denominator\": \"b\"", with: "\"denominator\": \"c\"")
        #expect(error(badColumn)?.path == "$.monitors[0].metrics[1].denominator")
        let unknownOverride = valid.replacingOccurrences(of: "\"overrides\": {\"r\"", with: "\"overrides\": {\"zz\"")
        #expect(error(unknownOverride)?.path == "$.monitors[0].detection.overrides.zz")
        let tooShort = valid.replacingOccurrences(of: "\"lookback_days\": 28", with: "\"lookback_days\": 14")
        #expect(error(tooShort)?.message.contains("lookback_days") == true)
    }

    @Test(arguments: ["0", "-2", "1001", "1e308"])
    func thresholdsThatMeanNothingAreRefused(threshold: String) {
        let text = valid.replacingOccurrences(of: "\"threshold\": 3", with: "\"threshold\": \(threshold)")
        let refused = error(text)
        #expect(refused?.path == "$.monitors[0].detection.severity[0].threshold", "\(threshold)")
    }

    @Test(arguments: ["169h", "-1h", "99999999999h", "1 day"])
    func settleTimesThatMeanNothingAreRefused(settle: String) {
        let text = valid.replacingOccurrences(
            of: "\"lookback_days\": 28,",
            with: "\"lookback_days\": 28, \"completeness\": {\"check\": \"volume\", \"settle\": \"\(settle)\"},")
        #expect(error(text)?.path == "$.monitors[0].completeness.settle", "\(settle)")
    }

    @Test func webhookURLsAreRefusedInTheRegistry() {
        let withURL = valid.replacingOccurrences(
            of: "\"lookback_days\": 28,", with: "\"lookback_days\": 28, \"alerting\": {\"webhook_env\": \"https://hooks.slack.com/x\"},")
        #expect(error(withURL)?.path == "$.monitors[0].alerting.webhook_env")
    }

    @Test func templatesRenderNamedParametersAndRefuseUnknownPlaceholders() throws {
        let m = try #require(try Registry.parse(valid, file: "r.json").monitor(named: "m"))
        let sql =
            "SELECT ds, {{dimension}} AS dimension_value, SUM(a) AS a FROM t -- @comment_is_fine\nWHERE ds BETWEEN @start_date AND "
            + "@run_date AND x = '@literal' GROUP BY 1, 2"
        let queries = try TemplateRenderer(monitor: m, template: sql, templateFile: "m.sql").render(runDate: Day("2026-03-01")!)
        #expect(queries.count == 1)
        #expect(queries[0].sql.contains("'all' AS dimension_value"))
        #expect(queries[0].sql.contains("@run_date"))
        #expect(
            queries[0].parameters == [
                QueryParameter(name: "run_date", type: "DATE", value: "2026-03-01"),
                QueryParameter(name: "start_date", type: "DATE", value: "2026-01-25"), // 28 + 7 days back
            ])
        #expect(throws: RegistryError.self) {
            try TemplateRenderer(monitor: m, template: sql + " {{table}}", templateFile: "m.sql").validate()
        }
        #expect(throws: RegistryError.self) {
            try TemplateRenderer(monitor: m, template: sql + " AND y = @region", templateFile: "m.sql").validate()
        }
    }
}
