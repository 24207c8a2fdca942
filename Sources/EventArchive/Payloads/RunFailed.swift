import CanonicalJSON

/// `run.failed` (`schemas/events/run.failed.schema.json`): the sentence a failed run ended with, and the warehouse
/// jobs it ran that no `data.pulled` records — a run that fails after its query ran was still billed for it.
///
/// Version 1 had no `jobs` (read as none).
public struct RunFailed: SingleEventPayload, Equatable {
    public static let eventType: EventType = .runFailed

    public var status: String
    public var error: String
    /// Each job as `{"job_id", "source", "bytes_processed", "bytes_billed", "slot_ms", "cache_hit"}`; `aa cost`
    /// counts them with the pulls' jobs.
    public var jobs: [JSONValue]

    public init(status: String = "failed", error: String, jobs: [JSONValue] = []) {
        self.status = status
        self.error = error
        self.jobs = jobs
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "run.failed")
        status = try f.string("status")
        error = try f.string("error")
        jobs = json["jobs"] == nil ? [] : try f.array("jobs")
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["status": .string(status), "error": .string(error)]
        if !jobs.isEmpty { members["jobs"] = .array(jobs) }
        return .object(members)
    }
}
