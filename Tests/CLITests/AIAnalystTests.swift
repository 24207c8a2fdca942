import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// The AI analyst through the real binary against llmock, an OpenAI-compatible server we did not write.
@Suite struct AIAnalystTests {
    let demo = DemoFixture.shared
    static let key = "sk-test-PLANTED-SECRET-7f3a"
    static let day = "2026-05-23"

    func environment(_ mock: LLMock, _ extra: [String: String] = [:]) -> [String: String] {
        ["OPENAI_BASE_URL": mock.baseURL, "OPENAI_API_KEY": Self.key, "AA_AI_MODEL": "gpt-4o-mini"].merging(extra) { $1 }
    }

    /// The analysis events of the demo day's last `runs` runs (the demo's own run came first), oldest first.
    func analyses(_ archive: String, runs: Int = 1) throws -> [JSONValue] {
        let all =
            try JSONValue.parse(
                AACommand.aa([
                    "history", "--type", "analysis.produced,analysis.failed", "--since", Self.day, "--until", Self.day,
                    "--payload", "--json", "--archive", archive,
                ]).stdout
            ).items ?? []
        var order: [String] = []
        for e in all where !order.contains(e["run_id"]?.stringValue ?? "") { order.append(e["run_id"]?.stringValue ?? "") }
        let kept = Set(order.suffix(runs))
        return all.filter { kept.contains($0["run_id"]?.stringValue ?? "") }
    }

    /// An alerting anomaly id of the day's current report.
    func alertId(_ archive: String) throws -> String {
        let alerts =
            try JSONValue.parse(AACommand.aa(["alerts", "--since", Self.day, "--json", "--archive", archive]).stdout).items ?? []
        return try #require(alerts.first { $0["run_date"]?.stringValue == Self.day }?["anomaly_id"]?.stringValue)
    }

    @Test func aScriptedToolCallThenASchemaValidAnswerIsArchivedTurnByTurn() throws {
        let mock = try LLMock()
        try mock.scenario([
            [
                "type": "reply",
                "tool_calls": [["name": "metric_history", "arguments": ["metric": "requests", "slice": "platform=android", "days": 14]]],
            ]
        ])
        let copy = demo.copy()
        let run = runDemoDay(copy, environment: environment(mock))
        #expect(run.status == 0, "\(run.stderr)")

        let events = try analyses(copy.archive)
        #expect(events.map { $0["type"] } == ["analysis.produced"])
        let produced = try #require(events.last?["payload"])
        #expect(produced["builtin"] == false)
        #expect(produced["model"] == "gpt-4o-mini")
        #expect(produced["prompt_version"] == "analyst-1")
        let trace = produced["trace"] ?? .null
        #expect(trace["endpoint"]?.stringValue == "127.0.0.1:\(mock.port)")
        #expect(trace["turns"]?.arrayValue?.count == 2)
        let call = try #require(trace["tool_calls"]?.arrayValue?.first)
        #expect(call["name"] == "metric_history")
        #expect(call["ok"] == true)
        let points = call["result"]?["points"]?.arrayValue ?? []
        #expect(points.count == 14)
        #expect(points.last?["date"]?.stringValue == Self.day)
        let digest = AACommand.run("/usr/bin/sha256sum", [], input: (call["result"] ?? .null).canonicalString).stdout.prefix(64)
        #expect(call["result_digest"]?.stringValue == String(digest))
        #expect((trace["usage"]?["total_tokens"]?.intValue ?? 0) > 0)

        // What the client sent: tools, the strict schema, the findings as JSON, no key in any body.
        let requests = try mock.requests()
        #expect(requests.count == 2)
        let first = requests[0]["body"] ?? .null
        #expect(
            Set((first["tools"]?.arrayValue ?? []).compactMap { $0["function"]?["name"]?.stringValue })
                == ["metric_history", "slice_breakdown", "previous_analyses", "anomaly_detail"])
        #expect(first["tool_choice"] == "auto")
        #expect(first["response_format"]?["json_schema"]?["strict"] == true)
        var schema =
            try JSONValue.parse(String(contentsOfFile: AACommand.repository + "/schemas/analysis.schema.json", encoding: .utf8)).objectValue
            ?? [:]
        for meta in ["$schema", "$id", "title", "description"] { schema[meta] = nil }
        #expect(first["response_format"]?["json_schema"]?["schema"] == .object(schema))
        let briefing = try JSONValue.parse(first["messages"]?.arrayValue?[1]["content"]?.stringValue ?? "")
        #expect(briefing["run_date"]?.stringValue == Self.day)
        #expect((briefing["findings"]?.arrayValue ?? []).contains { $0["slice"] == "android" && $0["alerts"] == true })
        let second = requests[1]["body"]?["messages"]?.arrayValue ?? []
        #expect(second.last?["role"] == "tool")
        #expect(second.last?["tool_call_id"] == second[second.count - 2]["tool_calls"]?.arrayValue?.first?["id"])
        #expect(!requests.map(\.canonicalString).joined().contains(Self.key))
        #expect(try mock.verdict()["passed"] == true)

