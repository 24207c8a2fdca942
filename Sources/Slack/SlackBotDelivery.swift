import CanonicalJSON
import Foundation
import HTTPClient

/// Bot mode: `chat.postMessage` with a bot token. The alert is the parent message and the analyst's narrative
/// a reply in its thread; updates reply in the thread of the first message. The token never leaves this type.
package struct SlackBotDelivery: Delivery {
    let api: URL
    let token: String
    let channel: String
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
        deliver(
            payload, monitor: monitor, thread: thread,
            metadata: ["event_type": .string(Self.metadataType), "event_payload": ["delivery_key": .string(deliveryKey)]])
    }

    /// The message metadata type that tags aa's posts with their delivery key.
    static let metadataType = "aa_delivery"

    /// Looks through the channel's recent history (`conversations.history`, metadata included) for the post tagged
    /// `deliveryKey`.
    package func lookUp(deliveryKey: String, monitor: String) -> DeliveryLookUp {
        var query = URLComponents(url: api.appendingPathComponent("conversations.history"), resolvingAgainstBaseURL: false)
        query?.queryItems = [
            URLQueryItem(name: "channel", value: channel), URLQueryItem(name: "include_all_metadata", value: "true"),
            URLQueryItem(name: "limit", value: "200"),
        ]
        guard let url = query?.url else { return .cannotTell }
        let reply = poster.post(url: url, json: Data("{}".utf8), headers: ["Authorization": "Bearer \(token)"])
        guard reply.status == 200, let answer = try? JSONValue.parse(reply.body), answer["ok"] == true,
            let messages = answer["messages"]?.arrayValue
        else { return .cannotTell }
        let tagged = messages.first {
            $0["metadata"]?["event_type"] == .string(Self.metadataType)
                && $0["metadata"]?["event_payload"]?["delivery_key"] == .string(deliveryKey)
        }
        guard let tagged, let ts = tagged["ts"]?.stringValue else { return .absent }
        return .found(receipt: ["channel": answer["channel"] ?? .string(channel), "ts": .string(ts), "thread_ts": .string(ts)])
    }

    func deliver(_ payload: JSONValue, monitor: String, thread: String?, metadata: JSONValue?) -> DeliveryOutcome {
        let blocks = payload["blocks"]?.arrayValue ?? []
        // The narrative (from the divider on) goes in the thread; the alert itself stays short in the channel.
        let split = blocks.firstIndex { $0["type"] == "divider" } ?? blocks.count
        var parent: [String: JSONValue] = [
            "channel": .string(channel), "text": payload["text"] ?? "", "blocks": .array(Array(blocks[..<split])),
        ]
        if let thread { parent["thread_ts"] = .string(thread) }
        if let metadata { parent["metadata"] = metadata }
        let first = post(.object(parent))
        guard first.kind == .sent, let ts = first.receipt["ts"]?.stringValue else { return first }
        let threadTs = thread ?? ts
        let narrative = Array(blocks[split...].dropFirst())
        if !narrative.isEmpty {
            let reply = post(["channel": .string(channel), "thread_ts": .string(threadTs), "text": "Analysis", "blocks": .array(narrative)])
            if reply.kind != .sent {
                return DeliveryOutcome(
                    kind: .sent, destination: destination(for: monitor),
                    detail: "alert posted; the narrative reply failed: \(reply.detail)",
                    receipt: ["channel": .string(channel), "ts": .string(ts), "thread_ts": .string(threadTs)])
            }
        }
        return DeliveryOutcome(
            kind: .sent, destination: destination(for: monitor), detail: first.detail,
            receipt: ["channel": first.receipt["channel"] ?? .string(channel), "ts": .string(ts), "thread_ts": .string(threadTs)])
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
