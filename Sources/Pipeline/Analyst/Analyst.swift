import CanonicalJSON
import MonitorEngine

/// One finding as the analyst sees it: pre-computed, with the id it can cite.
public struct AnalystFinding: Sendable {
    public let anomalyId: String
    public let finding: Finding

    public init(anomalyId: String, finding: Finding) {
        self.anomalyId = anomalyId
        self.finding = finding
    }
}

/// What the analyst is asked about: this run's findings, never raw warehouse rows.
public struct AnalysisRequest {
    public let monitor: Monitor
    public let runDate: Day
    public let findings: [AnalystFinding]
    public let notes: [String]
    /// The same run as data for a model and its tools; nil where only the built-in narrative is wanted.
    public let evidence: AnalysisEvidence?
}

/// Why an AI analysis did not produce an answer, for `analysis.failed`.
public struct AnalysisFailure: Sendable {
    public let model: String
    public let promptVersion: String
    public let reason: String
    public let trace: JSONValue
    public let inputDigest: String
}

/// What an analyst produced: the structured output of `schemas/analysis.schema.json` plus how it was made.
public struct AnalysisOutcome: Sendable {
    public let model: String
    public let promptVersion: String
    public let builtin: Bool
    /// Schema-valid output: summary, findings, hypotheses, recommended checks, caveats.
    public private(set) var output: JSONValue
    /// Requests, tool calls and usage (less credentials) for the event.
    public let trace: JSONValue
    /// Set when this is the built-in narrative standing in for an AI analysis that failed.
    public private(set) var failure: AnalysisFailure?

    public init(model: String, promptVersion: String, builtin: Bool, output: JSONValue, trace: JSONValue) {
        self.model = model
        self.promptVersion = promptVersion
        self.builtin = builtin
        self.output = output
        self.trace = trace
    }

    /// This (built-in) outcome standing in for `failure`, with a caveat saying so first.
    func standingIn(for failure: AnalysisFailure) -> AnalysisOutcome {
        var copy = self
        copy.failure = failure
        if case .object(var object) = output {
            let note = "The AI analyst (\(failure.model)) failed — \(failure.reason) — so this is the built-in narrative."
            object["caveats"] = .array([.string(note)] + (object["caveats"]?.arrayValue ?? []))
            copy.output = .object(object)
        }
        return copy
    }
}

/// Explains a run's findings. The built-in one is deterministic; a model-backed one plugs in here.
public protocol Analyst {
    func analyze(_ request: AnalysisRequest) -> AnalysisOutcome
}
