import Context
import MonitorEngine

/// Where a run gets the warehouse a monitor's `source` names: the command line's factory (SQLite or BigQuery),
/// or a test's own.
package protocol WarehouseSource: Sendable {
    /// The warehouse for `monitor`, refused before anything runs when it is unavailable.
    func warehouse(for monitor: Monitor) throws(PipelineError) -> any Warehouse
}
