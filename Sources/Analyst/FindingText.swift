import MonitorEngine

/// One-line descriptions of findings, shared by the narrative, the Slack message and reports.
package enum FindingText {
    package static func subject(_ f: Finding) -> String {
        Vocabulary.cell(f.metric, f.dimension, f.slice)
    }

    package static func unit(_ f: Finding, _ monitor: Monitor) -> String {
        monitor.metrics.first { $0.name == f.metric }?.unit ?? "count"
    }

    /// The unit of a base column: that of the count or sum metric reading it, a count otherwise.
    package static func unit(column: String, _ monitor: Monitor) -> String {
        monitor.metrics.first { $0.column == column && $0.kind != .ratio }?.unit ?? "count"
    }

    /// "requests [platform=ios] fell 42.1% to 812 against a trend-adjusted baseline of 1,402 (z -9.1, critical)".
    static func statement(_ f: Finding, _ monitor: Monitor) -> String {
        if f.status == .noData { return "the \(f.dimension) query returned no rows for the run date" }
        let unit = unit(f, monitor)
        let verb = f.direction == .down ? "fell" : "rose"
        let change = f.stats.deltaRelative.isFinite ? " \(NumberText.percent(abs(f.stats.deltaRelative)).dropFirst())" : ""
        var text =
            "\(subject(f)) \(verb)\(change) to \(NumberText.value(f.stats.value, unit: unit)) against a \(Vocabulary.baseline) of "
            + "\(NumberText.value(f.stats.baseline, unit: unit)) (\(Vocabulary.statistic(of: f.method)) "
            + "\(NumberText.signed(f.statistic)), \(f.severity))"
        switch f.status {
        case .persisting: text += "; persisting since \(f.since?.description ?? "yesterday"), not re-alerted"
        case .escalated: text += "; ongoing since \(f.since?.description ?? "yesterday") and now more severe"
        case .grouped: text += "; part of the top-line \(f.metric) change, not alerted on its own"
        case .expected: text += "; expected (\(f.expectedReason ?? "listed in expected_days")), not alerted"
        default: break
        }
        return text
    }

    /// "platform=ios explains 81% of the change" for top-line findings, or the top-line context for slice findings.
    package static func explanation(_ f: Finding) -> String? {
        if let top = f.drillDown?.topContributor, top.contributor.share.isFinite {
            let share = Int((top.contributor.share * 100).rounded())
            let weight = Int((top.contributor.weight * 100).rounded())
            var text =
                top.contributor.isConcentrated
                ? "\(Vocabulary.slice(top.dimension, top.contributor.slice)) explains \(share)% of the change while carrying \(weight)% of the volume"
                : "the change is spread across slices roughly in proportion to their size"
            if let b = f.drillDown?.breakdowns.first(where: { $0.dimension == top.dimension }), b.mixEffect.isFinite {
                let mixShare = abs(b.mixEffect) / max(1e-12, abs(b.mixEffect) + abs(b.rateEffect))
                text +=
                    mixShare > 0.5 ? " (mostly a mix shift between \(b.dimension)s)" : " (mostly a change in rate within \(b.dimension)s)"
            }
            return text
        }
        if let top = f.topLine, top.share.isFinite {
            let moved = top.topLineRelativeChange.isFinite ? NumberText.percent(top.topLineRelativeChange) : "n/a"
            return "drill-down: this slice accounts for \(Int((top.share * 100).rounded()))% of the top line's \(moved) move"
                + (top.topLineFlagged ? "" : ", which alone stayed within its normal range")
        }
        return nil
    }
}
