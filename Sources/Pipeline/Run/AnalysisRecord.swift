import Analyst
import CanonicalJSON
import EventArchive

/// Turns an analysis outcome into its events: `analysis.failed` when an AI analysis failed, then the
/// `analysis.produced` that stands (the AI's answer, or the built-in narrative standing in).
enum AnalysisRecord {
    /// Appends the events; returns the `analysis.produced` event id.
    ///
    /// - Parameter analyzedRunId: for a re-analysis, the run whose findings were analysed.
    static func append(
        _ analysis: AnalysisOutcome, findings: [JSONValue], cause: String?, analyzedRunId: String? = nil, to recorder: inout RunRecorder
    ) -> String {
        let digest = AnalysisInput.digest(findings)
        let failedId = analysis.failure.map { appendFailure($0, cause: cause, to: &recorder) }
        let produced = AnalysisProduced(
            model: analysis.model, promptVersion: analysis.promptVersion, builtin: analysis.builtin, inputDigest: digest,
            anomalyIds: findings.compactMap { (try? AnomalyFlagged(json: $0))?.anomalyId }, output: analysis.output,
            trace: analysis.trace, analyzedRunId: analyzedRunId)
        return recorder.record(produced, derived: true, cause: failedId ?? cause)
    }

    /// Appends `analysis.failed`; returns its event id.
    @discardableResult
    static func appendFailure(_ failure: AnalysisFailed, cause: String?, to recorder: inout RunRecorder) -> String {
        recorder.record(failure, derived: true, cause: cause)
    }
}
