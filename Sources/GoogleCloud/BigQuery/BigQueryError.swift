import CanonicalJSON

/// A failure BigQuery reported (its HTTP status, `reason` and message) or a transport failure reaching it.
package struct BigQueryError: Error, Sendable {
    /// HTTP status; 0 when no answer arrived, 200 for an error inside a successful response.
    package let status: Int
    /// BigQuery's reason: `invalidQuery`, `notFound`, `accessDenied`, `duplicate`, `rateLimitExceeded`, … or `transport`.
    package let reason: String
    package let message: String

    /// Reasons a retry can fix.
    static let transientReasons: Set<String> = ["rateLimitExceeded", "backendError", "internalError", "transport", "jobRateLimitExceeded"]

    package var retryable: Bool { Self.transientReasons.contains(reason) || status == 429 || status >= 500 }

    /// `reason: message`, as messages quote it.
    package var description: String { "\(reason): \(message)" }

    /// The error in an answer, whichever shape it used: the error envelope (`{"error": {...}}`, real BigQuery's
    /// failures) or a top-level `errors` array (the emulator's failed queries, with HTTP 200); nil when it reports none.
    static func from(_ json: JSONValue, status: Int) -> BigQueryError? {
        if let envelope = json["error"], envelope.objectValue != nil {
            let first = envelope["errors"]?.arrayValue?.first
            return BigQueryError(
                status: status, reason: first?["reason"]?.stringValue ?? envelope["status"]?.stringValue ?? "HTTP \(status)",
                message: envelope["message"]?.stringValue ?? first?["message"]?.stringValue ?? "")
        }
        if let first = json["errors"]?.arrayValue?.first {
            return BigQueryError(
                status: status, reason: first["reason"]?.stringValue ?? "error", message: first["message"]?.stringValue ?? "")
        }
        return nil
    }

    /// Why a job resource finished with an error (`status.errorResult`), or nil when it did not.
    static func jobFailure(_ job: JSONValue) -> BigQueryError? {
        guard let result = job["status"]?["errorResult"], result.objectValue != nil else { return nil }
        return BigQueryError(status: 200, reason: result["reason"]?.stringValue ?? "error", message: result["message"]?.stringValue ?? "")
    }
}
