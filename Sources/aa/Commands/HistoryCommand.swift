import MonitorEngine
import CanonicalJSON
import EventArchive
import Pipeline

/// `aa history`: the event log, filtered.
enum HistoryCommand {
    static let spec = CommandSpec(
        name: "history", summary: "List archived events, oldest first.",
        usage: "aa history [--monitor M] [--since D] [--until D] [--type T] [--run RUN] [--limit N] [--payload] [--json]",
        options: [
            .value("--monitor", "M", "only this monitor"),
            .source,
            .value("--since", "D", "run dates on or after D (YYYY-MM-DD or Nd, e.g. 90d)"),
            .value("--until", "D", "run dates on or before D"),
            .value("--type", "T", "event types, comma-separated (e.g. anomaly.flagged,run.failed)"),
            .value("--run", "RUN", "only events of this run"),
            .value("--limit", "N", "at most N events"),
            .flag("--payload", "include payloads in --json output"),
        ],
        examples: ["aa history --monitor revenue_funnel_demo --since 90d", "aa history --type run.failed --json", "aa history --run run_2026-11-27_revenue_funnel_demo_1a2b3c4d"],
        run: run)

    static func run(_ args: ParsedArguments, _ console: Console) throws(PipelineError) -> Int32 {
        let invocation = Invocation(arguments: args, console: console, clock: .system)
        let store = try invocation.readArchive()
        var filter = try invocation.eventFilter()
        filter.includePayload = args.flag("--payload")
        if let limit = args.value("--limit") {
            guard let n = Int(limit), n > 0 else { throw PipelineError(.usage, "--limit must be a positive whole number, got '\(limit)'") }
            filter.limit = n
        }
        let events: [EventEnvelope]
        do { events = try store.events(filter) } catch { throw Invocation.convert(error) }
        if invocation.json {
            let withPayload = args.flag("--payload")
            console.json(.array(events.map { e in
                var row = e.bigQueryRow.objectValue ?? [:]
                if withPayload { row["payload"] = e.payload } else { row.removeValue(forKey: "payload") }
                return .object(row)
            }))
        } else {
            console.table(["seq", "occurred_at", "type", "monitor", "run_date", "run_id", "event_id"], events.map { e in
                [String(e.sequence), e.occurredAt, e.type, e.monitor, e.runDate, e.runId, e.eventId]
            })
        }
        return 0
    }
}
