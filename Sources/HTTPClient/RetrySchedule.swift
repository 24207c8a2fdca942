import Foundation

/// The retry schedule every HTTP client here follows: wait as long as `Retry-After` (or `retry-after-ms`) asks on
/// 429, back off exponentially with jitter on 5xx, timeouts and dropped connections, and stop at once on an
/// answer no retry can change.
package struct RetrySchedule {
    /// What one attempt concluded.
    package enum Step<Result> {
        /// Final: succeeded, or refused for good.
        case done(Result)
        /// Rate limited: wait this long, then try again.
        case rateLimited(after: Double, reason: String)
        /// Transient failure: back off, then try again.
        case transient(reason: String)
    }

    let maxAttempts: Int
    let sleep: @Sendable (Double) -> Void
    /// Longest wait honoured for a `Retry-After`.
    var maxWait: Double = 30

    package init(maxAttempts: Int, sleep: @escaping @Sendable (Double) -> Void, maxWait: Double = 30) {
        self.maxAttempts = maxAttempts
        self.sleep = sleep
        self.maxWait = maxWait
    }

    /// Runs `attempt` (numbered from 1) until it is done or the attempts run out; `exhausted` gets the last reason.
    package func run<Result>(_ attempt: (Int) -> Step<Result>, exhausted: (String) -> Result) -> Result {
        var last = ""
        for number in 1...maxAttempts {
            switch attempt(number) {
            case .done(let result): return result
            case .rateLimited(let wait, let reason):
                last = reason
                if number < maxAttempts { sleep(min(maxWait, wait)) }
            case .transient(let reason):
                last = reason
                if number < maxAttempts { sleep(Self.backoff(number)) }
            }
        }
        return exhausted("\(last) after \(maxAttempts) attempts")
    }

    /// Exponential backoff with up to 25% jitter: about 0.25 s, 0.5 s, 1 s … capped at 8 s.
    package static func backoff(_ attempt: Int) -> Double {
        let base = min(8, 0.25 * pow(2, Double(attempt - 1)))
        return base * (1 + Double.random(in: 0..<0.25))
    }

    /// How long a 429 (or 503) asks the client to wait: `retry-after-ms` first, then `Retry-After` in seconds.
    package static func requestedWait(_ reply: HTTPReply) -> Double? {
        if let ms = reply.headers["retry-after-ms"].flatMap(Double.init), ms >= 0 { return ms / 1000 }
        if let seconds = reply.headers["retry-after"].flatMap(Double.init), seconds >= 0 { return seconds }
        return nil
    }

    /// The step for an HTTP reply that was neither accepted nor refused for good; `service` names who answered.
    package static func retryable<Result>(_ reply: HTTPReply, service: String) -> Step<Result> {
        if reply.status == 429 {
            let wait = requestedWait(reply) ?? 1
            return .rateLimited(after: wait, reason: "rate limited (429, Retry-After \(String(format: "%g", wait))s)")
        }
        return .transient(reason: reply.transportError ?? "\(service) answered \(reply.status)")
    }
}
