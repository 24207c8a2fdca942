import CanonicalJSON
import EventArchive
import Foundation
import TestSupport
import Testing

@testable import Analyst
@testable import HTTPClient
@testable import MonitorEngine
@testable import Pipeline
@testable import Slack

/// The Block Kit message for extreme runs, judged by slack_sdk through the receiver peer.
@Suite struct SlackMessageTests {
    let monitor: Monitor = {
        Monitor(
            name: "m", description: "Funnel <b> & co", source: .sqlite, template: "m.sql", lookbackDays: 28,
            dimensions: [.init(name: "total", expression: "'all'"), .init(name: "platform", expression: "platform")],
            columns: ["orders"], metrics: [MetricDefinition(name: "orders", kind: .count, column: "orders")], detection: DetectionConfig(),
            metricDetection: [:], expectedDays: [], alerting: .init(mentions: ["@oncall"], maxFindings: 8), templateVariables: [:],
            config: [:])
    }()

    func finding(_ slice: String, z: Double) -> AnalystFinding {
        var stats = CellStatistics()
        stats.value = 50
        stats.baseline = 100
        stats.deltaAbsolute = -50
        stats.deltaRelative = -0.5
        let f = Finding(
            metric: "orders", dimension: "platform", slice: slice, direction: .down, severity: "critical", status: .new, since: nil,
            method: .seasonalRobustZ, rule: DetectionConfig(), threshold: 8, statistic: z, stats: stats, baselineWindow: [],
            trailingFrom: Day("2026-01-01")!, trailingTo: Day("2026-01-28")!, expectedReason: nil, drillDown: nil, topLine: nil)
        return AnalystFinding(anomalyId: "an_\(String(format: "%012d", Int(z * 1000)))", finding: f)
    }

    func analysis(summary: String) -> AnalysisOutcome {
        AnalysisOutcome(
            model: "builtin", promptVersion: "builtin-1", builtin: true,
            output: [
                "summary": .string(summary), "findings": [],
                "hypotheses": [["text": "<!here> look", "confidence": "low", "evidence": "x"]],
                "recommended_checks": [], "caveats": [],
            ],
            trace: [:])
    }

    /// Posts `payload` to the receiver and returns slack_sdk's verdict.
    func judge(_ payload: JSONValue) throws -> [JSONValue] {
        let receiver = try SlackReceiver()
        let reply = HTTPPoster().post(url: URL(string: receiver.webhook)!, json: Data(payload.canonicalString.utf8))
        #expect(reply.status == 200)
        return try receiver.received().first?["errors"]?.arrayValue ?? [["missing": true]]
    }

    @Test func hundredsOfFindingsAndALongNarrativeStayValidAndSaySoWhatIsLeftOut() throws {
        let findings = (0..<300).map { finding("slice_\($0)_" + String(repeating: "x", count: $0 % 40), z: -9 - Double($0) / 100) }
        let narrative = (0..<900).map { "word\($0)" }.joined(separator: " ")
        let payload = SlackMessageRenderer().render(
            monitor: monitor, runDate: Day("2026-01-29")!, runId: "run_x", findings: findings,
            analysis: analysis(summary: narrative))
        #expect(try judge(payload) == [])
        let blocks = try #require(payload["blocks"]?.arrayValue)
        #expect(blocks.count <= 50)
        let texts = blocks.compactMap { $0["text"]?["text"]?.stringValue }
        #expect(texts.contains { $0.hasPrefix("…and 292 more findings") })
        let analyst = try #require(texts.first { $0.hasPrefix("*Analyst*") })
        #expect(analyst.count <= 3000)
        #expect(analyst.hasSuffix("…"))
        // Cut at a word.
        #expect(analyst.dropLast().split(separator: " ").last.map { $0.hasPrefix("word") && Int($0.dropFirst(4)) != nil } == true)
    }

    @Test func dataCannotPingOrInjectLinks() throws {
        let payload = SlackMessageRenderer().render(
            monitor: monitor, runDate: Day("2026-01-29")!, runId: "run_x",
            findings: [finding("<!channel> & <http://evil.example|click>", z: -12)], analysis: analysis(summary: "<@U123> said <!everyone>")
        )
        #expect(try judge(payload) == [])
        let raw = payload.canonicalString
        for bad in ["<!channel>", "<http://evil", "<@U123>", "<!everyone>", "<!here>", "<b>"] {
            #expect(!raw.contains(bad), "\(bad) leaked")
        }
        #expect(raw.contains("&lt;!channel&gt; &amp; &lt;http://evil.example|click&gt;"))
        #expect(raw.contains("@oncall")) // the registry's own mention is kept
    }

    @Test func anAIAnalysisThatDoubtsAFindingSaysSoAndAStandInSaysWhy() throws {
        let doubting = AnalysisOutcome(
            model: "gpt-4o", promptVersion: "analyst-1", builtin: false,
            output: [
                "summary": "Android fell.",
                "findings": [
                    [
                        "anomaly_id": "an_1", "metric": "orders", "dimension": "platform", "slice": "ios",
                        "statement": "A holiday in <b>Japan</b>, not a fault.", "agrees_with_detection": false,
                    ],
                    [
                        "anomaly_id": "an_2", "metric": "orders", "dimension": "platform", "slice": "android", "statement": "Real.",
                        "agrees_with_detection": true,
                    ],
                ], "hypotheses": [], "recommended_checks": [], "caveats": [],
            ], trace: [:])
        let payload = SlackMessageRenderer().render(
            monitor: monitor, runDate: Day("2026-01-29")!, runId: "run_x", findings: [finding("ios", z: -12)], analysis: doubting)
        #expect(try judge(payload) == [])
        let texts = (payload["blocks"]?.arrayValue ?? []).compactMap { $0["text"]?["text"]?.stringValue }
        #expect(texts.contains("*The analyst doubts*\n• A holiday in &lt;b&gt;Japan&lt;/b&gt;, not a fault."))

        let standIn = analysis(summary: "s").standingIn(
            for: AnalysisFailed(model: "gpt-4o", promptVersion: "analyst-1", reason: "timeout", inputDigest: "", trace: [:]))
        let fallback = SlackMessageRenderer().render(
            monitor: monitor, runDate: Day("2026-01-29")!, runId: "run_x", findings: [finding("ios", z: -12)], analysis: standIn)
        let analyst = (fallback["blocks"]?.arrayValue ?? []).compactMap { $0["text"]?["text"]?.stringValue }.first {
            $0.hasPrefix("*Analyst*")
        }
        #expect(analyst == "*Analyst* (builtin — AI analyst gpt-4o unavailable, built-in narrative): s")
    }
}
