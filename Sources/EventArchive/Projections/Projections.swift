import Digest
import SQLite

/// Keeps the read models in step with the log, rebuilds them, and digests their content.
public struct Projections {
    let connection: SQLiteConnection
    /// The schema holding the read models: `main`, or an attached archive read from another connection.
    var schema = "main"

    /// Applies every event after `position` to the read models (call inside the append's transaction).
    func apply(after position: Int64) throws(SQLiteError) {
        for sql in ProjectionSQL.apply { try connection.run(sql, [.integer(position)]) }
    }

    /// Drops every read model's rows and replays the whole log (call inside a transaction); a read model whose table
    /// was dropped is made again first.
    func rebuildAll() throws(SQLiteError) {
        try connection.execute(ProjectionSQL.tablesSQL)
        for index in ProjectionSQL.indexes { try connection.execute("DROP INDEX IF EXISTS \(index.name)") }
        for table in ProjectionSQL.tables { try connection.execute("DELETE FROM \(table.name)") }
        try apply(after: 0)
        for index in ProjectionSQL.indexes { try connection.execute("CREATE INDEX \(index.name) ON \(index.definition)") }
    }

    /// SHA-256 over every projection row in a fixed order: equal digests mean equal content (a dropped table digests
    /// as missing, so it differs from any replay).
    public func digest() throws(SQLiteError) -> String {
        let stream = SHA256Stream()
        let missing = try missingTables()
        for table in ProjectionSQL.tables {
            stream.update("#\(table.name)\n")
            if missing.contains(table.name) {
                stream.update("missing\n")
                continue
            }
            let statement = try connection.prepare("SELECT * FROM \(schema).\(table.name) ORDER BY \(table.orderBy)")
            while try statement.step() { statement.digestRow(into: stream) }
        }
        return stream.finish()
    }

    /// The read models whose table is not in the archive (dropped by hand).
    func missingTables() throws(SQLiteError) -> Set<String> {
        let names = try connection.query("SELECT name FROM \(schema).sqlite_master WHERE type = 'table'").compactMap { $0.first?.text }
        return Set(ProjectionSQL.tables.map(\.name)).subtracting(names)
    }

    /// Row counts per read model, for `aa projections` and verify reports.
    public func counts() throws(SQLiteError) -> [(table: String, rows: Int)] {
        try ProjectionSQL.tables.map { (table) throws(SQLiteError) in
            (table.name, Int(try connection.query("SELECT count(*) FROM \(table.name)").first?.first?.int ?? 0))
        }
    }
}
