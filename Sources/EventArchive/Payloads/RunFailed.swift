import CanonicalJSON

/// `run.failed` (`schemas/events/run.failed.schema.json`): the sentence a failed run ended with.
public struct RunFailed: SingleEventPayload, Equatable {
    public static let eventType: EventType = .runFailed

    public var status: String
    public var error: String

    public init(status: String = "failed", error: String) {
        self.status = status
        self.error = error
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "run.failed")
        status = try f.string("status")
        error = try f.string("error")
    }

    public var json: JSONValue { ["status": .string(status), "error": .string(error)] }
}
