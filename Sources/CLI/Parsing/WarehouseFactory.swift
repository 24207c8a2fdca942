import Context
import Foundation
import GoogleCloud
import HTTPClient
import MonitorEngine
import Pipeline

/// Picks the warehouse a monitor's `source` names, refusing before anything runs when it is unavailable: the only
/// place that knows both SQLite and BigQuery, so the pipeline needs neither.
struct WarehouseFactory: WarehouseSource {
    let sqlitePath: String
    let environment: [String: String]
    /// BigQuery clients by project, so one token serves every monitor of a run.
    private let clients = ClientCache()

    init(sqlitePath: String, environment: [String: String] = [:]) {
        self.sqlitePath = sqlitePath
        self.environment = environment
    }

    func warehouse(for monitor: Monitor) throws(PipelineError) -> any Warehouse {
        switch monitor.source {
        case .sqlite:
            guard FileManager.default.fileExists(atPath: sqlitePath) else {
                throw PipelineError(
                    .notFound,
                    "monitor \(monitor.name) reads the demo warehouse \(sqlitePath), which does not exist; run `aa demo` (or `make "
                        + "demo`) to create it, or pass --warehouse FILE"
                )
            }
            if let problem = Self.notADatabase(sqlitePath) {
                throw PipelineError(
                    .config,
                    "monitor \(monitor.name) reads the warehouse \(sqlitePath), which is \(problem); pass --warehouse FILE with a SQLite "
                        + "warehouse, or run `aa demo` to create the demo one")
            }
            return SQLiteWarehouse(path: sqlitePath)
        case .bigquery:
            return BigQueryWarehouse(
                client: try clients.client(project: monitor.bigquery.project, environment: environment), monitor: monitor)
        }
    }

    /// What `path` is when it is not a SQLite database (a folder, an empty file, a text file), or nil when it is one.
    static func notADatabase(_ path: String) -> String? {
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if isFolder.boolValue { return "a folder, not a database file" }
        guard let handle = FileHandle(forReadingAtPath: path) else { return "not readable" }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if head.isEmpty { return "an empty file" }
        return head == Data("SQLite format 3\u{0}".utf8) ? nil : "not a SQLite database"
    }

    /// Clients made so far, keyed by the project asked for (nil: the default project).
    final class ClientCache: @unchecked Sendable {
        private let lock = NSLock()
        private var clients: [String: BigQueryClient] = [:]

        func client(project: String?, environment: [String: String]) throws(PipelineError) -> BigQueryClient {
            lock.lock()
            defer { lock.unlock() }
            if let made = clients[project ?? ""] { return made }
            let made = try BigQueryConnection.client(environment: environment, project: project)
            // Fetch the first token now, so a credential problem stops the run before anything is archived.
            _ = try made.session.tokens.token()
            clients[project ?? ""] = made
            return made
        }
    }
}
