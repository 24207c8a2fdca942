import CanonicalJSON
import MonitorEngine

/// The deterministic narrative: what moved, by how much, which slices explain it — and plainly no AI.
package struct BuiltinAnalyst: Analyst {
    package static let promptVersion = "builtin-1"
    static let disclaimer = "No AI model was used: this narrative was written by aa's built-in rules from the computed findings."

    package init() {}

    package func analyze(_ request: AnalysisRequest) -> AnalysisOutcome {
        let monitor = request.monitor
        let alerting = request.findings.filter { $0.finding.alerts }
        let ongoing = request.findings.filter { $0.finding.status == .persisting }
        let expected = request.findings.filter { $0.finding.status == .expected }
        var summary = "\(monitor.name) on \(request.runDate) (\(request.runDate.weekdayName)): "
        if alerting.isEmpty {
            summary += ongoing.isEmpty ? "no new anomalies." : "no new anomalies; \(ongoing.count) earlier change(s) persist."
        } else {
            summary += "\(alerting.count) new anomal\(alerting.count == 1 ? "y" : "ies"). "
            summary +=
                alerting.prefix(3).map { item in
                    var s = FindingText.statement(item.finding, monitor)
                    if let why = FindingText.explanation(item.finding) { s += "; " + why }
                    return s
                }.joined(separator: ". ") + "."
            if ongoing.count > 0 { summary += " \(ongoing.count) earlier change(s) persist." }
        }
        if !expected.isEmpty { summary += " \(expected.count) finding(s) fall on an expected day and are not alerted." }
        summary += " " + Self.disclaimer

        let findings: [JSONValue] = request.findings.map { item in
            [
                "anomaly_id": .string(item.anomalyId), "metric": .string(item.finding.metric),
                "dimension": .string(item.finding.dimension), "slice": .string(item.finding.slice),
                "statement": .string(FindingText.statement(item.finding, monitor)),
                "agrees_with_detection": true,
            ]
        }
        let output: JSONValue = [
            "summary": .string(summary),
            "findings": .array(findings),
            "hypotheses": .array(Self.hypotheses(alerting.map(\.finding), monitor)),
            "recommended_checks": .array(Self.checks(alerting.map(\.finding)).map { .string($0) }),
            "caveats": .array(([Self.disclaimer] + request.notes).map { .string($0) }),
        ]
        return AnalysisOutcome(
            model: "builtin", promptVersion: Self.promptVersion, builtin: true, output: output,
            trace: ["turns": [], "tool_calls": [], "usage": ["prompt_tokens": 0, "completion_tokens": 0]])
    }

    static func hypotheses(_ findings: [Finding], _ monitor: Monitor) -> [JSONValue] {
        var result: [JSONValue] = []
        var seen = Set<String>()
        func add(_ text: String, _ confidence: String, _ evidence: String) {
            guard seen.insert(text).inserted else { return }
            result.append(["text": .string(text), "confidence": .string(confidence), "evidence": .string(evidence)])
        }
        for f in findings.prefix(3) {
            // A rate that moved through mix moved because traffic moved between slices, not because a slice's own
            // rate did: say so, and blame no slice.
            let split = f.drillDown?.breakdowns.first { $0.mixEffect.isFinite && $0.rateEffect.isFinite }
            if let b = split, abs(b.mixEffect) > 2 * abs(b.rateEffect) {
                add(
                    "\(f.metric) moved through a change in traffic mix across \(b.dimension): traffic shifted toward \(b.dimension)s "
                        + "where \(f.metric) is \(b.mixEffect < 0 ? "lower" : "higher"), while each one's own \(f.metric) held.",
                    "medium",
                    "Across \(b.dimension), the mix effect is \(NumberText.signed(b.mixEffect * 1000))‰ and the rate effect "
                        + "\(NumberText.signed(b.rateEffect * 1000))‰."
                )
            } else if let top = f.drillDown?.topContributor, top.contributor.isConcentrated {
                add(
                    "A problem specific to \(Vocabulary.slice(top.dimension, top.contributor.slice)) (a release, tracking or supply issue there).",
                    "medium",
                    "\(Vocabulary.slice(top.dimension, top.contributor.slice)) explains \(Int((top.contributor.share * 100).rounded()))% of the "
                        + "\(f.metric) change."
                )
            } else if let share = f.topLine?.share, share.isFinite, share >= 0.6, f.topLine?.topLineFlagged == false {
                add(
                    "A problem confined to \(Vocabulary.slice(f.dimension, f.slice)) that the top line hides.", "medium",
                    "The slice explains \(Int((share * 100).rounded()))% of the top line's move, which stayed within its normal range.")
            }
            if let b = f.drillDown?.breakdowns.first, b.mixEffect.isFinite, abs(b.rateEffect) > 2 * abs(b.mixEffect) {
                add(
                    "\(f.metric) changed within segments rather than through a change in traffic mix.", "medium",
                    "Across \(b.dimension), the rate effect is \(NumberText.signed(b.rateEffect * 1000))‰ and the mix effect "
                        + "\(NumberText.signed(b.mixEffect * 1000))‰."
                )
            }
            if f.status == .escalated {
                add(
                    "An ongoing change is getting worse.", "medium",
                    "Flagged since \(f.since?.description ?? "yesterday") at a lower severity.")
            }
        }
        let topLine = findings.filter { $0.dimension == monitor.dimensions.first?.name && $0.status != .noData }
        if topLine.count >= 3, Set(topLine.map(\.direction)).count == 1 {
            add(
                "A broad, funnel-wide movement (traffic or tracking) rather than one step failing.", "low",
                "\(topLine.count) top-line metrics moved \(topLine[0].direction.rawValue) together.")
        }
        if findings.contains(where: { $0.status == .noData }) {
            add(
                "The upstream data for the day has not landed (a late or failed pipeline).", "high",
                "A query returned no rows for the run date.")
        }
        if result.isEmpty, let f = findings.first {
            add("A genuine change in \(f.metric); no single slice dominates.", "low", "The drill-down spreads the change across slices.")
        }
        return result
    }

    static func checks(_ findings: [Finding]) -> [String] {
        var checks: [String] = []
        for f in findings.prefix(3) {
            if let top = f.drillDown?.topContributor, top.contributor.isConcentrated {
                checks.append(
                    "Look at releases, experiments and tracking changes affecting \(Vocabulary.slice(top.dimension, top.contributor.slice)) on the day."
                )
            } else if f.slice != "all" && f.slice != "*" {
                checks.append(
                    "Compare \(Vocabulary.cell(f.metric, f.dimension, f.slice)) with its own history: `aa why` on the finding lists the "
                        + "baseline days."
                )
            }
        }
        checks.append("Confirm the day's source tables are complete (row counts and load times) before acting.")
        var seen = Set<String>()
        return checks.filter { seen.insert($0).inserted }
    }
}
