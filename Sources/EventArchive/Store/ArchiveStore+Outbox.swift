import CanonicalJSON
import Foundation
import SQLite

/// The upload outbox: which events the BigQuery archive table has confirmed. An event is pending until a load job
/// that carried it was confirmed done without error; confirmations are only ever added, so nothing pending is lost.
extension ArchiveStore {
    /// Created with the archive (format 2 on: ``ArchiveMigrations``).
    static let outboxSQL = """
        CREATE TABLE IF NOT EXISTS uploads(event_id TEXT PRIMARY KEY, job_id TEXT NOT NULL, confirmed_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS upload_jobs(
            job_id TEXT PRIMARY KEY, events INTEGER NOT NULL, state TEXT NOT NULL, detail TEXT, at TEXT NOT NULL);
        """

    /// The oldest `limit` events not yet confirmed by the archive table, in archive order.
    public func pendingUploads(limit: Int) throws(ArchiveError) -> [EventEnvelope] {
        do {
            let statement = try connection.prepare(
                "SELECT \(Self.envelopeColumns.replacingOccurrences(of: "event_id", with: "e.event_id")) FROM events e "
                    + "LEFT JOIN uploads u ON u.event_id = e.event_id WHERE u.event_id IS NULL ORDER BY e.position LIMIT ?")
            try statement.bind([.integer(Int64(limit))])
            var result: [EventEnvelope] = []
            while try statement.step() { result.append(try Self.envelope(statement)) }
            return result
        } catch { throw ArchiveError.storage(error, path) }
    }

    /// How many events are pending and confirmed, and the latest load jobs (newest first).
    public func uploadStatus(jobs: Int = 5) throws(ArchiveError) -> (pending: Int, confirmed: Int, jobs: [JSONValue]) {
        guard try !query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'uploads'").isEmpty else {
            return (try eventCount(), 0, [])
        }
        let confirmed = Int(try query("SELECT count(*) FROM uploads").first?.first?.int ?? 0)
        let total = try eventCount()
        let recent = try query(
            "SELECT job_id, events, state, detail, at FROM upload_jobs ORDER BY at DESC, rowid DESC LIMIT ?", [.integer(Int64(jobs))])
        return (
            total - confirmed, confirmed,
            recent.map { r in
                [
                    "job_id": .string(r[0].text ?? ""), "events": .int(r[1].int ?? 0), "state": .string(r[2].text ?? ""),
                    "detail": r[3].text.map { .string($0) } ?? .null, "at": .string(r[4].text ?? ""),
                ]
            }
        )
    }

    /// Records what a load job came to (`submitted`, `confirmed` or `failed`).
    public func recordUploadJob(_ jobId: String, events: Int, state: String, detail: String?, at: String) throws(ArchiveError) {
        _ = try query(
            "INSERT INTO upload_jobs(job_id, events, state, detail, at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT(job_id) DO UPDATE SET state = excluded.state, detail = excluded.detail, at = excluded.at",
            [.text(jobId), .integer(Int64(events)), .text(state), detail.map { .text($0) } ?? .null, .text(at)])
    }

    /// How many load jobs with ids starting `prefix` failed: the attempt number a new job id for that batch takes.
    public func failedUploadJobs(prefix: String) throws(ArchiveError) -> Int {
        return Int(
            try query(
                "SELECT count(*) FROM upload_jobs WHERE substr(job_id, 1, ?) = ? AND state = 'failed'",
                [.integer(Int64(prefix.count)), .text(prefix)]
            ).first?.first?.int ?? 0)
    }

    /// Marks `eventIds` as confirmed by `jobId`, in one transaction.
    public func confirmUploads(_ eventIds: [String], jobId: String, at: String) throws(ArchiveError) {
        do {
            try connection.transaction {
                let insert = try connection.prepare("INSERT OR IGNORE INTO uploads(event_id, job_id, confirmed_at) VALUES (?, ?, ?)")
                for id in eventIds {
                    try insert.bind([.text(id), .text(jobId), .text(at)])
                    _ = try insert.step()
                }
            }
        } catch let error as SQLiteError { throw ArchiveError.storage(error, path) } catch {
            throw ArchiveError(.storage, "recording the upload failed: \(error)")
        }
    }
}
