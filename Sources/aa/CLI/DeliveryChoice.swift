import EventArchive
import MonitorEngine
import Pipeline

/// Picks how a run's message is delivered. This build previews only; the Slack sender plugs in here.
enum DeliveryChoice {
    static func make(for invocation: Invocation, print: Bool) -> any Delivery {
        let console = invocation.console
        let configured = !(console.environment["SLACK_WEBHOOK_URL"] ?? "").isEmpty
        let reason = configured
            ? "Slack delivery is not part of this build yet; the message was previewed only"
            : "no webhook configured (SLACK_WEBHOOK_URL is not set); the message was previewed only"
        return PreviewDelivery(reason: reason) { text in
            if print { console.out("\n" + text + "\n") }
        }
    }
}
