import Context
import MonitorEngine
import Pipeline
import Slack

/// Picks how runs deliver: each monitor's bot channel or webhook when configured, a printed preview otherwise.
enum DeliveryChoice {
    /// - Parameters:
    ///   - monitors: every monitor whose messages it may send (earlier undelivered ones included).
    ///   - running: the monitors about to run, whose destinations are checked.
    /// - Throws: ``PipelineError`` (config) when a destination of `running` is set but cannot work.
    static func make(for invocation: Invocation, monitors: [Monitor], running: [Monitor], print: Bool) throws(PipelineError)
        -> any Delivery
    {
        let console = invocation.console
        let delivery = RoutedDelivery(monitors: monitors, environment: console.environment) { text in
            if print { console.out("\n" + text + "\n") }
        }
        try delivery.check(running)
        return delivery
    }
}