        // Every turn can be read back.
        let why = AACommand.aa(["why", try alertId(copy.archive), "--archive", copy.archive])
        #expect(why.stdout.contains("Analyst (gpt-4o-mini, analyst-1) at 127.0.0.1:\(mock.port) · 2 turn(s)"))
        #expect(why.stdout.contains("turn 1: metric_history("))
        #expect(why.stdout.contains("turn 2: answer (stop)"))
        let narratives = try JSONValue.parse(
            AACommand.aa([
                "narratives", "--monitor", "revenue_funnel_demo", "--from", Self.day, "--to", Self.day,
                "--json", "--archive", copy.archive,
            ]).stdout)
        #expect(narratives.items?.map { $0["model"] } == ["gpt-4o-mini"])

        // Python's jsonschema agrees the answer (and every event) is valid; the key is nowhere.
        let export = copy.folder + "/events.ndjson"
        #expect(AACommand.aa(["export", "--output", export, "--since", Self.day, "--archive", copy.archive]).status == 0)
        let validated = AACommand.run(
            AACommand.python,
            AACommand.pythonPrefix + [
                AACommand.repository + "/Tests/schema/validate_archive.py", export, AACommand.repository + "/schemas",
            ])
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(try !String(contentsOfFile: export, encoding: .utf8).contains(Self.key))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy.archive))
        #expect(bytes.range(of: Data(Self.key.utf8)) == nil)
        #expect(!run.stderr.contains(Self.key) && !why.stdout.contains(Self.key))
    }

    @Test func rateLimitedThenAnsweredWaitsAsRetryAfterAsks() throws {
        let mock = try LLMock()
        try mock.scenario([["type": "fail", "status": 429, "retry_after": 1]])
        let copy = demo.copy()
        #expect(runDemoDay(copy, environment: environment(mock)).status == 0)
        let produced = try #require(try analyses(copy.archive).last?["payload"])
        #expect(produced["builtin"] == false)
        let attempts = produced["trace"]?["turns"]?.arrayValue?.first?["attempts"]?.arrayValue ?? []
        #expect(attempts.map { $0["status"] } == [429, 200])
        let verdict = try mock.verdict()
        #expect(verdict["passed"] == true, "\(verdict.canonicalString)")
        #expect(!(verdict["findings"]?.arrayValue ?? []).contains { $0["code"] == "retry_after_ignored" })
    }

    @Test func aServerErrorIsRetriedWithBackoff() throws {
        let mock = try LLMock()
        try mock.scenario([["type": "fail", "status": 500]])
        let copy = demo.copy()
        #expect(runDemoDay(copy, environment: environment(mock)).status == 0)
        let produced = try #require(try analyses(copy.archive).last?["payload"])
        #expect(produced["builtin"] == false)
        #expect(produced["trace"]?["turns"]?.arrayValue?.first?["attempts"]?.arrayValue?.map { $0["status"] } == [500, 200])
        #expect(try mock.verdict()["passed"] == true)
    }

    @Test func aResponseSlowerThanTheTimeoutFallsBackToTheBuiltinNarrative() throws {
        let mock = try LLMock()
        try mock.scenario([["type": "delay", "seconds": 3, "times": 4]])
        let copy = demo.copy()
        let run = runDemoDay(copy, environment: environment(mock, ["AA_AI_TIMEOUT": "0.5"]))
        #expect(run.status == 0, "\(run.stderr)")
        let events = try analyses(copy.archive)
        #expect(events.map { $0["type"] } == ["analysis.failed", "analysis.produced"])
        let reason = events.first?["payload"]?["reason"]?.stringValue ?? ""
        #expect(reason.contains("no answer from 127.0.0.1 within 0.5 s after 4 attempts"), "\(reason)")
        let fallback = events.last?["payload"] ?? .null
        #expect(fallback["builtin"] == true)
        #expect(fallback["output"]?["caveats"]?.arrayValue?.first?.stringValue?.hasPrefix("The AI analyst (gpt-4o-mini) failed") == true)
        #expect(fallback["output"]?["summary"]?.stringValue?.contains("android") == true)
    }

    @Test func malformedToolArgumentsGetAnErrorResultTheModelRecoversFrom() throws {
        let mock = try LLMock()
        try mock.scenario([["type": "tool_fault", "kind": "malformed_arguments"]])
        let copy = demo.copy()
        #expect(runDemoDay(copy, environment: environment(mock)).status == 0)
        let produced = try #require(try analyses(copy.archive).last?["payload"])
        #expect(produced["builtin"] == false)
        let call = try #require(produced["trace"]?["tool_calls"]?.arrayValue?.first)
        #expect(call["ok"] == false)
        #expect(call["result"]?["error"]?.stringValue?.contains("not a JSON object") == true)
        let second = try mock.requests().last?["body"]?["messages"]?.arrayValue?.last
        #expect(second?["role"] == "tool")
        #expect(second?["content"]?.stringValue?.contains("\"error\"") == true)
    }

    @Test func withThePeerDownTheDeterministicAlertIsStillDelivered() throws {
        let receiver = try SlackReceiver()
        let copy = demo.copy()
        let port = try LLMock.freePort()
        let run = runDemoDay(
            copy,
            environment: [
                "OPENAI_BASE_URL": "http://127.0.0.1:\(port)/v1", "OPENAI_API_KEY": Self.key, "SLACK_WEBHOOK_URL": receiver.webhook,
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let events = try analyses(copy.archive)
        #expect(events.map { $0["type"] } == ["analysis.failed", "analysis.produced"])
        #expect(events.first?["payload"]?["reason"]?.stringValue?.contains("cannot connect to 127.0.0.1:\(port)") == true)
        #expect(events.last?["payload"]?["builtin"] == true)
        let posts = try receiver.received()
        #expect(posts.count == 1)
        #expect(posts.first?["errors"] == [])
        #expect(posts.first?["body"]?.stringValue?.contains("requests [platform=android]") == true)
    }

    @Test func theTokenBudgetStopsTheLoopWithAClearReason() throws {
        let mock = try LLMock()
        let registry = try RegistryCopy.make { $0.replacingOccurrences(of: "\"token_budget\": 30000", with: "\"token_budget\": 500") }
        let copy = demo.copy()
        #expect(runDemoDay(copy, environment: environment(mock), ["--registry", registry]).status == 0)
        let events = try analyses(copy.archive)
        #expect(events.map { $0["type"] } == ["analysis.failed", "analysis.produced"])
        let reason = events.first?["payload"]?["reason"]?.stringValue ?? ""
        #expect(reason.hasPrefix("token budget exceeded:") && reason.contains("allows 500"), "\(reason)")
        #expect(try mock.requests().count == 1)
    }

    @Test func reanalyzeAppendsANewAnalysisWithoutTheWarehouseOrSlack() throws {
        let mock = try LLMock()
        let receiver = try SlackReceiver()
        let copy = demo.copy()
        #expect(runDemoDay(copy, environment: ["SLACK_WEBHOOK_URL": receiver.webhook], ["--no-ai"]).status == 0)
        try FileManager.default.removeItem(atPath: copy.warehouse)
        let result = AACommand.aa(
            [
                "reanalyze", "--monitor", "revenue_funnel_demo", "--from", Self.day, "--to", Self.day, "--model", "gpt-4o",
                "--json", "--quiet", "--archive", copy.archive, "--warehouse", copy.warehouse,
            ], environment: environment(mock, ["SLACK_WEBHOOK_URL": receiver.webhook]))
        #expect(result.status == 0, "\(result.stderr)")
        let day = try #require(try JSONValue.parse(result.stdout).items?.first)
        #expect(day["model"] == "gpt-4o")
        #expect(try receiver.received().count == 1)

        let events = try analyses(copy.archive, runs: 2)
        #expect(events.map { $0["payload"]?["model"] } == ["builtin", "gpt-4o"])
        #expect(events.last?["payload"]?["analyzed_run_id"] == events.first?["run_id"])
        #expect(events.last?["payload"]?["input_digest"] == events.first?["payload"]?["input_digest"])
        #expect(events.last?["event_id"] == day["analysis_id"])

        let listed =
            try JSONValue.parse(
                AACommand.aa([
                    "narratives", "--monitor", "revenue_funnel_demo", "--from", Self.day, "--to", Self.day,
                    "--json", "--archive", copy.archive,
                ]).stdout
            ).items ?? []
        #expect(listed.map { $0["model"] } == ["builtin", "gpt-4o"])
        let diff = try JSONValue.parse(
            AACommand.aa([
                "narratives", "diff", "--monitor", "revenue_funnel_demo", Self.day, "--json",
                "--archive", copy.archive,
            ]).stdout)
        #expect(diff["a"]?["model"] == "builtin")
        #expect(diff["b"]?["model"] == "gpt-4o")
        #expect(diff["same_input"] == true)
        #expect((diff["findings"]?.arrayValue ?? []).contains { $0["change"] == "dropped" && $0["slice"] == "android" })
        let why = AACommand.aa(["why", try alertId(copy.archive), "--archive", copy.archive])
        #expect(why.stdout.contains("re-analysed by gpt-4o (analyst-1"))
        // The report keeps the run's own analysis.
        let report = try JSONValue.parse(
            AACommand.aa(["report", "--monitor", "revenue_funnel_demo", "--date", Self.day, "--json", "--archive", copy.archive]).stdout)
        #expect(report["analysis_model"] == "builtin")
    }
}
