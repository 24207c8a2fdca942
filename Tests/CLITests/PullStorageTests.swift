import CanonicalJSON
import EventArchive
import Foundation
import TestSupport
import Testing

/// Pull de-duplication: each run's pulls are stored against the previous current run's, so a row already archived is
/// not stored again; an independent Python reading of the schema rebuilds every pull, and `aa verify` checks each
/// against the hash of the rows the warehouse returned.
@Suite(.serialized) struct PullStorageTests {
    let demo = DemoFixture.shared

    /// `Tests/peers/rebuild_pulls.py` on `archive`: every pull rebuilt, the newest run's SQL re-run on `warehouse`.
    func judge(_ archive: String, _ warehouse: String) throws -> JSONValue {
        let result = AACommand.run(AACommand.python, AACommand.pythonPrefix + ["Tests/peers/rebuild_pulls.py", archive, warehouse])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONValue.parse(result.stdout)
    }

    @Test func theDemosPullsAreStoredOnceAndRebuildToWhatTheWarehouseReturns() throws {
        #expect(demo.demoResult.status == 0)
        let judged = try judge(demo.archive, demo.warehouse)
        // 60 daily runs of four dimensions (the incomplete day's first run pulled nothing).
        #expect(judged["pulls"] == 240)
        let deltas = try #require(judged["deltas"]?.intValue)
        #expect(deltas >= 230)
        let longest = try #require(judged["longest_chain"]?.intValue)
        #expect(longest > 1 && longest <= Int64(PullResolver.longestChain))
        // The newest run's rows, rebuilt through its chain, are what its SQL returns from the warehouse today.
        #expect(judged["newest_pulls"] == 4)
        #expect(judged["newest_matching_the_warehouse"] == 4)
        #expect(judged["newest_chain"]?.arrayValue?.allSatisfy { ($0.intValue ?? 0) > 0 } == true)
        let stored = try #require(judged["stored_bytes"]?.doubleValue)
        let whole = try #require(judged["whole_rows_bytes"]?.doubleValue)
        #expect(stored < whole / 4, "pulls take \(stored) bytes for \(whole) bytes of rows")

        let verify = try JSONValue.parse(AACommand.aa(["verify", "--json", "--archive", demo.archive]).stdout)
        #expect(verify["ok"] == true)
        #expect(verify["pulls_rebuilt"] == judged["pulls"])
    }

    @Test func aBackfilledRowIsTheOneRowWrittenOutBesideTheNewDay() throws {
        let copy = demo.copy()
        let sqlite = try #require(AACommand.sqlite3)
        let row = "ds = '2026-06-23' AND platform = 'ios' AND category = 'home_cleaning' AND region = 'midwest'"
        #expect(AACommand.run(sqlite, [copy.warehouse, "UPDATE funnel_daily SET visitors = 777777 WHERE \(row)"]).status == 0)
        let run = AACommand.aa([
            "run", "--date", DemoFixture.end, "--monitors", "revenue_funnel_demo", "--no-ai", "--quiet", "--archive", copy.archive,
            "--warehouse", copy.warehouse,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let judged = try judge(copy.archive, copy.warehouse)
        #expect(judged["newest_matching_the_warehouse"] == 4)
        // Re-running the same day: every dimension's pull is a delta whose only written row is the backfilled one.
        let written = try #require(judged["newest_written_rows"]?.arrayValue)
        #expect(written.count == 4)
        #expect(written.allSatisfy { $0.arrayValue?.contains { $0.doubleValue ?? 0 >= 777777 } == true })
        #expect(written.allSatisfy { $0.arrayValue?.first == "2026-06-23" })
        #expect(AACommand.aa(["verify", "--archive", copy.archive]).status == 0)
    }
}
