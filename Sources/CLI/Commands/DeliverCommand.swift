import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline
import Slack

/// `aa deliver`: send what is still undelivered, or preview a day's message.
enum DeliverCommand {
    static let spec = CommandSpec(
        name: "deliver",
        summary: "Send messages that failed earlier (--pending), or print the Slack payload of a day's message (--preview).",
        usage: "aa deliver --pending [--json] | aa deliver --preview --monitor M --date D",
        options: [
            .wait,
            .pending,
            .preview,
            .monitor.explained("monitor (with --preview)"), .date.explained("run date (with --preview; default yesterday)"),
        ],
        examples: ["aa deliver --pending", "aa deliver --preview --monitor revenue_funnel_demo --date 2026-11-20"], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        switch try Options(invocation).action {
        case .preview(let monitor, let day):
            let date = day.description
            let reader = ArchiveReader(store: try invocation.readArchive())
            guard let runId = try reader.currentRun(monitor: monitor, date: date) else {
                throw PipelineError(
                    .notFound, "no completed run of \(monitor) for \(date); run `aa run --monitors \(monitor) --date \(date)` first")
            }
            let record = try reader.lastMessage(of: runId)
            guard let message = record?.message, message != .null else {
                let reason = record?.reason ?? "no message was rendered"
                if invocation.json {
                    console.json(
                        ["monitor": .string(monitor), "run_date": .string(date), "message": .null, "reason": .string(reason)],
                        as: .deliverPreview)
                } else {
                    console.out("the \(date) report of \(monitor) has no message to send (\(reason))")
                }
                return 0
            }
            if invocation.json {
                console.raw(message.prettyString + "\n")
            } else {
                console.out(SlackPreview.text(message) + "\n\n" + message.prettyString)
            }
            return 0
        case .pending: break
        }
        let loaded = try invocation.registry()
        let delivery = RoutedDelivery(monitors: loaded.registry.monitors, environment: console.environment, printer: { _ in })
        try delivery.check(loaded.registry.monitors)
        let results = try invocation.writing(create: false) { (store) throws(PipelineError) in
            try PendingDeliveries(store: store, delivery: delivery, clock: invocation.clock).send()
        }
        if invocation.json {
            console.json(
                .array(
                    results.map { r in
                        [
                            "event_id": .string(r.event.eventId), "monitor": .string(r.event.monitor), "run_date": .string(r.event.runDate),
                            "outcome": .string(r.outcome.kind.rawValue), "detail": .string(r.outcome.detail),
                        ]
                    }), as: .deliverPending)
        } else if results.isEmpty {
            console.out("nothing pending: every message was delivered")
        } else {
            for r in results { console.out("\(r.event.monitor) \(r.event.runDate): \(r.outcome.kind.rawValue) — \(r.outcome.detail)") }
        }
        return results.contains { $0.outcome.kind == .failed } ? 1 : 0
    }

    /// `aa deliver`'s options, read once: which of its two actions.
    struct Options {
        enum Action {
            /// Print the message of a monitor's day.
            case preview(monitor: String, date: Day)
            /// Send every message that failed and was never sent since.
            case pending
        }

        let action: Action

        init(_ invocation: Invocation) throws(PipelineError) {
            let args = invocation.arguments
            try args.refuseTogether(.preview, .pending)
            if args.flag(.preview) {
                action = .preview(monitor: try args.required(.monitor, for: "deliver --preview"), date: try invocation.runDate())
            } else if args.flag(.pending) {
                action = .pending
            } else {
                throw PipelineError(.usage, "`aa deliver` needs --pending or --preview; see `aa deliver --help`")
            }
        }
    }
}
