import CanonicalJSON
import EventArchive
import MonitorEngine

/// Earlier days' analyses of a monitor as the current reports hold them: what lets the analyst say "third day in a row".
package struct PreviousAnalyses {
    let store: ArchiveStore

    package init(store: ArchiveStore) { self.store = store }

    /// Analyses of `monitor` in the `days` days before `date`, oldest first: date, model, summary, top hypotheses.
    package func load(monitor: String, before date: Day, days: Int) -> [JSONValue] {
        guard let rows = try? store.query(
            """
            SELECT n.run_date, n.model, n.prompt_version, n.builtin, n.summary, n.event_id, p.alerts FROM p_narratives n
            JOIN p_reports r ON r.run_id = n.run_id LEFT JOIN p_runs p ON p.run_id = n.run_id
            WHERE n.monitor = ? AND n.run_date >= ? AND n.run_date < ? ORDER BY n.run_date, n.position
            """, [.text(monitor), .text(date.adding(-days).description), .text(date.description)])
        else { return [] }
        var filter = EventFilter()
        filter.eventIds = rows.compactMap { $0[5].text }
        let payloads = Dictionary(((try? store.events(filter)) ?? []).map { ($0.eventId, $0.payload) }, uniquingKeysWith: { a, _ in a })
        return rows.map { r in
            let output = payloads[r[5].text ?? ""]?["output"]
            return [
                "run_date": .string(r[0].text ?? ""), "model": .string(r[1].text ?? ""), "prompt_version": .string(r[2].text ?? ""),
                "builtin": .bool(r[3].int == 1), "alerts": r[6].int.map { .int($0) } ?? .null, "summary": .string(r[4].text ?? ""),
                "hypotheses": .array((output?["hypotheses"]?.arrayValue ?? []).prefix(3).map { ["text": $0["text"] ?? .null, "confidence": $0["confidence"] ?? .null] }),
            ]
        }
    }
}
