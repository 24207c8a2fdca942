import CanonicalJSON
import Context
import Digest
import EventArchive
import Foundation
import MonitorEngine

/// Moves events between the local archive and the BigQuery archive table.
///
/// Upload is an outbox: pending events go up in batches as NDJSON load jobs whose ids are derived from the events
/// they carry, so a retry after a crash reuses the id and BigQuery's 409 for it means "already loaded" once the
/// job is confirmed done without error. Events stay pending until then. Download (hydrate) reads whole origins
/// back, checks every hash and chain link, and skips events already here.
package struct ArchiveSync {
    package let table: ArchiveTable
    package let store: ArchiveStore
    let clock: WallClock
    let progress: @Sendable (String) -> Void
    /// Events a load job carries.
    package var batchSize = 500
    var pollInterval = 0.5

    package init(table: ArchiveTable, store: ArchiveStore, clock: WallClock, progress: @escaping @Sendable (String) -> Void) {
        self.table = table
        self.store = store
        self.clock = clock
        self.progress = progress
    }

    /// What an upload did.
    package struct PushReport: Sendable {
        package var uploaded = 0
        package var jobs: [String] = []
        /// Why it stopped early; the events not uploaded stay pending.
        package var failure: String?
    }

    /// Uploads every pending event, batch by batch, stopping at the first failure.
    package func push() throws(PipelineError) -> PushReport {
        var report = PushReport()
        guard try wrap({ () throws(ArchiveError) in try store.pendingUploads(limit: 1) }).isEmpty == false else { return report }
        let exists: Bool
        do { exists = try table.table(table.table) != nil } catch { throw table.explain(error) }
        guard exists else {
            throw PipelineError(
                .config,
                "the archive table \(table.qualifiedName) does not exist; run `aa archive init` to create it (or set AA_ARCHIVE_TABLE)")
        }
        while true {
            let batch = try wrap { () throws(ArchiveError) in try store.pendingUploads(limit: batchSize) }
            guard !batch.isEmpty else { break }
            let base = "aa_archive_" + SHA256Digest.hex(batch.map(\.eventId).joined(separator: "\n")).prefix(24)
            let attempt = try wrap { () throws(ArchiveError) in try store.failedUploadJobs(prefix: base) }
            let jobId = "\(base)_\(attempt)"
            progress("uploading \(batch.count) event(s) to \(table.qualifiedName) (load job \(jobId))")
            try wrap { () throws(ArchiveError) in
                try store.recordUploadJob(jobId, events: batch.count, state: "submitted", detail: nil, at: clock.timestamp())
            }
            switch load(batch, jobId: jobId) {
            case .confirmed:
                CrashPoint.reach("mid-upload")
                try wrap { () throws(ArchiveError) in
                    try store.confirmUploads(batch.map(\.eventId), jobId: jobId, at: clock.timestamp())
                    try store.recordUploadJob(jobId, events: batch.count, state: "confirmed", detail: nil, at: clock.timestamp())
                }
                report.uploaded += batch.count
                report.jobs.append(jobId)
            case .failed(let reason, let burned):
                // A job BigQuery finished with an error keeps its id; the next attempt takes a new one.
                try wrap { () throws(ArchiveError) in
                    try store.recordUploadJob(
                        jobId, events: batch.count, state: burned ? "failed" : "unknown", detail: reason, at: clock.timestamp())
                }
                report.failure = reason
                return report
            }
        }
        return report
    }

    enum LoadOutcome {
        case confirmed
        /// `burned`: BigQuery ran the job and it failed, so its id cannot be reused.
        case failed(String, burned: Bool)
    }

    func load(_ batch: [EventEnvelope], jobId: String) -> LoadOutcome {
        var reference: [String: JSONValue] = ["projectId": .string(table.client.project), "jobId": .string(jobId)]
        if let location = table.location { reference["location"] = .string(location) }
        let job: JSONValue = [
            "jobReference": .object(reference),
            "configuration": [
                "load": [
                    "destinationTable": [
                        "projectId": .string(table.client.project), "datasetId": .string(table.dataset), "tableId": .string(table.table),
                    ],
                    "sourceFormat": "NEWLINE_DELIMITED_JSON", "writeDisposition": "WRITE_APPEND",
                ]
            ],
        ]
        let ndjson = Self.uploadRows(batch)
        do {
            var answer: JSONValue
            do { answer = try table.client.upload(job: job, ndjson: ndjson) } catch
                where error.status == 409 || error.reason == "duplicate"
            {
                // Our own id: an earlier attempt reached BigQuery. It counts once that job is confirmed done without error.
                answer = try jobStatus(jobId)
            }
            while answer["status"]?["state"]?.stringValue != "DONE" {
                Thread.sleep(forTimeInterval: pollInterval)
                answer = try jobStatus(jobId)
            }
            if let error = BigQueryError.jobFailure(answer) {
                return .failed("load job \(jobId) failed: \(error.description)", burned: true)
            }
            return .confirmed
        } catch {
            return .failed("upload of \(batch.count) event(s) failed: \(error.description)", burned: false)
        }
    }

    /// The NDJSON a load job carries: one archive row per event, the payload as a JSON object (which BigQuery
    /// stores as the JSON value itself).
    package static func uploadRows(_ events: [EventEnvelope]) -> Data {
        Data(
            events.map { event in
                guard case .object(var row) = event.bigQueryRow else { return "" }
                row["payload"] = event.payload
                return JSONValue.object(row).canonicalString
            }.joined(separator: "\n").utf8)
    }

    func jobStatus(_ jobId: String) throws(BigQueryError) -> JSONValue {
        try table.client.call("GET", "/jobs/\(jobId)", query: table.location.map { ["location": $0] } ?? [:])
    }

    /// What a hydration did: events read from the table, how many were new here, and the payload bytes read.
    package struct PullReport: Sendable {
        package var read = 0
        package var imported = 0
        package var bytes = 0
    }

    /// Hydrates the local archive from the table: every origin that wrote an event of `monitor` (all monitors when nil)
    /// on or after `since`, whole, so each chain verifies, imported in dependency order and checked (every imported
    /// pull rebuilds) before it is committed.
    ///
    /// - Throws: ``PipelineError`` (runtime) when the table cannot be read, or what it holds does not make a verifiable
    ///   archive — nothing is imported then.
    package func pull(monitor: String?, since: String?) throws(PipelineError) -> PullReport {
        var parameters: [QueryParameter] = []
        if let monitor { parameters.append(.init(name: "monitor", type: "STRING", value: monitor)) }
        if let since { parameters.append(.init(name: "since", type: "DATE", value: since)) }
        let sql = ArchiveTableHydration.sql(table: table.qualifiedName, byMonitor: monitor != nil, since: since != nil)
        progress("reading \(table.qualifiedName)\(monitor.map { " for \($0)" } ?? "")\(since.map { " since \($0)" } ?? "")")
        let result: QueryResult
        do {
            result = try BigQueryQuery(
                sql: sql, parameters: parameters, location: table.location, labels: ["aa_action": "hydrate"], maximumBytesBilled: nil
            )
            .run(on: table.client)
        } catch { throw table.explain(error) }
        let events = try wrap { () throws(ArchiveError) in try result.rows.map { (row) throws(ArchiveError) in try Self.envelope(row) } }
        progress("checking \(events.count) event(s) and importing the new ones")
        var report = PullReport(read: events.count, bytes: events.reduce(0) { $0 + $1.payloadText.utf8.count })
        report.imported = try wrap { () throws(ArchiveError) in
            try store.importEvents(events, confirmedBy: "hydrate", at: clock.timestamp())
        }
        return report
    }

    /// A row of the hydrate query as an envelope, its `occurred_at` written as the archive writes it (milliseconds).
    static func envelope(_ row: [JSONValue]) throws(ArchiveError) -> EventEnvelope {
        func text(_ i: Int) -> String { row[i].stringValue ?? "" }
        let occurred = BigQueryRows.iso8601(micros: row[8].intValue ?? 0, milliseconds: true)
        // A payload loaded as a JSON string (by another tool) is the JSON text itself.
        let payload = row[11].stringValue.flatMap { try? JSONValue.parse($0) } ?? row[11]
        return EventEnvelope(
            position: 0, eventId: text(0), origin: text(1), sequence: row[2].intValue ?? 0, runId: text(3), monitor: text(4),
            runDate: text(5),
            type: try EventType(archived: text(6)), schemaVersion: Int(row[7].intValue ?? 1), occurredAt: occurred,
            logicVersion: row[9].stringValue,
            causationId: row[10].stringValue, payloadText: payload.canonicalString, prevHash: text(12), hash: text(13))
    }

    func wrap<T>(_ body: () throws(ArchiveError) -> T) throws(PipelineError) -> T {
        do { return try body() } catch { throw PipelineError(.runtime, error.message) }
    }
}
