import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline

/// `aa alerts`: alerts in the current reports.
enum AlertsCommand {
    static let spec = CommandSpec(
        name: "alerts", summary: "List alerts in the current reports (latest run per monitor and day), newest first.",
        usage: "aa alerts [--since D] [--monitor M] [--all] [--json]",
        options: [
            .since.explained("run dates on or after D (YYYY-MM-DD or Nd; default 30d)"),
            .monitor,
            .all.explained("include persisting and expected findings, not only alerts"),
        ],
        examples: ["aa alerts", "aa alerts --since 90d --json", "aa alerts --monitor revenue_funnel_demo --all"], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let given = try Options(invocation)
        let since = given.since
        let store = try invocation.readArchive()
        if let monitor = given.monitor { try invocation.requireMonitor(monitor, in: store) }
        let alerts: [CurrentAlert]
        do {
            alerts = try store.currentAlerts(since: since.description, monitor: given.monitor, includeAll: given.all)
        } catch { throw PipelineError(error) }
        if invocation.json {
            console.json(.array(alerts.map(\.json)), as: .alerts)
        } else if alerts.isEmpty {
            console.out("no alerts since \(since)")
        } else {
            console.table(
                ["date", "monitor", "anomaly", "severity", "status", "metric", "slice", "value", "baseline", "change"],
                alerts.map { a in
                    [
                        a.runDate, a.monitor, a.anomalyId, a.severity ?? "", a.status ?? "", a.metric, "\(a.dimension)=\(a.slice)",
                        Format.number(a.value), Format.number(a.baseline), Format.percent(a.deltaRel),
                    ]
                }, expendable: ["monitor", "baseline", "value", "status"])
        }
        return 0
    }

    /// `aa alerts`'s options, read once.
    struct Options {
        /// First run date listed (default 30 days ago).
        let since: Day
        let monitor: String?
        /// With `--all`: persisting and expected findings too, not only alerts.
        let all: Bool

        init(_ invocation: Invocation) throws(PipelineError) {
            since = try invocation.bound(.since) ?? invocation.clock.today.adding(-30)
            monitor = invocation.arguments.value(.monitor)
            all = invocation.arguments.flag(.all)
        }
    }
}
