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
public struct AnalysisRequest: Sendable {
    public let monitor: Monitor
    public let runDate: Day
    public let findings: [AnalystFinding]
    public let notes: [String]
}

/// What an analyst produced: the structured output of `schemas/analysis.schema.json` plus how it was made.
public struct AnalysisOutcome: Sendable {
    public let model: String
    public let promptVersion: String
    public let builtin: Bool
    /// Schema-valid output: summary, findings, hypotheses, recommended checks, caveats.
    public let output: JSONValue
    /// Requests, tool calls and usage (less credentials) for the event.
    public let trace: JSONValue

    public init(model: String, promptVersion: String, builtin: Bool, output: JSONValue, trace: JSONValue) {
        self.model = model
        self.promptVersion = promptVersion
        self.builtin = builtin
        self.output = output
        self.trace = trace
    }
}

/// Explains a run's findings. The built-in one is deterministic; a model-backed one plugs in here.
public protocol Analyst {
    func analyze(_ request: AnalysisRequest) -> AnalysisOutcome
}
