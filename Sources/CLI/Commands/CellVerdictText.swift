import CanonicalJSON
import EventArchive
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
        let stats = cell.stats
        let rule = monitor.detection(for: metric)
        let levels = rule.severities.map { "\($0.level) at |z| ≥ \(String(format: "%g", $0.threshold))" }.joined(separator: ", ")
        var lines = [
            "\(head) · \(metric) [\(cell.dimension)=\(cell.slice)]: \(cell.flagged ? "flagged" : "not flagged") — \(cell.reason)",
            "  value \(Format.number(stats.value)) against a baseline of \(Format.number(stats.baseline)) (same-weekday median "
                + "\(Format.number(stats.seasonalMedian)) of \(stats.baselinePoints) point(s), trend "
                + "\(Format.number(stats.trendPerWeek)) a week)",
            "  change \(Format.percent(stats.deltaRelative)) · z \(Format.number(stats.robustZ)) (one standard error: "
                + "\(Format.number(stats.scale)), from \(stats.changePoints) week-over-week changes)",
            "  rule: \(levels); min_relative_change \(Format.percent(rule.minRelativeChange)), min_volume "
                + "\(Format.number(rule.minVolume)) (volume \(Format.number(stats.volume)))",
        ]
        if let runId = verdict.runId { lines.append("  run \(runId) · `aa report --monitor \(verdict.monitor) --date \(verdict.date)`") }
        return lines.joined(separator: "\n")
    }
}
