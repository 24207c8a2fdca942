/// The SQL for one dimension of one monitor on one day, exactly as it is sent to the warehouse.
public struct RenderedQuery: Sendable, Equatable {
    public let monitor: String
    public let dimension: String
    public let sql: String
    public let parameters: [QueryParameter]

    public init(monitor: String, dimension: String, sql: String, parameters: [QueryParameter]) {
        self.monitor = monitor
        self.dimension = dimension
        self.sql = sql
        self.parameters = parameters
    }
}
