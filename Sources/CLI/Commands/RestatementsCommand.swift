import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline

/// `aa restatements`: past values the warehouse reported differently from one run to the next (`data.restated`).
enum RestatementsCommand {
    static let spec = CommandSpec(
        name: "restatements", summary: "Past values a later run pulled differently (backfills, corrections), newest first.",
        usage: "aa restatements [--monitor M] [--since D] [--json]",
        options: [
            .monitor, .since.explained("runs on or after D (YYYY-MM-DD or Nd; default 30d)"),
        ],
        examples: ["aa restatements --monitor revenue_funnel_demo --since 30d", "aa restatements --json"], run: run)

    /// The members of a change `--json` quotes as archived.
    static let quotedKeys: Set<String> = ["day", "dimension", "slice", "column", "old", "new", "relative_change"]

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let (since, monitor, store) = try invocation.listingScope()
        let events: [EventEnvelope]
        do { events = try store.events(EventFilter(monitor: monitor, types: [.dataRestated], since: since.description)) } catch {
            throw PipelineError(error)
        }
        var rows: [(event: EventEnvelope, restated: DataRestated, value: RestatedValue)] = []
        for event in events.reversed() {
            let restated = try event.typed(DataRestated.self)
            rows += restated.values.map { (event, restated, $0) }
        }
        if invocation.json {
            console.json(
                .array(
                    rows.map { r in
                        // The change as archived (old and new keep their JSON numbers), with where it was found.
                        .object(
                            r.value.quoting(Self.quotedKeys).merging(
                                [
                                    "found_on": .string(r.event.runDate), "run_id": .string(r.event.runId),
                                    "monitor": .string(r.event.monitor), "material": .bool(r.restated.material),
                                    "previous_run_id": .string(r.restated.previousRunId),
                                ], uniquingKeysWith: { _, new in new }))
                    }), as: .restatements)
        } else if rows.isEmpty {
            console.out("no restatements since \(since)")
        } else {
            console.table(
                ["found on", "day", "monitor", "slice", "column", "old", "new", "change"],
                rows.map { r in
                    let v = r.value
                    return [
                        r.event.runDate, v.day, r.event.monitor, v.sliceLabel, v.column, Format.number(v.old), Format.number(v.new),
                        Format.change(old: v.old, new: v.new, relative: v.relativeChange),
                    ]
                }, expendable: ["monitor", "old"])
        }
        return 0
    }
}
