import Foundation
import TestSupport
import Testing

/// One demo archive and warehouse built by `aa demo`, shared read-only by the CLI tests; tests that write copy it first.
struct DemoFixture: Sendable {
    let folder: String
    let archive: String
    let warehouse: String
    let demoResult: AACommand.Result
    /// The demo's last day: fixed, so runs are reproducible whatever today is.
    static let end = "2026-06-30"

    static let shared: DemoFixture = {
        let folder = AACommand.temporaryFolder()
        let archive = folder + "/archive.sqlite"
        let warehouse = folder + "/warehouse.sqlite"
        let result = AACommand.aa([
            "demo", "--end", end, "--history", "60", "--quiet", "--json", "--archive", archive, "--warehouse", warehouse,
        ])
        return DemoFixture(folder: folder, archive: archive, warehouse: warehouse, demoResult: result)
    }()

    /// The demo warehouse's 200 days as a backtest CSV, made once.
    static let csv: String = {
        _ = shared.demoResult
        return csv(of: shared.warehouse)
    }()

    /// A demo warehouse's days as a backtest CSV (ds, dimension, dimension_value and the base columns) beside it.
    static func csv(of warehouse: String) -> String {
        let path = warehouse + ".csv"
        let export = AACommand.run(
            AACommand.sqlite3 ?? "sqlite3",
            [
                "-csv", "-header", warehouse,
                """
                SELECT ds, 'total' AS dimension, 'all' AS dimension_value, SUM(visitors) AS visitors, SUM(requests) AS requests, SUM(quotes) AS quotes, SUM(hires) AS hires, SUM(revenue) AS revenue FROM funnel_daily GROUP BY ds
                UNION ALL SELECT ds, 'platform', platform, SUM(visitors), SUM(requests), SUM(quotes), SUM(hires), SUM(revenue) FROM funnel_daily GROUP BY ds, platform
                UNION ALL SELECT ds, 'category', category, SUM(visitors), SUM(requests), SUM(quotes), SUM(hires), SUM(revenue) FROM funnel_daily GROUP BY ds, category
                UNION ALL SELECT ds, 'region', region, SUM(visitors), SUM(requests), SUM(quotes), SUM(hires), SUM(revenue) FROM funnel_daily GROUP BY ds, region
                """,
            ])
        try? export.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A private copy of the archive and warehouse for a test that writes.
    func copy() -> (archive: String, warehouse: String, folder: String) {
        let folder = AACommand.temporaryFolder()
        for (from, to) in [(archive, folder + "/archive.sqlite"), (warehouse, folder + "/warehouse.sqlite")] {
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: from + suffix) {
                try? FileManager.default.copyItem(atPath: from + suffix, toPath: to + suffix)
            }
        }
        return (folder + "/archive.sqlite", folder + "/warehouse.sqlite", folder)
    }

    /// A fresh archive of a warehouse copy whose android platform and west region are renamed `platform` and
    /// `region` (any text: markup, mentions, newlines), run on `dates`.
    func renamed(platform: String, region: String, dates: [String]) throws -> String {
        let copy = copy()
        let sqlite = try #require(AACommand.sqlite3)
        let quoted = [platform, region].map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }
        let update = AACommand.run(
            sqlite,
            [
                copy.warehouse,
                "UPDATE funnel_daily SET platform = \(quoted[0]) WHERE platform = 'android';"
                    + "UPDATE funnel_daily SET region = \(quoted[1]) WHERE region = 'west';",
            ])
        #expect(update.status == 0, "\(update.stderr)")
        let archive = copy.folder + "/renamed.sqlite"
        for date in dates {
            let run = AACommand.aa(["run", "--date", date, "--no-ai", "--quiet", "--archive", archive, "--warehouse", copy.warehouse])
            #expect(run.status == 0, "\(run.stderr)")
        }
        return archive
    }

    /// Every event of `archive` as `event_id → hash`, read with the sqlite3 shell (to compare what survived).
    static func eventHashes(_ archive: String) throws -> [String: String] {
        let sqlite = try #require(AACommand.sqlite3)
        let rows = AACommand.run(sqlite, ["-separator", " ", archive, "SELECT event_id, hash FROM events"]).stdout
        return Dictionary(
            uniqueKeysWithValues: rows.split(separator: "\n").map { line in
                let parts = line.split(separator: " ")
                return (String(parts[0]), String(parts[1]))
            })
    }

    /// `--archive … --warehouse …` for this fixture.
    var paths: [String] { ["--archive", archive, "--warehouse", warehouse] }
}
