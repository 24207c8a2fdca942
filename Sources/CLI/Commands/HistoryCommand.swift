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
            .monitor,
            .source,
            .since.explained("run dates on or after D (YYYY-MM-DD or Nd, e.g. 90d)"),
            .until,
            .eventType.explained("event types, comma-separated (e.g. anomaly.flagged,run.failed)"),
            .run.explained("only events of this run"),
            .limit,
            .payload,
        ],
        examples: [
            "aa history --monitor revenue_funnel_demo --since 90d", "aa history --type run.failed --json",
            "aa history --run run_2026-11-27_revenue_funnel_demo_1a2b3c4d",
        ],
        run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let given = try Options(invocation)
        let store = try invocation.readArchive()
        var filter = try invocation.eventFilter(in: store)
        filter.includePayload = given.payload
        filter.limit = given.limit
        if invocation.json {
            try streamJSON(store, filter, console: console)
            return 0
        }
        let events: [EventEnvelope]
        do { events = try store.events(filter) } catch { throw PipelineError(error) }
        console.table(
            ["seq", "occurred_at", "type", "monitor", "run_date", "run_id", "event_id"],
            events.map { e in
                [String(e.sequence), e.occurredAt, e.type.rawValue, e.monitor, e.runDate, e.runId, e.eventId]
            }, expendable: ["event_id", "run_id", "monitor", "occurred_at", "run_date"])
        return 0
    }

    /// The events as a JSON array written one event at a time, each payload spliced in as the canonical text it
    /// is stored as (never parsed), so a long history streams at the speed of the archive.
    static func streamJSON(_ store: ArchiveStore, _ filter: EventFilter, console: Console) throws(PipelineError) {
        // A stand-in string no envelope field holds, replaced by the payload after the row is printed.
        let marker = "\u{1}aa-payload\u{1}"
        let quoted = JSONValue.string(marker).canonicalString
        // The document as `CLIDocument.history` prints it, written a row at a time: its text around one row splits into
        // what comes before the rows, the row, and what follows them.
        let document = CLIDocument.history
        let probe = document.wrap(.array([.string(quoted)])).prettyString
        let around = probe.components(separatedBy: JSONValue.string(quoted).prettyString)
        let (head, tail) = (around[0], around.count > 1 ? around[1] : "")
        let indent = String(head.reversed().prefix { $0 == " " })
        var first = true
        do {
            try store.forEachEvent(matching: filter) { e in
                var row = e.bigQueryRow.objectValue ?? [:]
                row["payload"] = filter.includePayload ? .string(marker) : nil
                // The row at the depth it has in the document: every line but the first indented like the items.
                var text = JSONValue.object(row).prettyString.replacingOccurrences(of: "\n", with: "\n" + indent)
                if let range = text.range(of: quoted) { text.replaceSubrange(range, with: e.payloadText) }
                console.raw((first ? head : ",\n" + indent) + text)
                first = false
            }
        } catch { throw PipelineError(error) }
        console.raw(first ? document.wrap(.array([])).prettyString + "\n" : tail + "\n")
    }

    /// `aa history`'s own options, read once (the event filter's are shared with `aa export`).
    struct Options {
        /// With `--payload`: each event's payload, not only its envelope.
        let payload: Bool
        let limit: Int?

        init(_ invocation: Invocation) throws(PipelineError) {
            let args = invocation.arguments
            payload = args.flag(.payload)
            if let text = args.value(.limit) {
                guard let n = Int(text), n > 0 else {
                    throw PipelineError(.usage, "--limit must be a positive whole number, got '\(text)'")
                }
                limit = n
            } else {
                limit = nil
            }
        }
    }
}
