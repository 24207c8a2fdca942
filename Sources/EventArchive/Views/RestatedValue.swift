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

    /// Reads one change; what is missing reads as empty or nil.
    public init(_ json: JSONValue) {
        dimension = json["dimension"]?.stringValue ?? ""
        slice = json["slice"]?.stringValue ?? ""
        day = json["day"]?.stringValue ?? ""
        column = json["column"]?.stringValue ?? ""
        old = json["old"]?.doubleValue
        new = json["new"]?.doubleValue
        relativeChange = json["relative_change"]?.doubleValue
    }

    /// `dimension=slice`.
    public var sliceLabel: String { "\(dimension)=\(slice)" }
}

extension DataRestated {
    /// The changes, typed.
    public var values: [RestatedValue] { changes.map(RestatedValue.init) }
}
