import Foundation

/// An http(s) address read from an environment variable or the registry (an emulator's root, an API root, a
/// webhook, where a site is read), parsed strictly and refused in one sentence when it is set but is not one.
///
/// Strict means what goes on the wire is what was written: no control characters (a `\r\n` would add headers to
/// the request), no spaces (they would split the request line), no user name or password (they would be sent in the
/// clear and logged), and a port in 1–65535.
package enum EnvironmentURL {
    /// `environment[variable]` as an http(s) URL with a host, or nil when it is unset or empty.
    ///
    /// - Throws: ``PipelineError`` (config): "`variable` is not a usable http(s) URL (why); set it to `purpose`, such as
    ///   `example`".
    package static func http(_ environment: [String: String], _ variable: String, purpose: String, example: String)
        throws(PipelineError) -> URL?
    {
        guard let text = environment[variable], !text.isEmpty else { return nil }
        switch parse(text) {
        case .success(let url): return url
        case .failure(let problem):
            throw PipelineError(
                .config, "\(variable) is not a usable http(s) URL (\(problem.reason)); set it to \(purpose), such as \(example)")
        }
    }

    /// Why a text is not a usable http(s) URL, in a few words.
    package struct Problem: Error, Equatable {
        /// "it has a control character", "its port 99999 is outside 1–65535", …
        package let reason: String
    }

    /// `text` as an http(s) URL with a host, or the first reason it is not one.
    package static func parse(_ text: String) -> Result<URL, Problem> {
        func refuse(_ reason: String) -> Result<URL, Problem> { .failure(Problem(reason: reason)) }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) {
            return refuse("it has a control character")
        }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { return refuse("it has a space") }
        if !text.unicodeScalars.allSatisfy(\.isASCII) { return refuse("it has a character outside ASCII; percent-encode it") }
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased() else {
            return refuse("it does not parse as a URL")
        }
        guard scheme == "http" || scheme == "https" else { return refuse("its scheme is not http or https") }
        guard let host = parts.host, !host.isEmpty else { return refuse("it names no host") }
        guard parts.user == nil, parts.password == nil else { return refuse("it carries a user name or password") }
        if let port = parts.port, !(1...65535).contains(port) { return refuse("its port \(port) is outside 1–65535") }
        if text.range(of: "^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*:[0-9]{6,}", options: .regularExpression) != nil {
            return refuse("its port is outside 1–65535")
        }
        guard let url = parts.url else { return refuse("it does not parse as a URL") }
        return .success(url)
    }
}
