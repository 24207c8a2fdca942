import CanonicalJSON

/// The days a finding's baseline was taken from, read from its `baseline_window` payload: the same-weekday days
/// whose median is the baseline, and the trailing window its noise scale comes from.
public struct BaselineWindow: Sendable, Equatable {
    /// One same-weekday day and its value.
    public struct Day: Sendable, Equatable {
        public let date: String
        public let value: Double?
    }

    public let days: [Day]
    public let trailingFrom: String?
    public let trailingTo: String?

    /// Reads a `baseline_window` object; what is missing reads as empty.
    public init(_ json: JSONValue) {
        days = (json["days"]?.arrayValue ?? []).map { Day(date: $0["date"]?.stringValue ?? "", value: $0["value"]?.doubleValue) }
        trailingFrom = json["trailing_from"]?.stringValue
        trailingTo = json["trailing_to"]?.stringValue
    }
}
