import Context
import EventArchive
import MonitorEngine

/// The days a run's restatements call to be judged again: earlier days whose values it found materially restated
/// (by at least the monitor's `alerting.material_restatement`) and whose current report alerted. Judged again, such a
/// day gets a new current report (as a rebuild would give it), and its message an update only if the alerts changed.
package enum RestatementRevisit {
    /// - Parameter restated: what the run of `date` found restated.
    package static func due(_ store: ArchiveStore, monitor: Monitor, restated: [Restatement], date: Day) throws(PipelineError) -> [Day] {
        let days = Set(restated.filter { $0.day < date && RestatementCheck.isMaterial($0, monitor) }.map(\.day)).sorted()
        guard let first = days.first else { return [] }
        let alerted: Set<String>
        do { alerted = Set(try store.currentAlerts(since: first.description, monitor: monitor.name).map(\.runDate)) } catch {
            throw PipelineError(error)
        }
        return days.filter { alerted.contains($0.description) }
    }
}
