import Context
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
        guard let text = environment["AA_REPORT_BASE_URL"], !text.isEmpty else { return nil }
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), text.count > 8, !text.contains(where: \.isWhitespace) else {
            throw PipelineError(
                .config,
                "AA_REPORT_BASE_URL is not an http(s) URL; set it to where the published site is read, such as "
                    + "https://storage.googleapis.com/BUCKET/PREFIX/, or unset it")
        }
        base = text.hasSuffix("/") ? text : text + "/"
    }

    /// `days/<monitor>/<date>.html`: a day's page, relative to the site's root.
    package static func dayPath(monitor: String, date: String) -> String { "days/\(monitor)/\(date).html" }

    /// The address of a day's page.
    package func dayPage(monitor: String, date: Day) -> String { base + Self.dayPath(monitor: monitor, date: date.description) }
}
