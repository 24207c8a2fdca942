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
        var payload: [String: JSONValue] = [
            "model": .string(analysis.model), "prompt_version": .string(analysis.promptVersion), "builtin": .bool(analysis.builtin),
            "input_digest": .string(digest), "anomaly_ids": .array(findings.compactMap { $0["anomaly_id"] }),
            "output": analysis.output, "trace": analysis.trace,
        ]
        if let analyzedRunId { payload["analyzed_run_id"] = .string(analyzedRunId) }
        return recorder.record(.analysisProduced, derived: true, cause: failedId ?? cause, .object(payload))
    }

    /// Appends `analysis.failed`; returns its event id.
    @discardableResult
    static func appendFailure(_ failure: AnalysisFailure, cause: String?, to recorder: inout RunRecorder) -> String {
        recorder.record(
            .analysisFailed, derived: true, cause: cause,
            [
                "model": .string(failure.model), "prompt_version": .string(failure.promptVersion), "reason": .string(failure.reason),
                "input_digest": .string(failure.inputDigest), "trace": failure.trace,
            ])
    }
}
