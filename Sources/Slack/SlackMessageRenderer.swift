import Analyst
import CanonicalJSON
import EventArchive
import MonitorEngine

/// Renders a run as a Slack Block Kit message within Slack's limits: what does not fit is counted, never cut silently.
package struct SlackMessageRenderer: Sendable {
    /// Slack's limits on blocks and text.
    static let maxBlocks = 50
    static let maxSectionText = 3000
    static let maxHeaderText = 150

    /// The published site, when messages link to it.
    let reportLink: ReportLink?

    package init(reportLink: ReportLink? = nil) { self.reportLink = reportLink }

    /// The webhook payload: `text` (notification fallback) and `blocks`.
    package func render(
        monitor: Monitor, runDate: Day, runId: String, findings: [AnalystFinding], analysis: AnalysisOutcome, update: DeliveryUpdate? = nil,
        restated: [Restatement] = [], note: String? = nil
    ) -> JSONValue {
        let alerting = findings.filter { $0.finding.alerts }
        let worst = alerting.first?.finding.severity
        let icon = alerting.isEmpty ? "✅" : (worst == monitor.detection.severities.last?.level ? "🔴" : "🟠")
        let title = BlockKitText.truncate("\(icon) \(monitor.name) · \(runDate)", Self.maxHeaderText)
        var blocks: [JSONValue] = [["type": "header", "text": ["type": "plain_text", "text": .string(title), "emoji": true]]]
        let mentions =
            monitor.alerting.mentions.isEmpty || alerting.isEmpty
            ? "" : monitor.alerting.mentions.map(BlockKitText.escape).joined(separator: " ") + " "
        let headline =
            alerting.isEmpty
            ? "No new anomalies."
            : "*\(alerting.count) new anomal\(alerting.count == 1 ? "y" : "ies")* in "
                + "\(BlockKitText.escape(monitor.description.isEmpty ? monitor.name : monitor.description))"
        blocks.append(section(mentions + headline))
        if let update { blocks.append(section(BlockKitText.escape(update.text))) }
        if let note { blocks.append(section("⏱ " + BlockKitText.escape(note))) }
        if let first = restated.first {
            let unit = FindingText.unit(column: first.column, monitor)
            let line =
                "\(first.day) \(first.column) [\(first.dimension)=\(first.slice)] \(NumberText.value(first.old, unit: unit)) → "
                + "\(NumberText.value(first.new, unit: unit)) (\(NumberText.percent(first.relativeChange)))"
            let more = restated.count > 1 ? " and \(restated.count - 1) more" : ""
            blocks.append(
                section(
                    "⚠️ *Restated since the last run:* \(BlockKitText.escape(line))\(more) — `aa restatements --monitor \(monitor.name)`"))
        }

        let shown = alerting.prefix(monitor.alerting.maxFindings)
        for item in shown {
            let f = item.finding
            let unit = FindingText.unit(f, monitor)
            var text = "\(f.direction == .down ? "▼" : "▲") *\(BlockKitText.escape(FindingText.subject(f)))* · \(f.severity)\n"
            text +=
                "\(NumberText.value(f.stats.value, unit: unit)) vs \(NumberText.value(f.stats.baseline, unit: unit)) baseline "
            text +=
                "(\(NumberText.percent(f.stats.deltaRelative)), \(f.method == .seasonalRobustZ ? "z" : "Δ") "
                + "\(NumberText.signed(f.statistic)))"
            if let why = FindingText.explanation(f) { text += "\n_\(BlockKitText.escape(why))_" }
            if let contributors = f.drillDown?.breakdowns.compactMap({ b in b.contributors.first.map { "\(b.dimension): \($0.slice)" } }),
                !contributors.isEmpty
            {
                text += "\nTop slices — " + BlockKitText.escape(contributors.joined(separator: ", "))
            }
            blocks.append(section(text))
        }
        let hidden = alerting.count - shown.count
        if hidden > 0 {
            blocks.append(
                section("…and \(hidden) more finding\(hidden == 1 ? "" : "s") — `aa report --monitor \(monitor.name) --date \(runDate)`"))
        }
        blocks.append(["type": "divider"])
        let summary = analysis.output["summary"]?.stringValue ?? ""
        let standIn = analysis.failure.map { " — AI analyst \($0.model) unavailable, built-in narrative" } ?? ""
        blocks.append(section("*Analyst* (\(BlockKitText.escape(analysis.model + standIn))): " + BlockKitText.escape(summary)))
        // The analyst may disagree with the detector; that is worth a line of its own.
        let doubts = (analysis.output["findings"]?.arrayValue ?? []).filter { $0["agrees_with_detection"] == false }
        if !doubts.isEmpty {
            blocks.append(
                section(
                    "*The analyst doubts*\n"
                        + doubts.prefix(3).map { "• " + BlockKitText.escape($0["statement"]?.stringValue ?? "") }.joined(separator: "\n")))
        }
        let hypotheses = analysis.output["hypotheses"]?.arrayValue ?? []
        if !hypotheses.isEmpty {
            let lines = hypotheses.prefix(3).map { h in
                "• " + BlockKitText.escape(h["text"]?.stringValue ?? "") + " _(" + (h["confidence"]?.stringValue ?? "?") + ")_"
            }
            blocks.append(section("*Hypotheses*\n" + lines.joined(separator: "\n")))
        }
        if let reportLink {
            blocks.append([
                "type": "actions",
                "elements": [
                    [
                        "type": "button", "action_id": "view_report", "text": ["type": "plain_text", "text": "View report"],
                        "url": .string(reportLink.dayPage(monitor: monitor.name, date: runDate)),
                    ]
                ],
            ])
        }
        let audit = alerting.first.map { "`aa why \($0.anomalyId)`" } ?? "`aa report --monitor \(monitor.name) --date \(runDate)`"
        blocks.append([
            "type": "context",
            "elements": [
                ["type": "mrkdwn", "text": .string(BlockKitText.truncate("run `\(runId)` · audit: \(audit)", Self.maxSectionText))]
            ],
        ])
        if blocks.count > Self.maxBlocks { blocks = Array(blocks.prefix(Self.maxBlocks - 1)) + [blocks[blocks.count - 1]] }
        let fallback =
            (update == nil ? "" : "Update: ")
            + (alerting.isEmpty
                ? "\(monitor.name) \(runDate): no new anomalies"
                : "\(monitor.name) \(runDate): \(alerting.count) new anomalies — "
                    + alerting.prefix(3).map { FindingText.subject($0.finding) }.joined(separator: "; "))
        return ["text": .string(BlockKitText.escape(fallback)), "blocks": .array(blocks)]
    }

    /// A one-line message about a run that judged nothing (its data looked incomplete, ⏳) or failed (❌): header and
    /// the sentence.
    package func renderNotice(monitor: Monitor, runDate: Day, runId: String, text: String, icon: String = "⏳") -> JSONValue {
        let title = BlockKitText.truncate("\(icon) \(monitor.name) · \(runDate)", Self.maxHeaderText)
        return [
            "text": .string(BlockKitText.escape("\(monitor.name) \(runDate): \(text)")),
            "blocks": [
                ["type": "header", "text": ["type": "plain_text", "text": .string(title), "emoji": true]],
                section(BlockKitText.escape(text.prefix(1).uppercased() + text.dropFirst())),
                ["type": "context", "elements": [["type": "mrkdwn", "text": .string("run `\(runId)`")]]],
            ],
        ]
    }

    private func section(_ text: String) -> JSONValue {
        ["type": "section", "text": ["type": "mrkdwn", "text": .string(BlockKitText.truncate(text, Self.maxSectionText))]]
    }
}
