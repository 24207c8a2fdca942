import CanonicalJSON
import EventArchive
import MonitorEngine

/// One finding as the analyst sees it: pre-computed, with the id it can cite.
package struct AnalystFinding: Sendable {
    package let anomalyId: String
    package let finding: Finding

    package init(anomalyId: String, finding: Finding) {
        self.anomalyId = anomalyId
        self.finding = finding
    }
}

/// What the analyst is asked about: this run's findings, never raw warehouse rows.
package struct AnalysisRequest {
    package let monitor: Monitor
    package let runDate: Day
    package let findings: [AnalystFinding]
    package let notes: [String]
    /// The same run as data for a model and its tools; nil where only the built-in narrative is wanted.
    package let evidence: AnalysisEvidence?

    package init(monitor: Monitor, runDate: Day, findings: [AnalystFinding], notes: [String], evidence: AnalysisEvidence?) {
        self.monitor = monitor
        self.runDate = runDate
        self.findings = findings
        self.notes = notes
        self.evidence = evidence
    }
}

/// What an analyst produced: the structured output of `schemas/analysis.schema.json` plus how it was made.
package struct AnalysisOutcome: Sendable {
    package let model: String
    package let promptVersion: String
    package let builtin: Bool
    /// Schema-valid output: summary, findings, hypotheses, recommended checks, caveats.
    package private(set) var output: JSONValue
    /// Requests, tool calls and usage (less credentials) for the event.
    package let trace: JSONValue
    /// Set when this is the built-in narrative standing in for an AI analysis that failed.
    package private(set) var failure: AnalysisFailed?

    package init(model: String, promptVersion: String, builtin: Bool, output: JSONValue, trace: JSONValue) {
        self.model = model
        self.promptVersion = promptVersion
        self.builtin = builtin
        self.output = output
        self.trace = trace
    }

    /// This (built-in) outcome standing in for `failure`, with a caveat saying so first.
    func standingIn(for failure: AnalysisFailed) -> AnalysisOutcome {
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
package protocol Analyst {
    /// Whether it reads ``AnalysisRequest/evidence`` (the run as data for a model's tools); the pipeline builds the
    /// evidence only for an analyst that does.
    var readsEvidence: Bool { get }
    func analyze(_ request: AnalysisRequest) -> AnalysisOutcome
}

extension Analyst {
    package var readsEvidence: Bool { false }
}
