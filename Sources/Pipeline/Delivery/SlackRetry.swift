import Foundation

/// The retry schedule both Slack senders follow: wait for `Retry-After` on 429, back off exponentially on
/// 5xx and transport errors, and stop at once on an answer no retry can change.
struct SlackRetry {
    /// What one attempt concluded.
    enum Step {
        /// Final: sent, or refused for good.
        case done(DeliveryOutcome)
        /// Rate limited: wait this long, then try again.
        case rateLimited(after: Double, reason: String)
        /// Transient failure: back off, then try again.
        case transient(reason: String)
    }

    let maxAttempts: Int
    let sleep: @Sendable (Double) -> Void

    /// Runs `attempt` until it is done or the attempts run out.
    func run(destination: String, _ attempt: (Int) -> Step) -> DeliveryOutcome {
        var last = ""
        for number in 1...maxAttempts {
            switch attempt(number) {
            case .done(let outcome): return outcome
            case .rateLimited(let wait, let reason):
                last = reason
                if number < maxAttempts { sleep(min(30, wait)) }
            case .transient(let reason):
                last = reason
                if number < maxAttempts { sleep(min(8, 0.25 * pow(2, Double(number - 1)))) }
            }
        }
        return DeliveryOutcome(kind: .failed, destination: destination,
            detail: "\(last) after \(maxAttempts) attempts; `aa deliver --pending` sends it later")
    }

    /// The step for an HTTP reply that was neither accepted nor refused for good.
    static func retryable(_ reply: HTTPReply) -> Step {
        if reply.status == 429 {
            let wait = Double(reply.headers["retry-after"] ?? "") ?? 1
            return .rateLimited(after: wait, reason: "rate limited (429, Retry-After \(wait)s)")
        }
        return .transient(reason: reply.transportError.map { "no answer (\($0))" } ?? "Slack answered \(reply.status)")
    }
}
