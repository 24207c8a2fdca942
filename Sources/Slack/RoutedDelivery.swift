import CanonicalJSON
import Context
import Foundation
import MonitorEngine

/// Sends each monitor's messages with the bot (`SLACK_BOT_TOKEN` and a channel), else to the webhook its
/// registry entry names by environment variable, and previews (recording `message.skipped`) when neither is set.
package struct RoutedDelivery: Delivery {
    let webhookEnv: [String: String]
    let channels: [String: String]
    let environment: [String: String]
    let preview: PreviewDelivery
    let sleep: @Sendable (Double) -> Void

    /// - Parameters:
    ///   - monitors: every monitor that may deliver, for their `webhook_env`.
    ///   - environment: where webhook URLs are read; they go no further than the HTTP request.
    package init(
        monitors: [Monitor], environment: [String: String], printer: @escaping @Sendable (String) -> Void,
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        webhookEnv = Dictionary(monitors.map { ($0.name, $0.alerting.webhookEnv) }, uniquingKeysWith: { first, _ in first })
        channels = Dictionary(monitors.compactMap { m in m.alerting.channel.map { (m.name, $0) } }, uniquingKeysWith: { first, _ in first })
        self.environment = environment
        self.sleep = sleep
        preview = PreviewDelivery(reason: "no webhook configured; the message was previewed only", printer: printer)
    }

    /// Refuses a destination that is set but cannot work — a webhook variable that is not a usable http(s) URL, a bot
    /// token with no channel to post in, a Slack API root that is not a usable http(s) URL — before any run starts, so a
    /// typo is never read as "not configured" and the alerts previewed only.
    ///
    /// - Throws: ``PipelineError`` (config), one sentence naming the variable.
    package func check(_ monitors: [Monitor]) throws(PipelineError) {
        _ = try EnvironmentURL.http(environment, "AA_SLACK_API_URL", purpose: "Slack's Web API root", example: "https://slack.com/api")
        for monitor in monitors {
            let name = monitor.alerting.webhookEnv
            _ = try EnvironmentURL.http(
                environment, name, purpose: "the Slack incoming-webhook URL", example: "https://hooks.slack.com/services/T000/B000/XXXX")
            if environment["SLACK_BOT_TOKEN"]?.isEmpty == false, (channels[monitor.name] ?? environment["SLACK_CHANNEL"] ?? "").isEmpty {
                throw PipelineError(
                    .config,
                    "SLACK_BOT_TOKEN is set but monitor \(monitor.name) has no channel to post in; set SLACK_CHANNEL or the "
                        + "monitor's alerting.channel, or unset SLACK_BOT_TOKEN to use \(name)")
            }
        }
    }

    func webhook(for monitor: String) -> SlackWebhookDelivery? {
        let name = webhookEnv[monitor] ?? "SLACK_WEBHOOK_URL"
        guard let text = environment[name], !text.isEmpty, case .success(let url) = EnvironmentURL.parse(text) else {
            return nil
        }
        return SlackWebhookDelivery(url: url, envName: name, sleep: sleep)
    }

    /// The bot that posts `monitor`'s messages, when bot mode is configured for it: where its reactions are read.
    package func bot(for monitor: String) -> SlackBotDelivery? {
        guard let token = environment["SLACK_BOT_TOKEN"], !token.isEmpty,
            let channel = channels[monitor] ?? environment["SLACK_CHANNEL"], !channel.isEmpty,
            case .success(let api) = EnvironmentURL.parse(environment["AA_SLACK_API_URL"] ?? "https://slack.com/api")
        else { return nil }
        return SlackBotDelivery(api: api, token: token, channel: channel, sleep: sleep)
    }

    /// The monitors of `monitors` that post in bot mode, each with its bot.
    package func bots(for monitors: [Monitor]) -> [(Monitor, SlackBotDelivery)] {
        monitors.compactMap { m in bot(for: m.name).map { (m, $0) } }
    }

    package func destination(for monitor: String) -> String {
        bot(for: monitor)?.destination(for: monitor) ?? webhook(for: monitor)?.destination ?? preview.destination(for: monitor)
    }

    package func deliver(_ payload: JSONValue, monitor: String, thread: String?, deliveryKey: String) -> DeliveryOutcome {
        if let bot = bot(for: monitor) { return bot.deliver(payload, monitor: monitor, thread: thread, deliveryKey: deliveryKey) }
        return deliver(payload, monitor: monitor, thread: thread)
    }

    package func lookUp(deliveryKey: String, monitor: String) -> DeliveryLookUp {
        bot(for: monitor)?.lookUp(deliveryKey: deliveryKey, monitor: monitor) ?? .cannotTell(reason: nil)
    }

    package func previewOnly(reason: String) -> PreviewDelivery { preview.previewOnly(reason: reason) }

    package func complete(_ payload: JSONValue, found receipt: JSONValue, monitor: String, deliveryKey: String) -> String? {
        bot(for: monitor)?.complete(payload, found: receipt, monitor: monitor, deliveryKey: deliveryKey)
    }

    package func deliver(_ payload: JSONValue, monitor: String, thread: String?) -> DeliveryOutcome {
        if let bot = bot(for: monitor) { return bot.deliver(payload, monitor: monitor, thread: thread) }
        guard let webhook = webhook(for: monitor) else {
            let name = webhookEnv[monitor] ?? "SLACK_WEBHOOK_URL"
            return PreviewDelivery(
                reason: "no webhook configured (\(name) is not set); the message was previewed only", printer: preview.printer
            )
            .deliver(payload, monitor: monitor, thread: thread)
        }
        return webhook.deliver(payload, monitor: monitor, thread: thread)
    }
}
