import CanonicalJSON
import Context
import EventArchive
import MonitorEngine

/// Why a cell did not fire — or was not judged at all — on a day: its value, baseline, standard error, z, the rule
/// and the reason the verdict gives, read from the current run's `metrics.computed`. What `aa why --monitor …`
/// answers when no finding exists for the cell.
package struct CellVerdict: Sendable {
    package let monitor: String
    package let date: Day
    /// The current run of the day, nil when no run judged it.
    package let runId: String?
    /// The cell as the run archived it.
    package let cell: ComputedCell?
    /// Why the day itself was not judged (`data.incomplete`), when no run judged it.
    package let unjudged: String?

    /// The verdict of `metric` on `slice` (bare or `dimension=value`; default the top line) of `monitor` on `date`.
    ///
    /// - Throws: ``PipelineError`` (not found) when no run of the day exists, or the run has no such cell.
    package static func load(reader: ArchiveReader, monitor: Monitor, date: Day, metric: String, slice: String?) throws(PipelineError)
        -> CellVerdict
    {
        let store = reader.store
        let runId = try reader.wrap { () throws(ArchiveError) in try store.currentRun(monitor: monitor.name, date: date.description) }
        guard let runId else {
            let checks = try reader.wrap { () throws(ArchiveError) in
                try store.events(
                    EventFilter(monitor: monitor.name, types: [.dataIncomplete], since: date.description, until: date.description))
            }
            guard let last = checks.last else {
                throw PipelineError(
                    .notFound, "no run of \(monitor.name) on \(date) is archived; run `aa run --date \(date) --monitors \(monitor.name)`")
            }
            let sentence = (try? last.typed(DataIncomplete.self))?.sentence ?? "the data looked incomplete"
            return CellVerdict(monitor: monitor.name, date: date, runId: nil, cell: nil, unjudged: sentence)
        }
        let computed = try reader.runEvents(runId, types: [.metricsComputed]).first.map { (event) throws(PipelineError) in
            try event.typed(MetricsComputed.self)
        }
        let (dimension, value) = Self.coordinates(slice, monitor: monitor)
        let cell = computed?.computedCells.first { c in
            c.metric == metric && (dimension.map { c.dimension == $0 } ?? true) && c.slice == value
        }
        guard let cell else {
            throw PipelineError(
                .notFound,
                "run \(runId) has no cell \(metric) [\(dimension ?? "?")=\(value)]; `aa report --monitor \(monitor.name) --date \(date)` "
                    + "lists what it computed")
        }
        return CellVerdict(monitor: monitor.name, date: date, runId: runId, cell: cell, unjudged: nil)
    }

    /// `platform=android` → (platform, android); `android` → (nil, android); none → the top line.
    static func coordinates(_ slice: String?, monitor: Monitor) -> (String?, String) {
        guard let slice else { return (monitor.dimensions.first?.name, "all") }
        guard let eq = slice.firstIndex(of: "=") else { return (nil, slice) }
        return (String(slice[..<eq]), String(slice[slice.index(after: eq)...]))
    }

    /// The `--json` form.
    package var json: JSONValue {
        [
            "monitor": .string(monitor), "run_date": .string(date.description), "run_id": .optional(runId), "cell": cell?.json ?? .null,
            "not_judged": .optional(unjudged),
        ]
    }
}
