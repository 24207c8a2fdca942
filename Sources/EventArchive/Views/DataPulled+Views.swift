import CanonicalJSON

extension DataPulled {
    /// One bound query parameter as archived: `@name TYPE = value`.
    public struct BoundParameter: Sendable, Equatable {
        public let name: String
        public let type: String
        public let value: JSONValue
    }

    /// `sqlite` or `bigquery`: where the query ran.
    public var sourceKind: String? { source["kind"]?.stringValue }

    /// The parameters the SQL was bound with.
    public var boundParameters: [BoundParameter] {
        parameters.map {
            BoundParameter(name: $0["name"]?.stringValue ?? "", type: $0["type"]?.stringValue ?? "", value: $0["value"] ?? .null)
        }
    }

    /// The result's column names, in order.
    public var columnNames: [String] { schema.map { $0["name"]?.stringValue ?? "" } }
}
