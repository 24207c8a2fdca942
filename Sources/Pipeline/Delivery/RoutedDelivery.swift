import CanonicalJSON
import Foundation
import MonitorEngine

/// Sends each monitor's messages to the webhook its registry entry names by environment variable,
/// and previews (recording `message.skipped`) when that variable is unset.
public struct RoutedDelivery: Delivery {
    let webhookEnv: [String: String]
    let environment: [String: String]
    let preview: PreviewDelivery
    let sleep: @Sendable (Double) -> Void

    /// - Parameters:
    ///   - monitors: every monitor that may deliver, for their `webhook_env`.
    ///   - environment: where webhook URLs are read; they go no further than the HTTP request.
    public init(monitors: [Monitor], environment: [String: String], printer: @escaping @Sendable (String) -> Void,
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        webhookEnv = Dictionary(monitors.map { ($0.name, $0.alerting.webhookEnv) }, uniquingKeysWith: { first, _ in first })
        self.environment = environment
        self.sleep = sleep
        preview = PreviewDelivery(reason: "no webhook configured; the message was previewed only", printer: printer)
    }

    func webhook(for monitor: String) -> SlackWebhookDelivery? {
        let name = webhookEnv[monitor] ?? "SLACK_WEBHOOK_URL"
        guard let text = environment[name], !text.isEmpty, let url = URL(string: text), url.scheme?.hasPrefix("http") == true else { return nil }
        return SlackWebhookDelivery(url: url, envName: name, sleep: sleep)
    }

    public func destination(for monitor: String) -> String { webhook(for: monitor)?.destination ?? preview.destination(for: monitor) }

    public func deliver(_ payload: JSONValue, monitor: String, runDate: String) -> DeliveryOutcome {
        guard let webhook = webhook(for: monitor) else {
            let name = webhookEnv[monitor] ?? "SLACK_WEBHOOK_URL"
            return PreviewDelivery(reason: "no webhook configured (\(name) is not set); the message was previewed only", printer: preview.printer)
                .deliver(payload, monitor: monitor, runDate: runDate)
        }
        return webhook.deliver(payload, monitor: monitor, runDate: runDate)
    }
}
