import Context
import EventArchive
import Foundation
import GoogleCloud
import MonitorEngine
import Pipeline

/// The hydrated copy `--source bigquery` made, removed when the process exits.
nonisolated(unsafe) private var temporaryArchive: String?

/// The BigQuery archive table a command talks to, and the sync that `aa run` does at its end.
enum ArchiveTableChoice {
    /// The configured archive table (credential chain, `GOOGLE_CLOUD_PROJECT`, `AA_ARCHIVE_TABLE`).
    static func table(for invocation: Invocation) throws(PipelineError) -> ArchiveTable {
        let client = try BigQueryConnection.client(environment: invocation.console.environment)
        return try ArchiveTable.configured(
            client: client, environment: invocation.console.environment, registryPath: invocation.registryPath)
    }

    /// Whether runs upload at their end: when an archive table or a Google Cloud project is named.
    static func enabled(_ environment: [String: String]) -> Bool {
        environment["AA_ARCHIVE_TABLE"].map { !$0.isEmpty } == true || environment["GOOGLE_CLOUD_PROJECT"].map { !$0.isEmpty } == true
    }

    /// `--source bigquery`: a temporary archive hydrated from the table, so a query command answers from BigQuery.
    static func hydratedCopy(for invocation: Invocation) throws(PipelineError) -> ArchiveStore {
        let path = NSTemporaryDirectory() + "aa-source-bigquery-\(UUID().uuidString).sqlite"
        temporaryArchive = path
        atexit {
            guard let path = temporaryArchive else { return }
            for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        }
        let store: ArchiveStore
        do { store = try ArchiveStore.open(path: path, create: true) } catch { throw PipelineError(error) }
        // Only what the asking command narrows by (`--monitor`, `--since`) narrows the hydration.
        let args = invocation.arguments
        let since = args.accepts(.since) ? try invocation.bound(.since)?.description : nil
        let sync = ArchiveSync(
            table: try table(for: invocation), store: store, clock: invocation.clock, progress: invocation.context.progress)
        _ = try sync.pull(monitor: args.accepts(.monitor) ? args.value(.monitor) : nil, since: since)
        return store
    }
}
