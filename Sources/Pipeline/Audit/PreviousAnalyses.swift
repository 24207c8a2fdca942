import CanonicalJSON
import EventArchive
import MonitorEngine

/// Earlier days' analyses of a monitor as the current reports hold them: what lets the analyst say "third day in a row".
package struct PreviousAnalyses {
    let store: ArchiveStore

    package init(store: ArchiveStore) { self.store = store }

    /// Analyses of `monitor` in the `days` days before `date`, oldest first: date, model, summary, top hypotheses.
    package func load(monitor: String, before date: Day, days: Int) -> [JSONValue] {
        guard
            let rows = try? store.narratives(
                monitor: monitor, from: date.adding(-days).description, to: date.description, endExclusive: true, scope: .current)
        else { return [] }
        let events = (try? store.events(ids: rows.map(\.eventId))) ?? []
        let outputs = Dictionary(
            events.compactMap { e in (try? e.decode(AnalysisProduced.self)).map { (e.eventId, $0.output) } },
            uniquingKeysWith: { a, _ in a })
        return rows.map { r in
            let output = outputs[r.eventId]
            return [
                "run_date": .string(r.runDate), "model": .string(r.model), "prompt_version": .string(r.promptVersion),
                "builtin": .bool(r.builtin), "alerts": r.alerts.map { .int($0) } ?? .null, "summary": .string(r.summary),
                "hypotheses": .array(
                    (output?["hypotheses"]?.arrayValue ?? []).prefix(3).map {
                        ["text": $0["text"] ?? .null, "confidence": $0["confidence"] ?? .null]
                    }),
            ]
        }
    }
}
