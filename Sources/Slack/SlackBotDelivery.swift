import CanonicalJSON
import EventArchive
import Foundation
import HTTPClient

/// Bot mode: `chat.postMessage` with a bot token. The alert is the parent message and the analyst's narrative
/// a reply in its thread; updates reply in the thread of the first message. The token never leaves this type.
package struct SlackBotDelivery: Delivery {
    let api: URL
    let token: String
    /// The channel it posts in and reads.
    package let channel: String
    let poster: HTTPPoster
    let maxAttempts: Int
    let sleep: @Sendable (Double) -> Void

    package init(
        api: URL, token: String, channel: String, poster: HTTPPoster = HTTPPoster(), maxAttempts: Int = 3,
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        self.api = api
        self.token = token
        self.channel = channel
        self.poster = poster
        self.maxAttempts = maxAttempts
        self.sleep = sleep
    }

    package func destination(for monitor: String) -> String { "slack-bot:\(channel)" }

    package func deliver(_ payload: JSONValue, monitor: String, thread: String?) -> DeliveryOutcome {
        deliver(payload, monitor: monitor, thread: thread, metadata: nil)
    }

    package func deliver(_ payload: JSONValue, monitor: String, thread: String?, deliveryKey: String) -> DeliveryOutcome {
        deliver(payload, monitor: monitor, thread: thread, metadata: Self.metadata(deliveryKey))
    }

    /// The message metadata type that tags aa's posts with their delivery key.
    static let metadataType = "aa_delivery"

    /// The metadata tagging a post (`part` nil) or its narrative reply (`part` "narrative") with its delivery key.
    static func metadata(_ deliveryKey: String, part: String? = nil) -> JSONValue {
        var payload: [String: JSONValue] = ["delivery_key": .string(deliveryKey)]
        if let part { payload["part"] = .string(part) }
        return ["event_type": .string(metadataType), "event_payload": .object(payload)]
    }

    /// Looks through the channel's recent history (`conversations.history`, metadata included) for the post tagged
    /// `deliveryKey`.
    package func lookUp(deliveryKey: String, monitor: String) -> DeliveryLookUp {
        let messages: [JSONValue]
        switch read("conversations.history", ["limit": "200"]) {
        case .success(let found): messages = found
        case .failure(let reason): return .cannotTell(reason: reason.sentence)
        }
        let tagged = messages.first { Self.isTagged($0, deliveryKey, part: nil) }
        guard let tagged, let ts = tagged["ts"]?.stringValue else { return .absent }
        return .found(receipt: ["channel": .string(channel), "ts": .string(ts), "thread_ts": .string(ts)])
    }

    /// Posts the narrative reply under a found post when its thread does not hold it — a crash between the alert
    /// and its reply left it out. When the thread cannot be read the reply is posted (a narrative twice is better
    /// than none).
    package func complete(_ payload: JSONValue, found receipt: JSONValue, monitor: String, deliveryKey: String) -> String? {
        let (_, narrative) = Self.split(payload)
        guard !narrative.isEmpty, let ts = receipt["ts"]?.stringValue else { return nil }
        if case .success(let thread) = read("conversations.replies", ["ts": ts]),
            thread.contains(where: { Self.isTagged($0, deliveryKey, part: "narrative") })
        {
            return nil
        }
        let reply = postReply(narrative, under: ts, deliveryKey: deliveryKey)
        return reply.kind == .sent
            ? "its narrative reply, which the crash left out, was posted in its thread now"
            : "its narrative reply, which the crash left out, could not be posted: \(reply.detail)"
    }

    static func isTagged(_ message: JSONValue, _ deliveryKey: String, part: String?) -> Bool {
        message["metadata"]?["event_type"] == .string(metadataType)
            && message["metadata"]?["event_payload"]?["delivery_key"] == .string(deliveryKey)
            && message["metadata"]?["event_payload"]?["part"]?.stringValue == part
    }

    /// Why the channel could not be read, as a clause for the run's note.
    package struct ReadFailure: Error {
        package let sentence: String
    }

    /// The messages of a read-only Web API method on this channel (metadata included); `reading` says what for, in
    /// the sentence a missing scope gives.
    func read(
        _ method: String, _ parameters: [String: String],
        reading: (what: String, gain: String) = ("searched for the earlier post", "exactly-once delivery")
    ) -> Result<[JSONValue], ReadFailure> {
        var query = URLComponents(url: api.appendingPathComponent(method), resolvingAgainstBaseURL: false)
        let items = ["channel": channel, "include_all_metadata": "true"].merging(parameters) { $1 }
        query?.queryItems = items.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        guard let url = query?.url else { return .failure(ReadFailure(sentence: "the channel name does not fit in a URL")) }
        let reply = poster.post(url: url, json: Data("{}".utf8), headers: ["Authorization": "Bearer \(token)"])
        guard reply.status == 200, let answer = try? JSONValue.parse(reply.body) else {
            return .failure(ReadFailure(sentence: "Slack's \(method) answered HTTP \(reply.status)"))
        }
        guard answer["ok"] == true, let messages = answer["messages"]?.arrayValue else {
            let error = answer["error"]?.stringValue ?? "unknown_error"
            if error == "missing_scope" {
                let needed = answer["needed"]?.stringValue ?? "channels:history"
                return .failure(
                    ReadFailure(
                        sentence:
                            "SLACK_BOT_TOKEN lacks the \(needed) scope, so the channel could not be \(reading.what) "
                            + "(add \(needed) to the Slack app for \(reading.gain))"))
            }
            return .failure(ReadFailure(sentence: "Slack refused \(method) (\(error))"))
        }
        return .success(messages)
    }

    /// The alert blocks (before the first divider) and the narrative blocks (after it).
    static func split(_ payload: JSONValue) -> (alert: [JSONValue], narrative: [JSONValue]) {
        let blocks = payload["blocks"]?.arrayValue ?? []
        let divider = blocks.firstIndex { $0["type"] == "divider" } ?? blocks.count
        return (Array(blocks[..<divider]), Array(blocks[divider...].dropFirst()))
    }

    func postReply(_ narrative: [JSONValue], under threadTs: String, deliveryKey: String?) -> DeliveryOutcome {
        var reply: [String: JSONValue] = [
            "channel": .string(channel), "thread_ts": .string(threadTs), "text": "Analysis", "blocks": .array(narrative),
        ]
        if let deliveryKey { reply["metadata"] = Self.metadata(deliveryKey, part: "narrative") }
        return post(.object(reply))
    }

    func deliver(_ payload: JSONValue, monitor: String, thread: String?, metadata: JSONValue?) -> DeliveryOutcome {
        // The narrative goes in the thread; the alert itself stays short in the channel.
        let (alert, narrative) = Self.split(payload)
        var parent: [String: JSONValue] = ["channel": .string(channel), "text": payload["text"] ?? "", "blocks": .array(alert)]
        if let thread { parent["thread_ts"] = .string(thread) }
        if let metadata { parent["metadata"] = metadata }
        let first = post(.object(parent))
        guard first.kind == .sent, let ts = first.receipt["ts"]?.stringValue else { return first }
        CrashPoint.reach("between-alert-and-reply")
        let threadTs = thread ?? ts
        let receipt: JSONValue = [
            "channel": first.receipt["channel"] ?? .string(channel), "ts": .string(ts), "thread_ts": .string(threadTs),
        ]
        if !narrative.isEmpty {
            let key = metadata?["event_payload"]?["delivery_key"]?.stringValue
            let reply = postReply(narrative, under: threadTs, deliveryKey: key)
            if reply.kind != .sent {
                return DeliveryOutcome(
                    kind: .sent, destination: destination(for: monitor),
                    detail: "alert posted; the narrative reply failed: \(reply.detail)",
                    receipt: receipt)
            }
        }
        return DeliveryOutcome(kind: .sent, destination: destination(for: monitor), detail: first.detail, receipt: receipt)
    }

    /// One `chat.postMessage`, retried on 429 and 5xx; Slack's `ok: false` errors are final.
    func post(_ body: JSONValue) -> DeliveryOutcome {
        let url = api.appendingPathComponent("chat.postMessage")
        let data = Data(body.canonicalString.utf8)
        let destination = "slack-bot:\(channel)"
        return RetrySchedule(maxAttempts: maxAttempts, sleep: sleep).run(
            { attempt in
                let reply = poster.post(url: url, json: data, headers: ["Authorization": "Bearer \(token)"])
                if reply.status == 200 {
                    let answer = (try? JSONValue.parse(reply.body)) ?? .null
                    if answer["ok"] == true {
                        return .done(
                            DeliveryOutcome(
                                kind: .sent, destination: destination, detail: "posted on attempt \(attempt)",
                                receipt: ["channel": answer["channel"] ?? .string(channel), "ts": answer["ts"] ?? .null]))
                    }
                    let error = answer["error"]?.stringValue ?? "unknown_error"
                    if error == "ratelimited" { return .rateLimited(after: 1, reason: "rate limited") }
                    return .done(
                        DeliveryOutcome(
                            kind: .failed, destination: destination,
                            detail:
                                "Slack refused chat.postMessage (\(error)); check SLACK_BOT_TOKEN's scopes and that the bot is in "
                                + "\(channel); not retried"
                        ))
                }
                if (400..<500).contains(reply.status) && reply.status != 429 {
                    return .done(
                        DeliveryOutcome(kind: .failed, destination: destination, detail: "Slack answered \(reply.status); not retried"))
                }
                return RetrySchedule.retryable(reply, service: "Slack")
            },
            exhausted: { DeliveryOutcome(kind: .failed, destination: destination, detail: $0 + "; `aa deliver --pending` sends it later") })
    }
}
