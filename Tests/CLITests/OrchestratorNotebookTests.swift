import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `databricks/orchestrator.py`, run as Run All would in plain Python with a stub `dbutils` (widgets, secrets,
/// notebook exit) and a stand-in binary that records how it was called: the right commands in the right order, the
/// secrets handed over in the environment, and never printed.
@Suite struct OrchestratorNotebookTests {
    static let webhook = "https://hooks.slack.com/services/T000/B000/notebook-secret"

    /// A bundle folder as `make push` leaves it: bin/aa (the stand-in), queries/, schemas/.
    func bundle() throws -> (folder: String, log: String) {
        let folder = AACommand.temporaryFolder()
        for part in ["queries", "schemas"] { _ = AACommand.run("/bin/cp", ["-R", AACommand.repository + "/" + part, folder + "/" + part]) }
        try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
        let python = ProcessInfo.processInfo.environment["AA_PYTHON"] ?? "/usr/bin/python3"
        let fake = try String(contentsOfFile: AACommand.repository + "/Tests/peers/fake_aa.py", encoding: .utf8)
        try ("#!\(python)\n" + fake).write(toFile: folder + "/bin/aa", atomically: true, encoding: .utf8)
        return (folder, folder + "/calls.jsonl")
    }

    /// Runs the notebook; its report and the calls the binary saw.
    func runAll(widgets: JSONValue, secrets: JSONValue = [:], fail: String? = nil) throws -> (report: JSONValue, calls: [JSONValue]) {
        let (folder, log) = try bundle()
        var all = widgets.objectValue ?? [:]
        all["bundle"] = .string(folder)
        let config: JSONValue = ["widgets": .object(all), "secrets": secrets]
        var env = ["FAKE_AA_LOG": log]
        if let fail { env["FAKE_AA_FAIL"] = fail }
        let result = AACommand.run(AACommand.python, AACommand.pythonPrefix + [AACommand.repository + "/Tests/peers/notebook_harness.py",
                                   AACommand.repository + "/databricks/orchestrator.py", config.canonicalString], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let calls = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
        return (try JSONValue.parse(result.stdout), calls)
    }

    @Test func runAllHydratesRunsAndUploadsWithTheWidgetValues() throws {
        let (report, calls) = try runAll(widgets: ["date": "2026-11-20", "run_ai_agent": "False", "monitors": "revenue_funnel, revenue_funnel_demo",
                                                   "slack_webhook_url": .string(Self.webhook)])
        #expect(report["error"] == .null)
        #expect(calls.map { $0["args"] } == [["sync", "--pull"], ["run", "--date", "2026-11-20", "--monitors", "revenue_funnel,revenue_funnel_demo", "--no-ai"], ["sync"]])
        #expect(calls.allSatisfy { $0["has_queries"] == true && $0["has_schemas"] == true })
        #expect(calls.allSatisfy { $0["webhook"]?.stringValue == Self.webhook })
        // The stand-in prints the webhook back; the notebook shows it as *** everywhere.
        #expect(!report.canonicalString.contains("notebook-secret"))
        #expect(report["printed"]?.stringValue?.contains("webhook in use: ***") == true)
        #expect(report["exit_value"]?.stringValue == "aa run --date 2026-11-20 --monitors revenue_funnel,revenue_funnel_demo --no-ai: done; webhook in use: ***\n")
        let widgets = try #require(report["widgets"])
        #expect(widgets["run_ai_agent"]?["choices"] == ["True", "False"])
        #expect(widgets["date"]?["default"] == "")
        #expect(widgets["monitors"]?["default"] == "revenue_funnel")
        #expect(widgets["slack_webhook_url"]?["kind"] == "text")
    }

    @Test func withEmptyWidgetsTheSecretScopeSuppliesTheWebhookAndCredentials() throws {
        let key = #"{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----notebook-key"}"#
        let (report, calls) = try runAll(widgets: [:], secrets: ["analytics_automation": [
            "slack_webhook_url": .string(Self.webhook), "openai_api_key": "sk-notebook-openai", "google_credentials_json": .string(key),
            "google_cloud_project": "p-notebook",
        ]])
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

    @Test func aFailedRunFailsTheNotebookAfterUploadingWhatWasArchived() throws {
        let (report, calls) = try runAll(widgets: ["slack_webhook_url": .string(Self.webhook)], fail: "run")
        #expect(calls.map { $0["args"]?.arrayValue?.first } == ["sync", "run", "sync"])
        let error = try #require(report["error"]?.stringValue)
        #expect(error.hasPrefix("RuntimeError: aa run --monitors revenue_funnel failed (exit 2): aa: error: run failed on purpose (webhook ***)"))
        #expect(report["exit_value"] == .null)
        #expect(!report.canonicalString.contains("notebook-secret"))
    }

    @Test func withoutTheArchiveNothingRunsAndABadDateIsRefusedFirst() throws {
        let (report, calls) = try runAll(widgets: [:], fail: "sync")
        #expect(calls.map { $0["args"] } == [["sync", "--pull"]])
        #expect(report["error"]?.stringValue?.hasPrefix("RuntimeError: aa sync --pull could not hydrate the archive from BigQuery, so nothing was run") == true)
        let (dated, none) = try runAll(widgets: ["date": "20/11/2026"])
        #expect(none.isEmpty)
        #expect(dated["error"] == "ValueError: the date widget must be YYYY-MM-DD or empty for yesterday, got '20/11/2026'")
    }
}
