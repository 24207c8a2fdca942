import CanonicalJSON
import EventArchive
import MonitorEngine

/// The site's front page: every monitor with its latest run, a calendar strip of recent days coloured by the
/// day's worst alert, the open findings of the latest report, recent alerts and rebuilds.
package enum IndexPage {
    /// One day of a monitor's calendar strip.
    package struct CalendarDay: Sendable {
        package let date: String
        /// The worst severity among the day's alerts; nil when the current report has none.
        package let worst: String?
        package let alerts: Int
        package let hasReport: Bool
        package let failed: Bool
        /// A run found the day's data incomplete and judged nothing (and no report exists yet).
        package var incomplete = false
    }

    /// What the index shows of one monitor.
    package struct Monitor: Sendable {
        package let name: String
        package let description: String
        package let latest: ArchivedRun?
        package let calendar: [CalendarDay]
        /// New, persisting or escalated findings of the latest current report.
        package let open: [CurrentAlert]
        /// Alerts of the current reports in the site's range, newest first.
        package let alerts: [CurrentAlert]
        package let rebuilds: [ArchivedRun]
    }

    /// `head` names the archive's last event, which the index reflects.
    package static func render(_ monitors: [Monitor], since: String, head: String, frame: PageFrame) -> String {
        var body = "<p>Reports from \(HTML.escape(since)), built from the event archive.</p>"
        if monitors.isEmpty { body += "<p>The archive holds no run in this range; run <code>aa run</code> or <code>aa demo</code>.</p>" }
        for m in monitors {
            body += "<section class=\"card\"><h2>\(HTML.escape(m.name))</h2><p class=\"muted\">\(HTML.escape(m.description))</p>"
            if let latest = m.latest {
                body += "<p>Latest: " + HTML.link(SitePaths.day(m.name, latest.runDate), latest.runDate)
                body += " · \(HTML.escape(latest.status)) · \(latest.alerts ?? 0) alert(s) · "
                body += HTML.link(SitePaths.narratives(m.name), "narratives") + "</p>"
            }
            body += calendar(m)
            body += list("Open findings on the latest day", m.open, empty: "Nothing open.")
            body += list("Alerts", m.alerts, empty: "No alert in this range.")
            if !m.rebuilds.isEmpty {
                body += "<h3>Rebuilds</h3><ul>"
                for r in m.rebuilds.reversed() {
                    body += "<li>" + HTML.link(SitePaths.rebuild(r.runId), "\(r.runDate) under \(r.logicVersion ?? "n/a")") + "</li>"
                }
                body += "</ul>"
            }
            body += "</section>"
        }
        return frame.page(title: "Analytics Automation reports", root: "", breadcrumb: [], source: head, body: body)
    }

    static func calendar(_ m: Monitor) -> String {
        var out = "<h3>Last \(m.calendar.count) days</h3><ol class=\"calendar\" aria-label=\"days of \(HTML.escape(m.name))\">"
        for d in m.calendar {
            let cls = d.failed ? "sev-failed" : (d.hasReport ? SeverityRank.cssClass(d.worst) : "sev-none")
            let label =
                d.failed
                ? "\(d.date): the run failed"
                : d.hasReport
                    ? "\(d.date): \(d.alerts) alert(s)\(d.worst.map { ", worst \($0)" } ?? "")"
                    : "\(d.date): no report"
            let dayNumber = String(d.date.suffix(2))
            out += "<li>"
            out +=
                d.hasReport
                ? "<a class=\"\(cls)\" data-date=\"\(d.date)\" data-worst=\"\(HTML.escape(d.worst ?? "none"))\" "
                    + "href=\"\(SitePaths.day(m.name, d.date))\" title=\"\(HTML.escape(label))\" aria-label=\"\(HTML.escape(label))\">"
                    + "\(dayNumber)</a>"
                : "<span class=\"\(cls)\" data-date=\"\(d.date)\" title=\"\(HTML.escape(label))\">\(dayNumber)</span>"
            out += "</li>"
        }
        out += "</ol><p class=\"legend-row\"><span class=\"sev-critical\"></span>critical<span class=\"sev-warning\"></span>warning"
        out += "<span class=\"sev-ok\"></span>no alert<span class=\"sev-none\"></span>no report"
        out += "<span class=\"sev-incomplete\"></span>data incomplete</p>"
        return out
    }

    static func list(_ title: String, _ alerts: [CurrentAlert], empty: String) -> String {
        var out = "<h3>\(HTML.escape(title))</h3>"
        guard !alerts.isEmpty else { return out + "<p class=\"muted\">\(HTML.escape(empty))</p>" }
        out += HTML.table(
            ["day", "severity", "status", "metric", "slice", "change"],
            alerts.map { a in
                [
                    HTML.link(SitePaths.day(a.monitor, a.runDate), a.runDate), HTML.badge(a.severity), HTML.escape(a.status ?? ""),
                    HTML.link(SitePaths.alert(a.anomalyId), a.metric), HTML.escape("\(a.dimension)=\(a.slice)"), HTML.percent(a.deltaRel),
                ]
            })
        return out
    }
}
