import CanonicalJSON

/// `analysis.failed` (`schemas/events/analysis.failed.schema.json`): why an AI analysis gave no answer.
public struct AnalysisFailed: SingleEventPayload, Equatable {
    public static let eventType: EventType = .analysisFailed

    public var model: String
    public var promptVersion: String
    public var reason: String
    public var inputDigest: String
    public var trace: JSONValue

    public init(model: String, promptVersion: String, reason: String, inputDigest: String, trace: JSONValue) {
        self.model = model
        self.promptVersion = promptVersion
        self.reason = reason
        self.inputDigest = inputDigest
        self.trace = trace
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "analysis.failed")
        model = try f.string("model")
        promptVersion = try f.string("prompt_version")
        reason = try f.string("reason")
        inputDigest = try f.string("input_digest")
        trace = try f.object("trace")
    }

    public var json: JSONValue {
        [
            "model": .string(model), "prompt_version": .string(promptVersion), "reason": .string(reason),
            "input_digest": .string(inputDigest), "trace": trace,
        ]
    }
}
