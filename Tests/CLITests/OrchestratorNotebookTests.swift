import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `databricks/orchestrator.py`, run as Run All would in plain Python with a stub `dbutils` (widgets, secrets,
/// notebook exit) and a stand-in binary that records how it was called: the right commands in the right order, the
/// secrets handed over in the environment, and never printed.
@Suite struct OrchestratorNotebookTests {
    static let webhook = "https://hooks.slack.com/services/T000/B000/notebook-secret"

    /// Runs the notebook over the stand-in binary; its report and the calls the binary saw.
    func runAll(widgets: JSONValue, secrets: JSONValue = [:], fail: String? = nil) throws -> (report: JSONValue, calls: [JSONValue]) {
        let harness = try NotebookHarness()
        let report = try harness.runAll(widgets: widgets, secrets: secrets, environment: fail.map { ["FAKE_AA_FAIL": $0] } ?? [:])
        return (report, harness.calls())
    }

    @Test func runAllHydratesRunsAndUploadsWithTheWidgetValues() throws {
        let (report, calls) = try runAll(widgets: [
            "date": "2026-11-20", "run_ai_agent": "False", "monitors": "revenue_funnel, revenue_funnel_demo",
            "slack_webhook_url": .string(Self.webhook),
        ])
        #expect(report["error"] == .null)
        #expect(
            calls.map { $0["args"] } == [
                ["sync", "--pull"], ["run", "--date", "2026-11-20", "--monitors", "revenue_funnel,revenue_funnel_demo", "--no-ai"],
                ["sync"],
            ])
        #expect(calls.allSatisfy { $0["has_queries"] == true && $0["has_schemas"] == true })
        #expect(calls.allSatisfy { $0["webhook"]?.stringValue == Self.webhook })
        // The stand-in prints the webhook back; the notebook shows it as *** everywhere.
        #expect(!report.canonicalString.contains("notebook-secret"))
        #expect(report["printed"]?.stringValue?.contains("webhook in use: ***") == true)
        #expect(
            report["exit_value"]?.stringValue
                == "aa run --date 2026-11-20 --monitors revenue_funnel,revenue_funnel_demo --no-ai: done; webhook in use: ***\n")
        let widgets = try #require(report["widgets"])
        #expect(widgets["run_ai_agent"]?["choices"] == ["True", "False"])
        #expect(widgets["date"]?["default"] == "")
        #expect(widgets["monitors"]?["default"] == "revenue_funnel")
        #expect(widgets["slack_webhook_url"]?["kind"] == "text")
    }

    @Test func withAReportSiteTheNotebookPublishesAfterTheRunAndMessagesLinkToIt() throws {
        let (report, calls) = try runAll(
            widgets: ["date": "2026-11-20", "report_site": "gs://acme-reports/aa"],
            secrets: ["analytics_automation": ["report_base_url": "https://storage.googleapis.com/acme-reports/aa/"]])
        #expect(report["error"] == .null)
        #expect(
            calls.map { $0["args"] } == [
                ["sync", "--pull"], ["run", "--date", "2026-11-20", "--monitors", "revenue_funnel"], ["sync"],
                ["site", "--publish", "gs://acme-reports/aa", "--quiet"],
            ])
        #expect(calls.dropFirst().first?["report_base_url"] == "https://storage.googleapis.com/acme-reports/aa/")
        let (failed, _) = try runAll(widgets: ["report_site": "gs://acme-reports/aa"], fail: "site")
        #expect(failed["error"]?.stringValue?.contains("the report site was not published") == true)
        let (none, plain) = try runAll(widgets: [:])
        #expect(none["error"] == .null)
        #expect(!plain.contains { $0["args"]?.arrayValue?.first == "site" })
    }

    /// The scheduled job's tasks: each monitor's iteration runs and uploads but does not publish; the last task
    /// publishes once and runs nothing.
    @Test func theScheduledJobsTasksRunEachMonitorThenPublishOnce() throws {
        let site = ["report_site": JSONValue.string("gs://acme-reports/aa")]
        let job = "https://dbc.example/jobs/7/runs/42"
        let (monitor, monitorCalls) = try runAll(
            widgets: .object(site.merging(["action": "monitor", "monitors": "revenue_funnel", "job_run_url": .string(job)]) { $1 }))
        #expect(monitor["error"] == .null)
        // It hydrates only what its monitor's run needs, not the whole archive.
        #expect(
            monitorCalls.map { $0["args"] } == [
                ["sync", "--pull", "--monitor", "revenue_funnel", "--window"], ["run", "--monitors", "revenue_funnel"], ["sync"],
            ])
        let (_, dated) = try runAll(widgets: ["action": "monitor", "monitors": "revenue_funnel", "date": "2026-11-20"])
        #expect(dated.first?["args"] == ["sync", "--pull", "--monitor", "revenue_funnel", "--window", "--date", "2026-11-20"])
        // The job run's page reaches aa, for a failed monitor's notice.
        #expect(monitorCalls.dropFirst().first?["job_run_url"] == .string(job))
        let (published, publishCalls) = try runAll(widgets: .object(site.merging(["action": "site"]) { $1 }))
        #expect(published["error"] == .null)
        #expect(publishCalls.map { $0["args"] } == [["sync", "--pull"], ["site", "--publish", "gs://acme-reports/aa", "--quiet"]])
        let (nothing, quiet) = try runAll(widgets: ["action": "site"])
        #expect(nothing["exit_value"]?.stringValue?.contains("no report site configured") == true)
        #expect(quiet.map { $0["args"] } == [["sync", "--pull"]])
        #expect(try runAll(widgets: ["action": "deploy"]).report["error"]?.stringValue?.contains("not a choice of widget action") == true)
    }

    @Test func withEmptyWidgetsTheSecretScopeSuppliesTheWebhookAndCredentials() throws {
        let key = #"{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----notebook-key"}"#
        let (report, calls) = try runAll(
            widgets: [:],
            secrets: [
                "analytics_automation": [
                    "slack_webhook_url": .string(Self.webhook), "openai_api_key": "sk-notebook-openai",
                    "google_credentials_json": .string(key),
                    "google_cloud_project": "p-notebook",
                ]
            ])
        #expect(report["error"] == .null)
        #expect(calls.map { $0["args"] } == [["sync", "--pull"], ["run", "--monitors", "revenue_funnel"], ["sync"]])
        let run = try #require(calls.dropFirst().first)
        #expect(run["webhook"]?.stringValue == Self.webhook)
        #expect(run["openai_key"] == "sk-notebook-openai")
        #expect(run["project"] == "p-notebook")
        #expect(run["credentials"]?.stringValue == key)
        #expect(run["credentials_mode"] == "0o600")
        for secret in ["notebook-secret", "sk-notebook-openai", "notebook-key"] { #expect(!report.canonicalString.contains(secret)) }
    }

    @Test func botModeComesFromTheSecretScopeAndItsTokenIsNeverShown() throws {
        let (report, calls) = try runAll(
            widgets: ["date": "2026-11-20"],
            secrets: [
                "analytics_automation": [
                    "slack_bot_token": "xoxb-notebook-bot", "slack_channel": "C0ALERTS", "slack_api_url": "http://127.0.0.1:9/api",
                ]
            ])
        #expect(report["error"] == .null)
        #expect(calls.count == 3)
        for call in calls {
            #expect(call["bot_token"] == "xoxb-notebook-bot" && call["channel"] == "C0ALERTS")
            #expect(call["slack_api_url"] == "http://127.0.0.1:9/api" && call["webhook"] == .null)
        }
        #expect(!report.canonicalString.contains("xoxb-notebook-bot"))
        #expect(report["printed"]?.stringValue?.contains("bot token in use: ***") == true)
    }

    @Test func aFailedRunFailsTheNotebookAfterUploadingWhatWasArchived() throws {
        let (report, calls) = try runAll(widgets: ["slack_webhook_url": .string(Self.webhook)], fail: "run")
        #expect(calls.map { $0["args"]?.arrayValue?.first } == ["sync", "run", "sync"])
        let error = try #require(report["error"]?.stringValue)
        #expect(
            error.hasPrefix(
                "RuntimeError: aa run --monitors revenue_funnel failed (exit 2): aa: error: run failed on purpose (webhook ***)"))
        #expect(report["exit_value"] == .null)
        #expect(!report.canonicalString.contains("notebook-secret"))
    }

    @Test func withoutTheArchiveNothingRunsAndABadDateIsRefusedFirst() throws {
        let (report, calls) = try runAll(widgets: [:], fail: "sync")
        #expect(calls.map { $0["args"] } == [["sync", "--pull"]])
        #expect(
            report["error"]?.stringValue?.hasPrefix(
                "RuntimeError: aa sync --pull could not hydrate the archive from BigQuery, so nothing was run") == true)
        let (dated, none) = try runAll(widgets: ["date": "20/11/2026"])
        #expect(none.isEmpty)
        #expect(dated["error"] == "ValueError: the date widget must be YYYY-MM-DD or empty for yesterday, got '20/11/2026'")
    }
}
