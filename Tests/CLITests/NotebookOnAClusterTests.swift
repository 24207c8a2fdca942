import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// The notebook with the real `aa` binary on an "ephemeral cluster": each Run All starts from an empty scratch folder,
/// so only the BigQuery archive (bqemulator) remembers what earlier runs did — and that must be enough for the
/// second run not to post the same alert to Slack again.
@Suite struct NotebookOnAClusterTests {
    @Test func aSecondRunOnAFreshMachineHydratesAndDoesNotPostTheSameAlertTwice() throws {
        let bq = try BigQueryEmulator()
        let receiver = try SlackReceiver()
        let demo = DemoFixture.shared
        let setup = AACommand.aa(
            ["archive", "init", "--archive", AACommand.temporaryFolder() + "/setup.sqlite"], environment: bq.environment)
        #expect(setup.status == 0, "\(setup.stderr)")
        let environment = [
            "AA_BIGQUERY_ENDPOINT": bq.endpoint, "AA_BIGQUERY_ACCESS_TOKEN": "emulator-token", "AA_DEMO_WAREHOUSE": demo.warehouse,
        ]
        let widgets: JSONValue = ["date": "2026-05-23", "monitors": "revenue_funnel_demo", "run_ai_agent": "False"]
        let secrets: JSONValue = [
            "analytics_automation": ["slack_webhook_url": .string(receiver.webhook), "google_cloud_project": .string(bq.project)]
        ]

        let first = try NotebookHarness(binary: AACommand.binary).runAll(widgets: widgets, secrets: secrets, environment: environment)
        #expect(first["error"] == .null, "\(first["printed"]?.stringValue ?? "")")
        #expect(first["exit_value"]?.stringValue?.contains("revenue_funnel_demo 2026-05-23: completed") == true)
        #expect(try receiver.received().count == 1)
        let afterFirst = try bq.query("SELECT COUNT(DISTINCT event_id), COUNT(DISTINCT run_id) FROM `test-project.aa_archive.events_dedup`")
            .first
        #expect(afterFirst?[1] == "1")

        // A new machine: empty scratch folder, nothing local. The archive table is the only memory.
        let second = try NotebookHarness(binary: AACommand.binary).runAll(widgets: widgets, secrets: secrets, environment: environment)
        #expect(second["error"] == .null, "\(second["printed"]?.stringValue ?? "")")
        let printed = second["printed"]?.stringValue ?? ""
        #expect(printed.hasPrefix("$ aa sync --pull  (exit 0)\n"))
        #expect(printed.contains("imported \(afterFirst?[0].stringValue ?? "?") event(s) from test-project.aa_archive.events"))
        #expect(try receiver.received().count == 1)
        #expect(try bq.query("SELECT COUNT(DISTINCT run_id) FROM `test-project.aa_archive.events_dedup`").first == ["2"])
        #expect(!printed.contains(receiver.webhook) && !(second["exit_value"]?.stringValue ?? "").contains(receiver.webhook))
        let skipped = try bq.query("SELECT COUNT(*) FROM `test-project.aa_archive.events_dedup` WHERE type = 'message.skipped'").first
        #expect(skipped == ["1"])
    }
}
