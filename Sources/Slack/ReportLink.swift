import Context
import Foundation
import MonitorEngine

/// Where the published report site is read (`AA_REPORT_BASE_URL`): with it set, each message carries a
/// "View report" button to its day's page. The page paths are defined here, and the site writes its pages there.
package struct ReportLink: Sendable, Equatable {
    /// The site's root, ending in `/`.
    package let base: String

    /// The link of `environment`, nil when `AA_REPORT_BASE_URL` is unset or empty.
    ///
    /// - Throws: ``PipelineError`` (config) when it is set but not an http(s) URL.
    package init?(environment: [String: String]) throws(PipelineError) {
        guard
            let url = try EnvironmentURL.http(
                environment, "AA_REPORT_BASE_URL", purpose: "where the published site is read",
                example: "https://storage.googleapis.com/BUCKET/PREFIX/, or unset it")
        else { return nil }
        let text = url.absoluteString
        base = text.hasSuffix("/") ? text : text + "/"
    }

    /// `days/<monitor>/<date>.html`: a day's page, relative to the site's root.
    package static func dayPath(monitor: String, date: String) -> String { "days/\(monitor)/\(date).html" }

    /// The address of a day's page.
    package func dayPage(monitor: String, date: Day) -> String { base + Self.dayPath(monitor: monitor, date: date.description) }
}
