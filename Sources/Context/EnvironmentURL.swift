import Foundation

/// An http(s) address read from an environment variable (an emulator's root, an API root, where a site is read),
/// refused in one sentence when it is set but is not one.
package enum EnvironmentURL {
    /// `environment[variable]` as an http(s) URL with a host, or nil when it is unset or empty.
    ///
    /// - Throws: ``PipelineError`` (config): "`variable` is not an http(s) URL; set it to `purpose`, such as `example`".
    package static func http(_ environment: [String: String], _ variable: String, purpose: String, example: String)
        throws(PipelineError) -> URL?
    {
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw PipelineError(.config, "\(variable) is not an http(s) URL; set it to \(purpose), such as \(example)")
        }
        return url
    }
}
