import CanonicalJSON
import Foundation
import MonitorEngine
import Pipeline

/// `aa why --monitor …` for a cell without a finding, in words: what it was measured against and which rule kept it
/// quiet — or why its day was not judged.
enum CellVerdictText {
    static func render(_ verdict: CellVerdict, _ monitor: Monitor, metric: String) -> String {
        let head = "\(verdict.monitor) \(verdict.date)"
        guard let cell = verdict.cell else {
            return "\(head): not judged — \(verdict.unjudged ?? "no run judged it"); the next `aa run` looks at it again "
                + "(`aa history --type data.incomplete --since \(verdict.date)`)"
        }
        let stats = cell["stats"] ?? .null
        func number(_ key: String) -> Double? { stats[key]?.doubleValue }
        let rule = monitor.detection(for: metric)
        let levels = rule.severities.map { "\($0.level) at |z| ≥ \(String(format: "%g", $0.threshold))" }.joined(separator: ", ")
        let slice = "\(Format.json(cell["dimension"]))=\(Format.json(cell["slice"]))"
        var lines = [
            "\(head) · \(metric) [\(slice)]: "
                + (cell["flagged"] == true ? "flagged" : "not flagged") + " — \(Format.json(cell["reason"]))",
            "  value \(Format.number(number("value"))) against a baseline of \(Format.number(number("baseline"))) (same-weekday median "
                + "\(Format.number(number("seasonal_median"))) of \(Format.json(stats["baseline_points"])) point(s), trend "
                + "\(Format.number(number("trend_per_week"))) a week)",
            "  change \(Format.percent(number("delta_rel"))) · z \(Format.number(number("robust_z"))) (one standard error: "
                + "\(Format.number(number("scale"))), from \(Format.json(stats["change_points"])) week-over-week changes)",
            "  rule: \(levels); min_relative_change \(Format.percent(rule.minRelativeChange)), min_volume "
                + "\(Format.number(rule.minVolume)) (volume \(Format.number(number("volume"))))",
        ]
        if let runId = verdict.runId { lines.append("  run \(runId) · `aa report --monitor \(verdict.monitor) --date \(verdict.date)`") }
        return lines.joined(separator: "\n")
    }
}
