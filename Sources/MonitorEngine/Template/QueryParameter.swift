/// A named query parameter (`@run_date`) with its BigQuery type, bound by the warehouse, never pasted into SQL.
public struct QueryParameter: Sendable, Equatable {
    public let name: String
    /// BigQuery type name: DATE, INT64, STRING, FLOAT64 or BOOL.
    public let type: String
    public let value: String

    public init(name: String, type: String, value: String) {
        self.name = name
        self.type = type
        self.value = value
    }
}
