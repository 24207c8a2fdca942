import CanonicalJSON
import Context
import Digest
import EventArchive
import Foundation
import MonitorEngine
import SQLite

/// The embedded demo warehouse: a SQLite file queried with the same named parameters BigQuery takes.
package struct SQLiteWarehouse: Warehouse {
    package let path: String

    package init(path: String) { self.path = path }

    package func execute(_ query: RenderedQuery, runId: String) throws(PipelineError) -> QueryResult {
        do {
            let connection = try SQLiteConnection(path: path, create: false, readOnly: true)
            // A warehouse is written while it is read (a partition still loading): wait for a writer, do not fail.
            try connection.execute("PRAGMA busy_timeout = 10000")
            let statement = try connection.prepare(query.sql)
            for parameter in query.parameters {
                let index = statement.parameterIndex("@" + parameter.name)
                if index > 0 { try statement.bind(.text(parameter.value), at: index) }
            }
            var rows: [[JSONValue]] = []
            var types = [String](repeating: "STRING", count: statement.columnCount)
            while try statement.step() {
                var row: [JSONValue] = []
                for (i, value) in statement.row().enumerated() {
                    switch value {
                    case .null: row.append(.null)
                    case .integer(let n):
                        row.append(.int(n))
                        types[i] = "INT64"
                    case .real(let d):
                        row.append(.number(d))
                        types[i] = "FLOAT64"
                    case .text(let s): row.append(.string(s))
                    }
                }
                rows.append(row)
            }
            let schema = (0..<statement.columnCount).map { i in
                (statement.columnName(i), statement.columnName(i) == "ds" ? "DATE" : types[i])
            }
            let jobId =
                "sqlite_"
                + SHA256Digest.hex(query.sql + query.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: "&")).prefix(16)
            return QueryResult(
                schema: schema, rows: rows, jobId: jobId, bytesProcessed: nil, cacheHit: nil,
                source: ["kind": "sqlite", "path": .string(path)])
        } catch {
            throw PipelineError(
                .runtime, "the \(query.dimension) query of monitor \(query.monitor) failed in the demo warehouse: \(error.message)")
        }
    }
}
