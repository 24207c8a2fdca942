import CanonicalJSON
import MonitorEngine
import Slack

/// Where each page lives in the site, relative to its top. Paths are built only from names the archive
/// validates (monitor names, dates, run and anomaly ids), never from slice names or other data.
package enum SitePaths {
    package static let index = "index.html"
    package static let style = "style.css"

    /// A day's page: where Slack's "View report" button points (``ReportLink``).
    package static func day(_ monitor: String, _ date: String) -> String { ReportLink.dayPath(monitor: monitor, date: date) }
    package static func alert(_ anomalyId: String) -> String { "alerts/\(anomalyId).html" }
    package static func narratives(_ monitor: String) -> String { "narratives/\(monitor).html" }
    package static func rebuild(_ runId: String) -> String { "rebuilds/\(runId).html" }

    /// The prefix leading from `path` back to the top (`"../../"` for `days/m/d.html`).
    package static func root(of path: String) -> String {
        String(repeating: "../", count: path.split(separator: "/").count - 1)
    }
}
