/// The SQL for one dimension of one monitor on one day — or for all of them in one scan — exactly as it is sent to
/// the warehouse.
public struct RenderedQuery: Sendable, Equatable {
    public let monitor: String
    /// The dimension the rows are for; a one-scan query names all of them joined by `+`.
    public let dimension: String
    public let sql: String
    public let parameters: [QueryParameter]
    /// The dimensions a one-scan query returns (its rows carry a `dimension` column); empty for a per-dimension query.
    public let combines: [String]

    public init(monitor: String, dimension: String, sql: String, parameters: [QueryParameter], combines: [String] = []) {
        self.monitor = monitor
        self.dimension = dimension
        self.sql = sql
        self.parameters = parameters
        self.combines = combines
    }

    /// The query as it is archived for one of the dimensions a one-scan query returned.
    public func part(_ dimension: String) -> RenderedQuery {
        RenderedQuery(monitor: monitor, dimension: dimension, sql: sql, parameters: parameters)
    }
}
