import MonitorEngine
import CanonicalJSON
import EventArchive
import Pipeline

/// `aa narratives`: what the analyst said, day by day.
enum NarrativesCommand {
    static let spec = CommandSpec(
        name: "narratives", summary: "List the analyst's narratives for a monitor side by side, one per day (current reports; --all for every analysis).",
        usage: "aa narratives --monitor M [--from D] [--to D] [--all] [--json]",
        options: [
            .value("--monitor", "M", "monitor (required)"), .value("--from", "D", "first run date"), .value("--to", "D", "last run date"),
            .flag("--all", "every analysis, including those of superseded runs"),
        ],
        examples: ["aa narratives --monitor revenue_funnel_demo --from 2026-11-01", "aa narratives --monitor revenue_funnel_demo --json"], run: run)

    static func run(_ args: ParsedArguments, _ console: Console) throws(PipelineError) -> Int32 {
        let invocation = Invocation(arguments: args, console: console, clock: .system)
        let monitor = try args.required("--monitor", for: "narratives")
        let store = try invocation.readArchive()
        let from = try invocation.bound("--from")?.description ?? "0000-00-00"
        let to = try invocation.bound("--to")?.description ?? "9999-99-99"
        let join = args.flag("--all") ? "" : " JOIN p_reports r ON r.run_id = n.run_id"
        let rows: [[SQLiteValue]]
        do {
            rows = try store.query(
                "SELECT n.run_date, n.model, n.prompt_version, n.summary, n.event_id, n.run_id FROM p_narratives n\(join) WHERE n.monitor = ? AND n.run_date BETWEEN ? AND ? ORDER BY n.run_date, n.position",
                [.text(monitor), .text(from), .text(to)])
        } catch { throw Invocation.convert(error) }
        var hypotheses: [String: [JSONValue]] = [:]
        var filter = EventFilter()
        filter.eventIds = rows.compactMap { $0[4].text }
        if !filter.eventIds.isEmpty {
            do { for e in try store.events(filter) { hypotheses[e.eventId] = e.payload["output"]?["hypotheses"]?.arrayValue ?? [] } } catch { throw Invocation.convert(error) }
        }
        if invocation.json {
            console.json(.array(rows.map { r in
                ["run_date": .string(r[0].text ?? ""), "model": .string(r[1].text ?? ""), "prompt_version": .string(r[2].text ?? ""),
                 "summary": .string(r[3].text ?? ""), "analysis_id": .string(r[4].text ?? ""), "run_id": .string(r[5].text ?? ""),
                 "hypotheses": .array(Array((hypotheses[r[4].text ?? ""] ?? []).prefix(3)))]
            }))
        } else if rows.isEmpty {
            console.out("no narratives for \(monitor) in that range")
        } else {
            for r in rows {
                console.out("\(r[0].text ?? "")  \(r[1].text ?? "") · \(r[2].text ?? "") · \(r[4].text ?? "")")
                console.out("  " + (r[3].text ?? ""))
                for h in (hypotheses[r[4].text ?? ""] ?? []).prefix(2) {
                    console.out("  - \(Format.json(h["text"])) (\(Format.json(h["confidence"])))")
                }
            }
        }
        return 0
    }
}
