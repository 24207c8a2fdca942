import CanonicalJSON
import Foundation
import TestSupport
import Testing

@Suite struct DemoEndToEndTests {
    let demo = DemoFixture.shared

    func json(_ result: AACommand.Result) throws -> JSONValue { try JSONValue.parse(result.stdout) }

    @Test func demoFindsEveryInjectedIncidentIncludingThePlatformOnlyDrop() throws {
        #expect(demo.demoResult.status == 0, "\(demo.demoResult.stderr)")
        let summary = try json(demo.demoResult)
        #expect(summary["runs"] == 60)
        let incidents = try #require(summary["incidents"]?.arrayValue)
        #expect(incidents.count == 5)
        for incident in incidents { #expect(incident["found_by"]?.stringValue != nil, "missed \(incident.canonicalString)") }
        let platform = try #require(incidents.first { $0["kind"] == "platform_only_drop" })
        #expect(platform["date"] == "2026-05-23")
        // Each line points at the finding that alerted: a slice listed under a top-line alert is found by that alert.
        for incident in incidents {
            let id = try #require(incident["found_by"]?.stringValue)
            let lineage = try json(AACommand.aa(["why", id, "--json"] + demo.paths))
            #expect(lineage["finding"]?["alerts"] == true, "\(incident["kind"] ?? .null) points at \(id), which did not alert")
        }
    }

    @Test func aGroupedFindingNamesTheAlertItIsListedUnder() throws {
        let day = try json(
            AACommand.aa(["report", "--monitor", "revenue_funnel_demo", "--date", "2026-06-21", "--format", "json"] + demo.paths))
        let findings = try #require(day["findings"]?.arrayValue)
        let grouped = try #require(findings.first { $0["status"] == "grouped" })
        let id = try #require(grouped["anomaly_id"]?.stringValue)
        let lineage = try json(AACommand.aa(["why", id, "--json"] + demo.paths))
        let top = try #require(lineage["listed_under"]?.stringValue)
        let alert = try #require(findings.first { $0["anomaly_id"]?.stringValue == top })
        #expect(alert["metric"] == grouped["metric"] && alert["direction"] == grouped["direction"])
        #expect(alert["dimension"] == "total" && alert["alerts"] == true)
        #expect(
            AACommand.aa(["why", id] + demo.paths).stdout.contains("listed under \(top) (\(alert["metric"]?.stringValue ?? "") [total=all]")
        )
        // An alert is listed under nothing.
        #expect(try json(AACommand.aa(["why", top, "--json"] + demo.paths))["listed_under"] == .null)
    }

