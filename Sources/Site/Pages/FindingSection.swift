import CanonicalJSON
import EventArchive
import MonitorEngine

/// One finding as a card: what moved and how far, the chart of its slice against the band, and the drill-down as
/// bars (each slice's share of the change beside its share of volume; for a ratio, the mix and rate effects).
package enum FindingSection {
    /// The card; `alertHref` links to the finding's alert page when given.
    package static func render(_ f: AnomalyFlagged, chart: SeriesChart?, unit: String, alertHref: String?) -> String {
        var out = "<section class=\"card finding\" id=\"\(HTML.escape(f.anomalyId))\">"
        out += "<h3>\(HTML.badge(f.severity)) \(HTML.escape(f.metric)) · \(HTML.escape(f.dimension))=\(HTML.escape(f.slice))</h3>"
        out += "<p>\(HTML.escape(f.direction == "up" ? "Up" : "Down")): \(HTML.value(f.stats.value, unit: unit)) against a "
        out += "trend-adjusted baseline of \(HTML.value(f.stats.baseline, unit: unit)) (\(HTML.percent(f.stats.deltaRelative)); "
        out += "\(HTML.escape(Vocabulary.statistic(f.statisticName))) \(HTML.value(f.statistic)), threshold \(HTML.value(f.threshold))). "
        out += "Status <strong>\(HTML.escape(f.status))</strong>"
        if let since = f.since { out += " since \(HTML.escape(since))" }
        if let reason = f.expectedReason { out += "; expected: \(HTML.escape(reason))" }
        out += ".</p>"
        if let chart {
            out += chart.svg
            out += "<p class=\"key\">Line: the value. Dashed: the baseline (same-weekday median moved by the trend). "
            out += "Green band: what the rule lets pass on the judged day. Rings: the baseline days. Grey: days excluded "
            out += "from baselines. Amber: the persisting stretch.</p>"
            out += chart.table
        }
        out += drillDown(f)
        if let alertHref { out += "<p>" + HTML.link(alertHref, "Why did this fire? The full chain →") + "</p>" }
        return out + "</section>"
    }

    /// The drill-down's breakdowns as bar charts, if the finding has one.
    static func drillDown(_ f: AnomalyFlagged) -> String {
        var out = ""
        if let top = f.topLineShare, top.share.isFinite {
            out += "<p>This slice carries \(HTML.percent(top.share)) of the top line's change "
            out += "(\(HTML.percent(top.topLineRelativeChange)))"
            out += top.topLineFlagged ? "; the top line was flagged too.</p>" : ".</p>"
        }
        for (k, b) in (f.drill?.breakdowns ?? []).enumerated() where !b.contributors.isEmpty {
            let chart = BarChart(
                id: "d-\(f.anomalyId)-\(k)", title: "Contributions by \(b.dimension)",
                series: ["share of the change", "share of volume"],
                rows: b.contributors.map { BarChart.Row(label: $0.slice, values: [$0.share, $0.weight]) })
            out += "<h4>By \(HTML.escape(b.dimension))</h4>" + chart.svg + chart.table
            if b.omitted > 0 { out += "<p class=\"muted\">…and \(b.omitted) smaller slices.</p>" }
            if b.mixEffect.isFinite && b.rateEffect.isFinite {
                let split = BarChart(
                    id: "m-\(f.anomalyId)-\(k)", title: "Mix and rate effects by \(b.dimension)", series: ["mix effect", "rate effect"],
                    rows: [BarChart.Row(label: b.dimension, values: [b.mixEffect, b.rateEffect])], percent: false)
                out +=
                    "<p>Of the ratio's change, the mix of \(HTML.escape(b.dimension)) explains \(HTML.value(b.mixEffect, unit: "ratio")) "
                out += "and the rates within slices \(HTML.value(b.rateEffect, unit: "ratio")).</p>" + split.svg
            }
        }
        return out
    }
}
