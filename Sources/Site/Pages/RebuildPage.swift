import CanonicalJSON
import EventArchive
import MonitorEngine
import Pipeline

/// What one `rebuild` run changed: the alerts that appear, vanish or change under its logic version, compared
/// with the report it replaced.
package enum RebuildPage {
    package static func render(
        rebuild: ArchivedRun, replaced: ArchivedRun?, changes: [AlertChange], alertPages: Set<String>, frame: PageFrame
    ) -> String {
        let path = SitePaths.rebuild(rebuild.runId)
        let root = SitePaths.root(of: path)
        var body = "<p>Run <code>\(HTML.escape(rebuild.runId))</code> replayed \(HTML.escape(rebuild.runDate)) under logic "
        body += "<code>\(HTML.escape(rebuild.logicVersion ?? "n/a"))</code>"
        if let replaced {
            body += ", replacing run <code>\(HTML.escape(replaced.runId))</code> (logic <code>"
            body += "\(HTML.escape(replaced.logicVersion ?? "n/a"))</code>, \(replaced.alerts ?? 0) alert(s))"
        }
        body += ": \(rebuild.alerts ?? 0) alert(s) now. "
        body += HTML.link(root + SitePaths.day(rebuild.monitor, rebuild.runDate), "The day's report →") + "</p>"
        if changes.isEmpty {
            body += "<p>No alert appeared, vanished or changed.</p>"
        } else {
            body += HTML.table(
                ["change", "metric", "slice", "before", "after"],
                changes.map { c in
                    [
                        "<strong>\(c.kind.rawValue)</strong>", HTML.escape(c.metric), HTML.escape("\(c.dimension)=\(c.slice)"),
                        side(c.oldSeverity, c.oldStatistic, c.oldAnomalyId, alertPages, root: root),
                        side(c.newSeverity, c.newStatistic, c.newAnomalyId, alertPages, root: root),
                    ]
                })
        }
        return frame.page(
            title: "Rebuild of \(rebuild.monitor) · \(rebuild.runDate)", root: root,
            breadcrumb: [(rebuild.monitor, nil), (rebuild.runDate, SitePaths.day(rebuild.monitor, rebuild.runDate)), ("rebuild", nil)],
            source: "run \(rebuild.runId)", body: body)
    }

    /// One side of a change; its anomaly id links to the alert's page when the site has one.
    static func side(_ severity: String?, _ statistic: Double?, _ anomalyId: String?, _ pages: Set<String>, root: String) -> String {
        guard let severity else { return "<span class=\"muted\">none</span>" }
        var out = HTML.badge(severity) + " " + HTML.value(statistic)
        if let anomalyId {
            out += " " + (pages.contains(anomalyId) ? HTML.link(root + SitePaths.alert(anomalyId), anomalyId) : HTML.escape(anomalyId))
        }
        return out
    }
}
