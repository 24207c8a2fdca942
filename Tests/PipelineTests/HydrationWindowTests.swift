import Foundation
import MonitorEngine
import Pipeline
import Testing

@testable import EventArchive

/// What one monitor's run reads from the archive table: its history window and the reach of a pull's delta chain,
/// the same length on every day (flat as the archive ages) and set by the monitor alone.
@Suite struct HydrationWindowTests {
    @Test func theWindowIsTheHistoryAndAPullsChainWhateverTheDate() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let monitor = try LoadedRegistry.load(path: repository + "/queries/monitors.json").monitor("revenue_funnel")
        let early = try #require(Day("2026-01-15"))
        let late = try #require(Day("2027-01-15"))
        let reach = monitor.historyDays + PullResolver.longestChain + 1
        #expect(HydrationWindow.since(monitor, runDate: early) == early.adding(-reach))
        #expect(late.ordinal - HydrationWindow.since(monitor, runDate: late).ordinal == reach)
        #expect(reach < 366 / 2, "a year's archive is at least twice what one run reads")
    }
}
