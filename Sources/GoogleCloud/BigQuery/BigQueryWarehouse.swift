import CanonicalJSON
import Context
import MonitorEngine

/// A `source: bigquery` monitor's warehouse: each rendered query runs as a labelled BigQuery job with the
/// monitor's location and byte limit; BigQuery's errors come back naming the monitor, template and dimension.
package struct BigQueryWarehouse: Warehouse {
    package let client: BigQueryClient
    package let monitor: Monitor

    package init(client: BigQueryClient, monitor: Monitor) {
        self.client = client
        self.monitor = monitor
    }

    package func execute(_ query: RenderedQuery, runId: String) throws(PipelineError) -> QueryResult {
        let job = BigQueryQuery(
            sql: query.sql, parameters: query.parameters, location: monitor.bigquery.location,
            labels: ["aa_monitor": monitor.name, "aa_run_id": runId], maximumBytesBilled: monitor.bigquery.maximumBytesBilled)
        do { return try job.run(on: client) } catch { throw explain(error, dimension: query.dimension) }
    }

    /// Bytes the query would process, from a dry run (nothing is billed).
    package func estimate(_ query: RenderedQuery) throws(PipelineError) -> Int64? {
        var job = BigQueryQuery(
            sql: query.sql, parameters: query.parameters, location: monitor.bigquery.location,
            labels: ["aa_monitor": monitor.name], maximumBytesBilled: monitor.bigquery.maximumBytesBilled)
        job.dryRun = true
        do { return try job.run(on: client).bytesProcessed } catch { throw explain(error, dimension: query.dimension) }
    }

    /// One sentence: where the query came from, what BigQuery said, and what to do about it.
    func explain(_ error: BigQueryError, dimension: String) -> PipelineError {
        let place = "monitor \(monitor.name) (template \(monitor.template), dimension \(dimension))"
        let hint: String
        switch error.reason {
        case "credentials": return PipelineError(.config, error.message)
        case "bytesBilledLimitExceeded": hint = "; raise bigquery.maximum_bytes_billed for the monitor in the registry or narrow the query"
        case "notFound": hint = "; check the project (\(client.project)), the table in template_variables and the job location"
        case "accessDenied": hint = "; grant the credential BigQuery Job User and Data Viewer on the project and dataset"
        case "invalidQuery": hint = "; fix the SQL in \(monitor.template) (`aa monitors render --monitor \(monitor.name)` prints it)"
        default: hint = ""
        }
        return PipelineError(
            error.retryable || error.status == 0 ? .runtime : .config, "\(place): BigQuery \(error.reason): \(error.message)\(hint)")
    }
}
