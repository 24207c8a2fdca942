import Foundation
import MonitorEngine

/// Picks the warehouse a monitor's `source` names, refusing before anything runs when it is unavailable.
public struct WarehouseFactory: Sendable {
    public let sqlitePath: String

    public init(sqlitePath: String) { self.sqlitePath = sqlitePath }

    public func warehouse(for monitor: Monitor) throws(PipelineError) -> any Warehouse {
        switch monitor.source {
        case .sqlite:
            guard FileManager.default.fileExists(atPath: sqlitePath) else {
                throw PipelineError(.notFound, "monitor \(monitor.name) reads the demo warehouse \(sqlitePath), which does not exist; run `aa demo` (or `make demo`) to create it, or pass --warehouse FILE")
            }
            return SQLiteWarehouse(path: sqlitePath)
        case .bigquery:
            throw PipelineError(.config, "monitor \(monitor.name) reads from BigQuery, which this build of aa cannot query yet; run a demo monitor instead (--monitors revenue_funnel_demo)")
        }
    }
}
