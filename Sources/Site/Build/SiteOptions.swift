import CanonicalJSON
import MonitorEngine

/// What `aa site` covers: run dates from `since` to `end`, all monitors or one.
package struct SiteOptions: Sendable {
    package let since: String
    package let end: String
    package let monitor: String?

    package init(since: String, end: String, monitor: String?) {
        self.since = since
        self.end = end
        self.monitor = monitor
    }
}
