import CanonicalJSON
import Foundation
import Testing

@testable import MonitorEngine

/// One-scan templates: every dimension in one query through `GROUP BY GROUPING SETS`, and what makes one invalid.
@Suite struct OneScanTemplateTests {
    let template = """
        SELECT ds, {{dimension_name}} AS dimension, {{dimension_value}} AS dimension_value, COUNT(*) AS orders
        FROM t WHERE ds BETWEEN @start_date AND @run_date GROUP BY GROUPING SETS ({{grouping_sets}})
        """

    func monitor(_ expressions: [(String, String)]) -> Monitor {
        let m = Fixture.monitor(dimensions: [])
        return Monitor(
            name: m.name, description: "", source: .bigquery, template: "t.sql", lookbackDays: 14,
            dimensions: expressions.map { Monitor.Dimension(name: $0.0, expression: $0.1) }, columns: m.columns, metrics: m.metrics,
            detection: m.detection, metricDetection: [:], expectedDays: [], alerting: .init(), templateVariables: [:], config: [:])
    }

    @Test func oneQueryGroupsEachDimensionAndNamesItsRows() throws {
        let renderer = TemplateRenderer(
            monitor: monitor([("total", "'all'"), ("platform", "platform"), ("region", "UPPER(region)")]), template: template,
            templateFile: "t.sql")
        let queries = try renderer.render(runDate: Day("2026-06-30")!)
        #expect(queries.count == 1)
        let query = try #require(queries.first)
        #expect(query.combines == ["total", "platform", "region"])
        #expect(query.sql.contains("GROUPING SETS ((ds), (ds, platform), (ds, UPPER(region)))"))
        #expect(
            query.sql.contains(
                "CASE WHEN GROUPING(platform) = 0 THEN 'platform' WHEN GROUPING(UPPER(region)) = 0 THEN 'region' ELSE 'total' END AS dimension"
            ))
        #expect(query.sql.contains("WHEN GROUPING(UPPER(region)) = 0 THEN CAST(UPPER(region) AS STRING) ELSE 'all' END AS dimension_value"))
        #expect(query.part("platform").combines.isEmpty && query.part("platform").dimension == "platform")
    }

    @Test func aOneScanTemplateMissingAPlaceholderOrWithTwoConstantsIsRefused() {
        let dims = monitor([("total", "'all'"), ("platform", "platform")])
        for (text, fragment) in [
            (template.replacingOccurrences(of: "{{dimension_name}}", with: "'x'"), "but not {{dimension_name}}"),
            (template + " -- {{dimension}}", "mixes {{dimension}} with {{grouping_sets}}"),
        ] {
            #expect(throws: RegistryError.self) { try TemplateRenderer(monitor: dims, template: text, templateFile: "t.sql").validate() }
            do { try TemplateRenderer(monitor: dims, template: text, templateFile: "t.sql").validate() } catch {
                #expect(error.description.contains(fragment), "\(error.description)")
            }
        }
        let twoTotals = monitor([("total", "'all'"), ("everything", "1")])
        do { try TemplateRenderer(monitor: twoTotals, template: template, templateFile: "t.sql").validate() } catch {
            #expect(error.description.contains("more than one constant dimension"))
            return
        }
        Issue.record("two constant dimensions were accepted")
    }
}
