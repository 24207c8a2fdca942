import CanonicalJSON

/// `analysis.produced` (`schemas/events/analysis.produced.schema.json`): the analyst's structured answer and its trace.
public struct AnalysisProduced: SingleEventPayload, Equatable {
    public static let eventType: EventType = .analysisProduced

    public var model: String
    public var promptVersion: String
    /// True for the built-in deterministic narrative.
    public var builtin: Bool
    /// SHA-256 of the `anomaly.flagged` payloads explained.
    public var inputDigest: String
    public var anomalyIds: [String]
    /// The output of `schemas/analysis.schema.json`: summary, findings, hypotheses, checks, caveats.
    public var output: JSONValue
    /// Requests, tool calls and usage, less credentials.
    public var trace: JSONValue
    /// For a re-analysis, the run whose findings were explained.
    public var analyzedRunId: String?

    public init(
        model: String, promptVersion: String, builtin: Bool, inputDigest: String, anomalyIds: [String], output: JSONValue,
        trace: JSONValue, analyzedRunId: String? = nil
    ) {
        self.model = model
        self.promptVersion = promptVersion
        self.builtin = builtin
        self.inputDigest = inputDigest
        self.anomalyIds = anomalyIds
        self.output = output
        self.trace = trace
        self.analyzedRunId = analyzedRunId
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "analysis.produced")
        model = try f.string("model")
        promptVersion = try f.string("prompt_version")
        builtin = try f.bool("builtin")
        inputDigest = try f.string("input_digest")
        anomalyIds = try f.strings("anomaly_ids")
        output = try f.object("output")
        trace = try f.object("trace")
        analyzedRunId = try f.absentOrString("analyzed_run_id")
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "model": .string(model), "prompt_version": .string(promptVersion), "builtin": .bool(builtin),
            "input_digest": .string(inputDigest), "anomaly_ids": .strings(anomalyIds), "output": output, "trace": trace,
        ]
        if let analyzedRunId { object["analyzed_run_id"] = .string(analyzedRunId) }
        return .object(object)
    }
}
