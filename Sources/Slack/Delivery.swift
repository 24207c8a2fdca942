import CanonicalJSON
import Foundation

/// What happened to a rendered message.
package struct DeliveryOutcome: Sendable {
    /// Which `message.*` event records it.
    package enum Kind: String, Sendable { case sent, failed, skipped }

    package let kind: Kind
    /// A name for where it went ("preview", "slack:SLACK_WEBHOOK_URL"); never a URL or token.
    package let destination: String
    package let detail: String
    /// What the destination handed back (bot mode: channel and message `ts`), so updates can reply in the same thread.
    package let receipt: JSONValue

    package init(kind: Kind, destination: String, detail: String, receipt: JSONValue = .null) {
        self.kind = kind
        self.destination = destination
        self.detail = detail
        self.receipt = receipt
    }
}

/// Where rendered messages go. Slack is one destination; the preview printer is another.
package protocol Delivery {
    /// The name events record for where `monitor`'s messages go (never a URL).
    func destination(for monitor: String) -> String
    /// Sends `payload`; `thread` is the `ts` of an earlier message to reply under, where the destination has threads.
    func deliver(_ payload: JSONValue, monitor: String, thread: String?) -> DeliveryOutcome
    /// Sends `payload` tagged with `deliveryKey` where the destination can keep it (bot mode: message metadata), so
    /// ``lookUp(deliveryKey:monitor:)`` finds it again.
    func deliver(_ payload: JSONValue, monitor: String, thread: String?, deliveryKey: String) -> DeliveryOutcome
    /// Whether a message tagged `deliveryKey` is already at the destination.
    func lookUp(deliveryKey: String, monitor: String) -> DeliveryLookUp
    /// A delivery that only previews, printing where this one prints its previews: what a dry run gets instead of this
    /// one, so nothing that posts is reachable from it.
    func previewOnly(reason: String) -> PreviewDelivery
    /// Sends what a crash kept from an earlier delivery that ``lookUp(deliveryKey:monitor:)`` found (bot mode: the
    /// narrative reply, when its thread lacks it); a sentence saying what it did, or nil when nothing was missing.
    func complete(_ payload: JSONValue, found receipt: JSONValue, monitor: String, deliveryKey: String) -> String?
}

/// What a destination says about an earlier post: there (with its receipt), not there, or it cannot tell (webhooks
/// keep nothing to search; a bot token without a history scope cannot read the channel — the reason says which).
package enum DeliveryLookUp: Sendable {
    case found(receipt: JSONValue)
    case absent
    case cannotTell(reason: String?)
}

extension Delivery {
    package func deliver(_ payload: JSONValue, monitor: String, thread: String?, deliveryKey: String) -> DeliveryOutcome {
        deliver(payload, monitor: monitor, thread: thread)
    }

    package func lookUp(deliveryKey: String, monitor: String) -> DeliveryLookUp { .cannotTell(reason: nil) }

    package func complete(_ payload: JSONValue, found receipt: JSONValue, monitor: String, deliveryKey: String) -> String? { nil }

    /// A destination with no printer of its own previews in silence.
    package func previewOnly(reason: String) -> PreviewDelivery { PreviewDelivery(reason: reason, printer: { _ in }) }
}

/// Prints the message instead of sending it: used when no webhook is configured, and for dry runs.
package struct PreviewDelivery: Delivery {
    let reason: String
    let printer: @Sendable (String) -> Void

    /// - Parameters:
    ///   - reason: why nothing was sent, recorded in `message.skipped`.
    ///   - printer: where the preview goes (nothing, in quiet runs).
    package init(reason: String, printer: @escaping @Sendable (String) -> Void) {
        self.reason = reason
        self.printer = printer
    }

    /// The destination name of a message that was only previewed.
    package static let destination = "preview"

    package func destination(for monitor: String) -> String { Self.destination }

    package func previewOnly(reason: String) -> PreviewDelivery { PreviewDelivery(reason: reason, printer: printer) }

    package func deliver(_ payload: JSONValue, monitor: String, thread: String?) -> DeliveryOutcome {
        printer(SlackPreview.text(payload))
        return DeliveryOutcome(kind: .skipped, destination: Self.destination, detail: reason)
    }
}

/// A terminal rendering of a Block Kit payload, so a preview reads like the Slack message.
package enum SlackPreview {
    package static func text(_ payload: JSONValue) -> String {
        var lines: [String] = []
        for block in payload["blocks"]?.arrayValue ?? [] {
            switch block["type"]?.stringValue {
            case "header": lines.append("━━ " + (block["text"]?["text"]?.stringValue ?? "") + " ━━")
            case "section": lines.append(block["text"]?["text"]?.stringValue ?? "")
            case "divider": lines.append("────")
            case "context": lines.append(contentsOf: (block["elements"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue })
            default: break
            }
        }
        return lines.joined(separator: "\n")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(
                of: "&amp;", with: "&")
    }
}
