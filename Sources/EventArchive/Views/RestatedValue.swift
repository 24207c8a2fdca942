import CanonicalJSON

/// One value a run pulled differently from the previous current run, read from a `data.restated` change.
public struct RestatedValue: Sendable, Equatable {
    public let dimension: String
    public let slice: String
    public let day: String
    public let column: String
    /// Nil where the row was absent.
    public let old: Double?
    public let new: Double?
    public let relativeChange: Double?
    /// The change as archived (its numbers as they were written), for documents that quote it.
    public let json: JSONValue

    /// Reads one change; what is missing reads as empty or nil.
    public init(_ json: JSONValue) {
        dimension = json["dimension"]?.stringValue ?? ""
        slice = json["slice"]?.stringValue ?? ""
        day = json["day"]?.stringValue ?? ""
        column = json["column"]?.stringValue ?? ""
        old = json["old"]?.doubleValue
        new = json["new"]?.doubleValue
        relativeChange = json["relative_change"]?.doubleValue
        self.json = json
    }

    /// The members `keys` of the change as archived, null where one is missing.
    public func quoting(_ keys: Set<String>) -> [String: JSONValue] {
        var object = (json.objectValue ?? [:]).filter { keys.contains($0.key) }
        for key in keys where object[key] == nil { object[key] = .null }
        return object
    }

    /// `dimension=slice`.
    public var sliceLabel: String { "\(dimension)=\(slice)" }
}

extension DataRestated {
    /// The changes, typed.
    public var values: [RestatedValue] { changes.map(RestatedValue.init) }
}
