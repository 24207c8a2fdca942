import CanonicalJSON

/// Reads one JSON object field by field, remembering its JSON path so errors can say where they are.
struct JSONObjectReader {
    let members: [String: JSONValue]
    let path: String
    let file: String
    private(set) var consumed: Set<String> = []

    init(_ value: JSONValue, path: String, file: String) throws(RegistryError) {
        guard case .object(let members) = value else {
            throw RegistryError(file: file, path: path, message: "expected an object")
        }
        self.members = members
        self.path = path
        self.file = file
    }

    func fail(_ key: String, _ message: String) -> RegistryError {
        RegistryError(file: file, path: "\(path).\(key)", message: message)
    }

    mutating func raw(_ key: String) -> JSONValue? {
        consumed.insert(key)
        if case .null? = members[key] { return nil }
        return members[key]
    }

    mutating func string(_ key: String) throws(RegistryError) -> String {
        guard let value = try optionalString(key) else { throw fail(key, "is required (a string)") }
        return value
    }

    mutating func optionalString(_ key: String) throws(RegistryError) -> String? {
        guard let value = raw(key) else { return nil }
        guard let s = value.stringValue else { throw fail(key, "expected a string") }
        guard s.utf8.count <= Self.longestString else {
            throw fail(key, "is \(s.utf8.count) bytes long; keep registry strings under \(Self.longestString) (every run archives them)")
        }
        return s
    }

    /// A name (of a monitor, dimension, column, metric or severity level): 1–64 ASCII letters, digits, `_` or `-`.
    /// Names become page paths, table cells, SQL column names and alert keys, where a space, a line break or an
    /// invisible character would break them or make two names look alike.
    mutating func name(_ key: String) throws(RegistryError) -> String {
        let value = try string(key)
        guard Self.isName(value) else { throw fail(key, Self.nameRule(value)) }
        return value
    }

    /// Whether `text` is such a name.
    static func isName(_ text: String) -> Bool {
        (1...64).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// Why `text` is not a name, for a registry error.
    static func nameRule(_ text: String) -> String {
        "must be a name of 1 to 64 letters, digits, '_' or '-' (no spaces, line breaks or invisible characters), got '"
            + DisplayText.visible(String(text.prefix(40)), keepingLines: false) + (text.count > 40 ? "…'" : "'")
    }

    /// The longest string the registry may hold: its text is copied into every `run.started`.
    static let longestString = 20_000

    mutating func optionalNumber(_ key: String, atLeast minimum: Double = -.infinity) throws(RegistryError) -> Double? {
        guard let value = raw(key) else { return nil }
        guard let d = value.doubleValue else { throw fail(key, "expected a number") }
        guard d >= minimum else { throw fail(key, "must be at least \(minimum), got \(d)") }
        return d
    }

    mutating func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(RegistryError) -> Int? {
        guard let value = raw(key) else { return nil }
        guard let i = value.intValue else { throw fail(key, "expected a whole number") }
        guard range.contains(Int(i)) else { throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(i)") }
        return Int(i)
    }

    mutating func optionalBool(_ key: String) throws(RegistryError) -> Bool? {
        guard let value = raw(key) else { return nil }
        guard let b = value.boolValue else { throw fail(key, "expected true or false") }
        return b
    }

    mutating func optionalArray(_ key: String) throws(RegistryError) -> [JSONValue]? {
        guard let value = raw(key) else { return nil }
        guard let a = value.arrayValue else { throw fail(key, "expected an array") }
        return a
    }

    mutating func optionalObject(_ key: String) throws(RegistryError) -> JSONObjectReader? {
        guard let value = raw(key) else { return nil }
        return try JSONObjectReader(value, path: "\(path).\(key)", file: file)
    }

    mutating func optionalEnum<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws(RegistryError) -> E?
    where E.RawValue == String {
        guard let s = try optionalString(key) else { return nil }
        guard let e = E(rawValue: s) else {
            throw fail(key, "'\(s)' is not one of " + E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
        }
        return e
    }

    /// Refuses keys nobody read, so a typo such as `threshhold` is an error rather than silently ignored.
    func rejectUnknownKeys() throws(RegistryError) {
        let unknown = members.keys.filter { !consumed.contains($0) && !$0.hasPrefix("$") }.sorted()
        if let first = unknown.first {
            throw RegistryError(
                file: file, path: "\(path).\(first)",
                message: "unknown key; expected one of " + consumed.sorted().joined(separator: ", "))
        }
    }
}
