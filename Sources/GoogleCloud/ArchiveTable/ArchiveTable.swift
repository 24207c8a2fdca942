import CanonicalJSON
import Context
import EventArchive
import Foundation

/// The BigQuery archive table (`schemas/bigquery/events.json`: partitioned by day on `occurred_at`, clustered by
/// monitor and type, payload as JSON) and the audit views of `queries/archive/`.
package struct ArchiveTable {
    package let client: BigQueryClient
    package let dataset: String
    package let table: String
    package let location: String?
    /// The table's columns (`schemas/bigquery/events.json`).
    package let schema: [JSONValue]
    /// View name → SQL with `{{dataset}}` and `{{events_table}}` placeholders.
    package let views: [(name: String, sql: String)]
    /// Where the views were looked for.
    package let viewFolder: String

    /// `dataset.table` from `AA_ARCHIVE_TABLE` (default `aa_archive.events`), location from `AA_ARCHIVE_LOCATION`;
    /// the views are the `archive/*.sql` files beside the registry.
    package static func configured(client: BigQueryClient, environment: [String: String], registryPath: String) throws(PipelineError)
        -> ArchiveTable
    {
        let name = environment["AA_ARCHIVE_TABLE"].flatMap { $0.isEmpty ? nil : $0 } ?? "aa_archive.events"
        let parts = name.split(separator: ".").map(String.init)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
            throw PipelineError(.config, "AA_ARCHIVE_TABLE must be dataset.table (letters, digits, '_'), got '\(name)'")
        }
        let queries = (registryPath as NSString).deletingLastPathComponent
        let folder = ((queries.isEmpty ? "." : queries) as NSString).appendingPathComponent("archive")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".sql") }.sorted()
        // events_dedup first: the other views read it.
        let views = (files.filter { $0 == "events_dedup.sql" } + files.filter { $0 != "events_dedup.sql" }).compactMap {
            file -> (String, String)? in
            guard let sql = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) else { return nil }
            return (String(file.dropLast(4)), sql)
        }
        return ArchiveTable(
            client: client, dataset: parts[0], table: parts[1], location: environment["AA_ARCHIVE_LOCATION"],
            schema: ArchiveTableSchema.fields, views: views, viewFolder: folder)
    }

    /// `project.dataset.table`.
    package var qualifiedName: String { "\(client.project).\(dataset).\(table)" }

    /// Creates the dataset, table and views that are missing and checks an existing table's columns.
    ///
    /// - Returns: what was done, a line each.
    package func initialize() throws(PipelineError) -> [String] {
        var done: [String] = []
        do {
            if try exists("/datasets/\(dataset)") {
                done.append("dataset \(client.project).\(dataset) exists")
            } else {
                var body: [String: JSONValue] = ["datasetReference": ["projectId": .string(client.project), "datasetId": .string(dataset)]]
                if let location { body["location"] = .string(location) }
                _ = try client.call("POST", "/datasets", body: .object(body))
                done.append("created dataset \(client.project).\(dataset)")
            }
            if let existing = try table(table) {
                try checkSchema(existing)
                done.append("table \(qualifiedName) exists and its columns match schemas/bigquery/events.json")
            } else {
                _ = try client.call(
                    "POST", "/datasets/\(dataset)/tables",
                    body: [
                        "tableReference": ["projectId": .string(client.project), "datasetId": .string(dataset), "tableId": .string(table)],
                        "schema": ["fields": .array(schema)],
                        "timePartitioning": ["type": "DAY", "field": "occurred_at"],
                        "clustering": ["fields": ["monitor", "type"]],
                        "description": "aa event archive: immutable, hash-chained events; read through the events_dedup view",
                    ])
                done.append("created table \(qualifiedName) (partitioned by day on occurred_at, clustered by monitor, type)")
            }
            if views.isEmpty {
                done.append("no audit views: \(viewFolder) holds no .sql files (copy queries/archive/ next to the registry)")
            }
            for view in views {
                let sql = view.sql.replacingOccurrences(of: "{{events_table}}", with: qualifiedName)
                    .replacingOccurrences(of: "{{dataset}}", with: "\(client.project).\(dataset)")
                let definition: JSONValue = [
                    "tableReference": ["projectId": .string(client.project), "datasetId": .string(dataset), "tableId": .string(view.name)],
                    "view": ["query": .string(sql), "useLegacySql": false],
                ]
                if try table(view.name) != nil {
                    _ = try client.call("PUT", "/datasets/\(dataset)/tables/\(view.name)", body: definition)
                    done.append("updated view \(dataset).\(view.name)")
                } else {
                    _ = try client.call("POST", "/datasets/\(dataset)/tables", body: definition)
                    done.append("created view \(dataset).\(view.name)")
                }
            }
        } catch let error as BigQueryError {
            throw explain(error)
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError(.runtime, "\(error)")
        }
        return done
    }

    /// Refuses a table whose columns differ from the schema file in name, type or mode.
    func checkSchema(_ existing: JSONValue) throws(PipelineError) {
        func normalized(_ f: JSONValue) -> String {
            let type = (f["type"]?.stringValue ?? "").uppercased()
            let canonical = ["INTEGER": "INT64", "FLOAT": "FLOAT64", "BOOLEAN": "BOOL"][type] ?? type
            return "\(f["name"]?.stringValue ?? "") \(canonical) \(f["mode"]?.stringValue ?? "NULLABLE")"
        }
        let want = schema.map(normalized)
        let have = (existing["schema"]?["fields"]?.arrayValue ?? []).map(normalized)
        if let missing = want.first(where: { !have.contains($0) }) {
            throw PipelineError(
                .config,
                "the table \(qualifiedName) does not match schemas/bigquery/events.json (expected column \(missing)); point "
                    + "AA_ARCHIVE_TABLE at another table, or migrate this one"
            )
        }
    }

    func exists(_ path: String) throws(BigQueryError) -> Bool {
        do {
            _ = try client.call("GET", path)
            return true
        } catch  where error.status == 404 || error.reason == "notFound" { return false }
    }

    func table(_ name: String) throws(BigQueryError) -> JSONValue? {
        do { return try client.call("GET", "/datasets/\(dataset)/tables/\(name)") } catch
            where error.status == 404 || error.reason == "notFound"
        { return nil }
    }

    func explain(_ error: BigQueryError) -> PipelineError {
        if error.reason == "credentials" { return PipelineError(.config, error.message) }
        return PipelineError(
            error.retryable || error.status == 0 ? .runtime : .config,
            "the archive table \(qualifiedName): BigQuery \(error.reason): \(error.message)"
                + (error.reason == "notFound" ? "; run `aa archive init` to create it" : ""))
    }
}
