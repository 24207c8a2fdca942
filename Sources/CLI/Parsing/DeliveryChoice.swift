import MonitorEngine
import Pipeline
import Slack

/// Picks how runs deliver: each monitor's webhook when its environment variable is set, a printed preview otherwise.
enum DeliveryChoice {
    static func make(for invocation: Invocation, monitors: [Monitor], print: Bool) -> any Delivery {
        let console = invocation.console
        return RoutedDelivery(monitors: monitors, environment: console.environment) { text in
            if print { console.out("\n" + text + "\n") }
        }
    }
}
