import Context
import Foundation

/// `~/.databrickscfg`: the profiles file the Databricks CLI and SDKs share — `[NAME]` sections of `key = value`
/// lines (`host`, `token`, `client_id`, `client_secret`, `auth_type`), `#` and `;` comments.
package struct DatabricksConfigFile: Sendable {
    /// Where it was read from.
    package let path: String
    /// Profile name → its keys, in the file's spelling (`DEFAULT` is a profile like any other).
    package let profiles: [String: [String: String]]

    /// `DATABRICKS_CONFIG_FILE`, or `~/.databrickscfg`.
    package static func defaultPath(_ environment: [String: String]) -> String {
        if let path = environment["DATABRICKS_CONFIG_FILE"], !path.isEmpty { return path }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.databrickscfg"
    }

    /// The file at `path`, or nil when there is none.
    package static func load(path: String) throws(PipelineError) -> DatabricksConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PipelineError(.config, "\(path) cannot be read as text; check its permissions, or rewrite it with `databricks configure`")
        }
        return DatabricksConfigFile(path: path, profiles: parse(text))
    }

    /// INI sections, `key = value` or `key: value`, keys lower-cased and section names trimmed; keys before the first
    /// section count as `DEFAULT`'s (where Python's configparser would refuse the file).
    static func parse(_ text: String) -> [String: [String: String]] {
        var profiles: [String: [String: String]] = [:]
        var current = "DEFAULT"
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                profiles[current, default: [:]] = profiles[current] ?? [:]
                continue
            }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            profiles[current, default: [:]][key] = value
        }
        return profiles
    }
}
