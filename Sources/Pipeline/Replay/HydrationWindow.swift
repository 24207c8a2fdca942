import EventArchive
import MonitorEngine

/// The first day a run of one monitor reads from the archive: its history window (the panel's days), and before
/// that the days a pull's chain of deltas may reach back to its whole base. Hydrating from this day on — only the
/// monitor's origins — gives a run all it reads, every chain it touches verifiable, in bytes that do not grow with
/// the archive's age or with other monitors' history.
package enum HydrationWindow {
    /// The first day `monitor`'s run for `date` needs.
    package static func since(_ monitor: Monitor, runDate date: Day) -> Day {
        date.adding(-(monitor.historyDays + PullResolver.longestChain + 1))
    }
}
