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
            .value("--monitor", "M", "only this monitor"), .value("--since", "D", "runs on or after D (YYYY-MM-DD or Nd; default 30d)"),
        ],
        examples: ["aa restatements --monitor revenue_funnel_demo --since 30d", "aa restatements --json"], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let (since, monitor, store) = try invocation.listingScope()
        let events: [EventEnvelope]
        do { events = try store.events(EventFilter(monitor: monitor, types: [.dataRestated], since: since.description)) } catch {
            throw PipelineError(error)
        }
        var rows: [JSONValue] = []
        for event in events.reversed() {
            let restated = try event.typed(DataRestated.self)
            for change in restated.changes {
                rows.append([
                    "found_on": .string(event.runDate), "run_id": .string(event.runId), "monitor": .string(event.monitor),
                    "day": change["day"] ?? .null, "dimension": change["dimension"] ?? .null, "slice": change["slice"] ?? .null,
                    "column": change["column"] ?? .null, "old": change["old"] ?? .null, "new": change["new"] ?? .null,
                    "relative_change": change["relative_change"] ?? .null, "material": .bool(restated.material),
                    "previous_run_id": .string(restated.previousRunId),
                ])
            }
        }
        if invocation.json {
            console.json(.array(rows), as: .restatements)
        } else if rows.isEmpty {
            console.out("no restatements since \(since)")
        } else {
            console.table(
                ["found on", "day", "monitor", "slice", "column", "old", "new", "change"],
                rows.map { r in
                    [
                        Format.json(r["found_on"]), Format.json(r["day"]), Format.json(r["monitor"]),
                        "\(Format.json(r["dimension"]))=\(Format.json(r["slice"]))", Format.json(r["column"]),
                        Format.number(r["old"]?.doubleValue), Format.number(r["new"]?.doubleValue),
                        Format.change(old: r["old"]?.doubleValue, new: r["new"]?.doubleValue, relative: r["relative_change"]?.doubleValue),
                    ]
                }, expendable: ["monitor", "old"])
        }
        return 0
    }
}
