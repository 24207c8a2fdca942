import CanonicalJSON
import Context
import EventArchive
import Foundation
import MonitorEngine
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
        examples: [
            "aa history --monitor revenue_funnel_demo --since 90d", "aa history --type run.failed --json",
            "aa history --run run_2026-11-27_revenue_funnel_demo_1a2b3c4d",
        ],
        run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        let store = try invocation.readArchive()
        var filter = try invocation.eventFilter(in: store)
        filter.includePayload = args.flag("--payload")
        if let limit = args.value("--limit") {
            guard let n = Int(limit), n > 0 else { throw PipelineError(.usage, "--limit must be a positive whole number, got '\(limit)'") }
            filter.limit = n
        }
        if invocation.json {
            try streamJSON(store, filter, console: console)
            return 0
        }
        let events: [EventEnvelope]
        do { events = try store.events(filter) } catch { throw Invocation.convert(error) }
        console.table(
            ["seq", "occurred_at", "type", "monitor", "run_date", "run_id", "event_id"],
            events.map { e in
                [String(e.sequence), e.occurredAt, e.type.rawValue, e.monitor, e.runDate, e.runId, e.eventId]
            }, expendable: ["monitor", "occurred_at", "run_date"])
        return 0
    }

    /// The events as a JSON array written one event at a time, each payload spliced in as the canonical text it
    /// is stored as (never parsed), so a long history streams at the speed of the archive.
    static func streamJSON(_ store: ArchiveStore, _ filter: EventFilter, console: Console) throws(PipelineError) {
        // A stand-in string no envelope field holds, replaced by the payload after the row is printed.
        let marker = "\u{1}aa-payload\u{1}"
        let quoted = JSONValue.string(marker).canonicalString
        var first = true
        do {
            try store.forEachEvent(matching: filter) { e in
                var row = e.bigQueryRow.objectValue ?? [:]
                row["payload"] = filter.includePayload ? .string(marker) : nil
                var text = JSONValue.array([.object(row)]).prettyString
                text = String(text.dropFirst(2).dropLast(2)) // the element, without the array's "[\n" and "\n]"
                if let range = text.range(of: quoted) { text.replaceSubrange(range, with: e.payloadText) }
                console.write((first ? "[\n" : ",\n") + text)
                first = false
            }
        } catch { throw Invocation.convert(error) }
        console.out(first ? "[]" : "\n]")
    }
}