    @Test func whyWalksTheWholeChainOfThePlatformOnlyDrop() throws {
        let id = try #require(
            try json(demo.demoResult)["incidents"]?.arrayValue?.first { $0["kind"] == "platform_only_drop" }?["found_by"]?.stringValue)
        let text = AACommand.aa(["why", id] + demo.paths)
        #expect(text.status == 0, "\(text.stderr)")
        for section in ["Run", "Query", "Baseline", "Rule", "Drill-down", "Analyst", "Message", "Event chain"] {
            #expect(text.stdout.contains("\n\(section)"), "missing section \(section)")
        }
        #expect(text.stdout.contains("@run_date DATE = 2026-05-23"))
        #expect(text.stdout.contains("platform AS dimension_value"))
        #expect(text.stdout.contains("the top line alone was not flagged"))
        let lineage = try JSONValue.parse(AACommand.aa(["why", id, "--json"] + demo.paths).stdout)
        #expect(lineage["finding"]?["slice"] == "android")
        #expect(lineage["finding"]?["metric"] == "requests")
        #expect(lineage["run"]?["template_hash"]?.stringValue?.count == 64)
        #expect(lineage["query"]?["parameters"]?.arrayValue?.count == 2)
        #expect((lineage["query"]?["slice_rows"]?.arrayValue?.count ?? 0) > 28)
        #expect(lineage["finding"]?["baseline_window"]?["days"]?.arrayValue?.count == 6)
        #expect(lineage["message"]?["type"] == "message.skipped")
        let chain = try #require(lineage["chain"]?.arrayValue)
        #expect(chain.first?["type"] == "run.started")
        #expect(chain.last?["type"] == "run.completed")
        // Of the run's flagged events, the one asked about is marked, in the lineage and on the terminal.
        let marked = chain.filter { $0["this_finding"] == true }
        #expect(marked.count == 1 && marked.first?["type"] == "anomaly.flagged")
        #expect(chain.filter { $0["type"] == "anomaly.flagged" }.count > 1)
        let markedLines = text.stdout.split(separator: "\n").filter { $0.hasSuffix("← this finding") }
        #expect(markedLines.count == 1 && markedLines.first?.contains(marked.first?["event_id"]?.stringValue ?? "?") == true)
    }

    @Test func whyFindsAFindingByMonitorDateMetricAndSlice() throws {
        let result = AACommand.aa(
            ["why", "--monitor", "revenue_funnel_demo", "--date", "2026-05-23", "--metric", "requests", "--slice", "android", "--json"]
                + demo.paths)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try JSONValue.parse(result.stdout)["finding"]?["dimension"] == "platform")
    }

    @Test func alertsReportAndNarrativesReadTheProjections() throws {
        let alerts = try JSONValue.parse(AACommand.aa(["alerts", "--since", "2026-01-01", "--json"] + demo.paths).stdout)
        let rows = try #require(alerts.items)
        #expect(rows.contains { $0["run_date"] == "2026-05-09" && $0["metric"] == "visitors" && $0["slice"] == "all" })
        #expect(rows.allSatisfy { $0["status"] == "new" || $0["status"] == "escalated" || $0["status"] == "no_data" })
        let report = AACommand.aa(["report", "--monitor", "revenue_funnel_demo", "--date", "2026-05-23"] + demo.paths)
        #expect(report.status == 0)
        #expect(report.stdout.hasPrefix("# revenue_funnel_demo — 2026-05-23"))
        #expect(report.stdout.contains("| requests | platform=android |"))
        let narratives = try JSONValue.parse(
            AACommand.aa(
                ["narratives", "--monitor", "revenue_funnel_demo", "--from", "2026-06-01", "--to", "2026-06-30", "--json"] + demo.paths
            ).stdout)
        #expect(narratives.items?.count == 30)
        #expect(
            narratives.items?.allSatisfy {
                $0["model"] == "builtin" && ($0["summary"]?.stringValue?.contains("No AI model was used") ?? false)
            } == true)
    }

    @Test func historyFiltersByMonitorDateAndType() throws {
        let all = try JSONValue.parse(
            AACommand.aa(
                ["history", "--monitor", "revenue_funnel_demo", "--since", "2026-06-25", "--type", "run.started,run.completed", "--json"]
                    + demo.paths
            ).stdout)
        let events = try #require(all.items)
        #expect(events.count == 14) // 6 days × start and completion, and the last day's run before its load finished
        #expect(events.allSatisfy { ($0["run_date"]?.stringValue ?? "") >= "2026-06-25" })
        #expect(events.first?["payload"] == nil)
    }

    @Test func verifyPassesAndFailsAfterOneByteIsChangedWithTheSQLiteShell() throws {
        let sqlite3 = try #require(AACommand.sqlite3, "the sqlite3 shell is needed for this test")
        let copy = demo.copy()
        #expect(AACommand.aa(["verify", "--archive", copy.archive]).status == 0)
        let refused = AACommand.run(sqlite3, [copy.archive, "UPDATE events SET run_date = '2026-01-01' WHERE sequence = 40"])
        #expect(refused.stderr.contains("append-only"))
        let tamper = AACommand.run(
            sqlite3,
            [
                copy.archive,
                "DROP TRIGGER events_no_update; UPDATE events SET payload = replace(payload, '\"row_count\":', '\"row_count\": ') "
                    + "WHERE sequence = 40",
            ])
        #expect(tamper.status == 0, "\(tamper.stderr)")
        let verify = AACommand.aa(["verify", "--archive", copy.archive])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("#40"))
        #expect(verify.stderr.contains("changed after it was written"))
        // A writer refuses the tampered archive and leaves the evidence as it found it.
        let before = try Data(contentsOf: URL(fileURLWithPath: copy.archive))
        let run = AACommand.aa([
            "run", "--date", DemoFixture.end, "--monitors", "revenue_funnel_demo", "--quiet", "--archive", copy.archive, "--warehouse",
            copy.warehouse,
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("append-only guards were removed (events_no_update) — it may have been edited; run `aa verify`"))
        let label = AACommand.aa(["label", "an_000000000000", "--as", "expected", "--archive", copy.archive])
        #expect(label.status == 1 && label.stderr.contains("guards were removed"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy.archive)) == before)
        let report = try JSONValue.parse(AACommand.aa(["verify", "--json", "--archive", copy.archive]).stdout)
        #expect(report["guards_present"] == false)
    }

    @Test func everyEmittedEventValidatesAgainstTheSchemasWithPythonJsonschema() throws {
        let copy = demo.copy()
        // Add a failed run so run.failed is covered too: a warehouse without the funnel table.
        let broken = copy.folder + "/broken.sqlite"
        let sqlite3 = try #require(AACommand.sqlite3)
        _ = AACommand.run(sqlite3, [broken, "CREATE TABLE other(x)"])
        let failed = AACommand.aa([
            "run", "--date", "2026-06-30", "--monitors", "revenue_funnel_demo", "--quiet", "--archive", copy.archive, "--warehouse", broken,
        ])
        #expect(failed.status == 1)
        let export = copy.folder + "/events.ndjson"
        #expect(AACommand.aa(["export", "--output", export, "--archive", copy.archive]).status == 0)
        let result = AACommand.run(
            AACommand.python,
            AACommand.pythonPrefix + [
                AACommand.repository + "/Tests/schema/validate_archive.py", export, AACommand.repository + "/schemas",
                AACommand.repository + "/queries/monitors.json",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONValue.parse(result.stdout)
        #expect(summary["errors"] == 0)
        let types = Set(summary["by_type"]?.objectValue?.keys.map { $0 } ?? [])
        #expect(
            types.isSuperset(of: [
                "run.started", "data.pulled", "metrics.computed", "anomaly.flagged", "analysis.produced", "message.skipped",
                "run.completed", "run.failed",
            ]))
    }

    @Test func projectionsRebuildToIdenticalContent() throws {
        let copy = demo.copy()
        let result = try JSONValue.parse(AACommand.aa(["projections", "rebuild", "--json", "--archive", copy.archive]).stdout)
        #expect(result["identical"] == true)
        #expect(result["before"]?.stringValue?.count == 64)
    }

    @Test func aRerunSupersedesTheReportAndHistoryKeepsBoth() throws {
        let copy = demo.copy()
        let args = [
            "--monitors", "revenue_funnel_demo", "--date", "2026-05-23", "--quiet", "--json", "--archive", copy.archive, "--warehouse",
            copy.warehouse,
        ]
        let first = try JSONValue.parse(AACommand.aa(["run"] + args).stdout)
        let second = try JSONValue.parse(AACommand.aa(["run"] + args).stdout)
        let firstRun = try #require(first.items?.first?["run_id"]?.stringValue)
        let secondRun = try #require(second.items?.first?["run_id"]?.stringValue)
        #expect(firstRun != secondRun)
        let findingsA = first.items?.first?["findings"]?.arrayValue?.map { $0["stats"]?.canonicalString ?? "" }
        let findingsB = second.items?.first?["findings"]?.arrayValue?.map { $0["stats"]?.canonicalString ?? "" }
        #expect(findingsA == findingsB) // same rows, same config: identical statistics
        let report = try JSONValue.parse(
            AACommand.aa([
                "report", "--monitor", "revenue_funnel_demo", "--date", "2026-05-23", "--format", "json", "--archive", copy.archive,
            ]).stdout)
        #expect(report["run_id"]?.stringValue == secondRun)
        let starts = try JSONValue.parse(
            AACommand.aa([
                "history", "--type", "run.started", "--since", "2026-05-23", "--until", "2026-05-23", "--json", "--archive", copy.archive,
            ]).stdout)
        #expect(starts.items?.count == 3) // the demo's run and the two reruns
    }

    @Test func dryRunAppendsNothing() throws {
        let copy = demo.copy()
        let before = try Data(contentsOf: URL(fileURLWithPath: copy.archive))
        let result = AACommand.aa([
            "run", "--dry-run", "--date", "2026-05-23", "--monitors", "revenue_funnel_demo", "--json", "--archive", copy.archive,
            "--warehouse", copy.warehouse,
        ])
        #expect(result.status == 0)
        #expect(try JSONValue.parse(result.stdout).items?.first?["status"] == "dry-run")
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy.archive)) == before)
    }

    @Test func secretsNeverReachTheArchiveOrItsExport() throws {
        let copy = demo.copy()
        // Nothing listens on port 9: delivery fails at once, and the failed message is archived without its URL.
        let secret = "http://127.0.0.1:9/services/T000/B000/SUPERSECRETTOKEN"
        let run = AACommand.aa(
            ["run", "--date", "2026-05-23", "--monitors", "revenue_funnel_demo", "--archive", copy.archive, "--warehouse", copy.warehouse],
            environment: ["SLACK_WEBHOOK_URL": secret])
        #expect(run.status == 1)
        #expect(run.stderr.contains("could not be delivered"))
        #expect(!run.stdout.contains("SUPERSECRET") && !run.stderr.contains("SUPERSECRET"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy.archive))
        #expect(bytes.range(of: Data("SUPERSECRET".utf8)) == nil)
        let export = AACommand.aa(["export", "--archive", copy.archive])
        #expect(!export.stdout.contains("SUPERSECRET"))
        #expect(export.stdout.contains("slack:SLACK_WEBHOOK_URL"))
    }
}

/// The demo is relative to its end date; detection must hold wherever holidays and weekdays fall.
@Suite struct DemoAcrossDatesTests {
    @Test(arguments: ["2025-12-01", "2026-01-05", "2026-09-15"])
    func everyInjectedIncidentIsFound(end: String) throws {
        let folder = AACommand.temporaryFolder()
        let result = AACommand.aa([
            "demo", "--end", end, "--history", "55", "--quiet", "--json", "--archive", folder + "/a.sqlite", "--warehouse",
            folder + "/w.sqlite",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("missed"), "\(result.stderr)")
        let incidents = try #require(try JSONValue.parse(result.stdout)["incidents"]?.arrayValue)
        #expect(incidents.filter { $0["found_by"]?.stringValue != nil }.count == 5)
        let alerts = try #require(try JSONValue.parse(result.stdout)["alerts"]?.arrayValue)
        #expect(alerts.count <= 45, "too many alerts for 55 days: \(alerts.count)")
    }
}
