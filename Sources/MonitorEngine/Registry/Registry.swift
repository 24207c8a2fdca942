import CanonicalJSON

/// The monitor registry (`queries/monitors.json`): every monitor a run may execute.
public struct Registry: Sendable, Equatable {
    public let monitors: [Monitor]

    public init(monitors: [Monitor]) { self.monitors = monitors }

    /// The monitor called `name`, or nil.
    public func monitor(named name: String) -> Monitor? { monitors.first { $0.name == name } }

    /// Parses and validates registry text.
    ///
    /// - Parameter file: the file name used in error messages.
    /// - Throws: ``RegistryError`` naming the JSON path of the first problem.
    public static func parse(_ text: String, file: String) throws(RegistryError) -> Registry {
        let document: JSONValue
        do { document = try JSONValue.parse(text) } catch {
            throw RegistryError(file: file, path: nil, message: "is not valid JSON (\(error)); fix the syntax and retry")
        }
        var root = try JSONObjectReader(document, path: "$", file: file)
        if let version = root.raw("version"), version.intValue != 1 {
            throw root.fail("version", "must be 1, the registry format this aa reads, got \(version.canonicalString.prefix(40))")
        }
        guard let list = try root.optionalArray("monitors") else {
            throw root.fail("monitors", "is required (an array of monitors)")
        }
        try root.rejectUnknownKeys()
        var monitors: [Monitor] = []
        for (index, entry) in list.enumerated() {
            let monitor = try MonitorParser.parse(entry, path: "$.monitors[\(index)]", file: file)
            if monitors.contains(where: { $0.name == monitor.name }) {
                throw RegistryError(file: file, path: "$.monitors[\(index)].name", message: "duplicate monitor name '\(monitor.name)'")
            }
            monitors.append(monitor)
        }
        if monitors.isEmpty { throw RegistryError(file: file, path: "$.monitors", message: "lists no monitors; add at least one") }
        return Registry(monitors: monitors)
    }
}

extension Monitor {
    /// The monitor described by a registry entry as a run archived it (`run.started`'s `config`), validated as the
    /// registry is: what audit views read when the registry has changed since.
    public static func archived(_ config: JSONValue) throws(RegistryError) -> Monitor {
        try MonitorParser.parse(config, path: "$.config", file: "run.started")
    }
}
