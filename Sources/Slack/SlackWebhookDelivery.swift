import CanonicalJSON
import Foundation
import HTTPClient

/// Posts to a Slack incoming webhook: honours 429 Retry-After, retries 5xx and timeouts with backoff,
/// and refuses to retry what Slack will never accept. The URL never leaves this type.
package struct SlackWebhookDelivery: Delivery {
    let url: URL
    /// The environment variable the URL came from: the only name events and logs see.
    let envName: String
    let poster: HTTPPoster
    let maxAttempts: Int
    let sleep: @Sendable (Double) -> Void

    package init(
        url: URL, envName: String, poster: HTTPPoster = HTTPPoster(), maxAttempts: Int = 3,
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        self.url = url
        self.envName = envName
        self.poster = poster
        self.maxAttempts = maxAttempts
        self.sleep = sleep
    }

    package var destination: String { "slack:\(envName)" }

    package func destination(for monitor: String) -> String { destination }

    /// Slack's answers that no retry can fix, with what to do about them.
    static let permanent: [String: String] = [
        "invalid_payload": "the Block Kit payload was malformed",
        "no_text": "the message had no text",
        "no_service": "the webhook was removed or disabled; create a new one and update",
        "channel_not_found": "the webhook's channel no longer exists; create a new webhook and update",
        "channel_is_archived": "the webhook's channel is archived; create a new webhook and update",
        "action_prohibited": "a workspace admin restricted posting; ask them, or use another webhook in",
        "posting_to_general_channel_denied": "only admins may post to that channel; use another webhook in",
    ]

    /// Webhooks cannot thread; `thread` is ignored.
    package func deliver(_ payload: JSONValue, monitor: String, thread: String?) -> DeliveryOutcome {
        let body = Data(payload.canonicalString.utf8)
        return RetrySchedule(maxAttempts: maxAttempts, sleep: sleep).run(
            { attempt in
                let reply = poster.post(url: url, json: body)
                if reply.status == 200 {
                    return .done(DeliveryOutcome(kind: .sent, destination: destination, detail: "accepted on attempt \(attempt)"))
                }
                let answer = reply.body.trimmingCharacters(in: .whitespacesAndNewlines)
                if let meaning = Self.permanent[answer] {
                    let fix = meaning.hasSuffix("update") || meaning.hasSuffix("in") ? " \(envName)" : ""
                    return .done(
                        DeliveryOutcome(
                            kind: .failed, destination: destination,
                            detail: "Slack refused the message (\(answer)): \(meaning)\(fix); not retried"))
                }
                if [400, 403, 404, 410].contains(reply.status) {
                    return .done(
                        DeliveryOutcome(
                            kind: .failed, destination: destination,
                            detail:
                                "Slack answered \(reply.status) \(answer.isEmpty ? "" : "(\(answer)) ")— check the webhook in "
                                + "\(envName); not retried"
                        ))
                }
                return RetrySchedule.retryable(reply, service: "Slack")
            },
            exhausted: { DeliveryOutcome(kind: .failed, destination: destination, detail: $0 + "; `aa deliver --pending` sends it later") })
    }
}
