import CanonicalJSON
import EventArchive
import MonitorEngine

/// The report of one monitor on one day: the run, the analyst's summary, every finding with its chart and
/// drill-down, the narrative, and the message as it was sent.
package enum DayPage {
    package static func render(_ r: DayReport, frame: PageFrame, previous: String?, next: String?) -> String {
        let path = SitePaths.day(r.run.monitor, r.run.runDate)
        let root = SitePaths.root(of: path)
        var body = "<p>\(HTML.escape(r.day.weekdayName)) · run <code>\(HTML.escape(r.run.runId))</code> ("
        body += "\(HTML.escape(r.started.trigger)), \(HTML.escape(r.run.status))) · logic "
        body += "<code>\(HTML.escape(r.run.logicVersion ?? "n/a"))</code></p>"
        var nav: [String] = []
        if let previous { nav.append(HTML.link(root + SitePaths.day(r.run.monitor, previous), "← " + previous)) }
        nav.append(HTML.link(root + SitePaths.narratives(r.run.monitor), "narratives"))
        if let next { nav.append(HTML.link(root + SitePaths.day(r.run.monitor, next), next + " →")) }
        body += "<p>" + nav.joined(separator: " · ") + "</p>"
        if let summary = r.analysis?.narrative.summary {
            body += "<section class=\"card\"><p>\(HTML.escape(summary))</p></section>"
        }
        for note in r.notes { body += "<p class=\"muted\">Note: \(HTML.escape(note))</p>" }
        if let incomplete = r.incomplete {
            body += "<p><strong>Judged although the data looked incomplete</strong> (\(HTML.escape(incomplete.sentence))).</p>"
        }
        if let restated = r.restated {
            body += "<h2>Restated since the previous run (\(restated.changes.count))</h2>"
            body += HTML.table(
                ["day", "slice", "column", "was", "now", "change"],
                restated.values.map { c in
                    [
                        HTML.escape(c.day), HTML.escape(c.sliceLabel), HTML.escape(c.column), HTML.value(c.old), HTML.value(c.new),
                        HTML.percent(c.relativeChange),
                    ]
                })
        }
        let alerting = r.findings.filter(\.alerts)
        let others = r.findings.filter { !$0.alerts }
        body += "<h2>Alerts (\(alerting.count))</h2>"
        if alerting.isEmpty { body += "<p>No new or escalated anomaly on this day.</p>" }
        for f in alerting { body += section(f, r, root: root) }
        if !others.isEmpty {
            body += "<h2>Other findings (\(others.count))</h2><p class=\"muted\">Persisting, grouped, expected or otherwise "
            body += "reported without alerting.</p>"
            for f in others { body += section(f, r, root: root) }
        }
        body += "<h2>Analyst</h2>" + AnalysisSection.render(r.analysis)
        body += "<h2>Message</h2>" + MessageSection.render(type: r.messageType, r.message)
        return frame.page(
            title: "\(r.run.monitor) · \(r.run.runDate)", root: root, breadcrumb: [(r.run.monitor, nil), (r.run.runDate, nil)],
            source: "run \(r.run.runId)", body: body)
    }

    static func section(_ f: AnomalyFlagged, _ r: DayReport, root: String) -> String {
        FindingSection.render(f, chart: r.charts[f.anomalyId], unit: r.unit(of: f.metric), alertHref: root + SitePaths.alert(f.anomalyId))
    }
}
