import Context
import EventArchive
import Foundation
import MonitorEngine
import SQLite

/// Writes the synthetic demo warehouse: a revenue funnel by platform × category × region with weekly
/// seasonality, trend, noise, low-volume slices, holidays and five injected incidents of different shapes.
package struct DemoWarehouseBuilder: Sendable {
    package let end: Day
    package let days: Int
    package let seed: UInt64

    static let platforms: [(String, Double)] = [("web", 0.58), ("ios", 0.30), ("android", 0.12)]
    static let categories: [(String, Double, Double)] = [
        // name, traffic share, revenue per hire
        ("home_cleaning", 0.26, 140), ("plumbing", 0.20, 260), ("electrical", 0.15, 240), ("landscaping", 0.14, 180),
        ("moving", 0.15, 420), ("pet_care", 0.07, 90), ("piano_tuning", 0.03, 150),
    ]
    static let regions: [(String, Double)] = [
        ("northeast", 0.22), ("southeast", 0.25), ("midwest", 0.20), ("southwest", 0.15), ("west", 0.18),
    ]
    /// Monday … Sunday traffic multipliers.
    static let weekly: [Double] = [1.06, 1.09, 1.07, 1.02, 0.95, 0.84, 0.89]

    package init(end: Day, days: Int = 200, seed: UInt64 = 20_260_201) {
        self.end = end
        self.days = days
        self.seed = seed
    }

    /// The incidents this warehouse contains, placed relative to its last day.
    package var incidents: [DemoIncident] {
        [
            DemoIncident(
                day: end.adding(-52), kind: "top_line_drop", metric: "visitors", dimension: "total", slice: "all",
                description: "tracking outage: every visitor count down ~35% for one day"),
            DemoIncident(
                day: end.adding(-38), kind: "platform_only_drop", metric: "requests", dimension: "platform", slice: "android",
                description: "android request form broken: android requests down ~45%, the total barely moves"),
            DemoIncident(
                day: end.adding(-24), kind: "ratio_change", metric: "hire_rate", dimension: "total", slice: "all",
                description: "checkout bug: hires per quote down ~30% with visitors, requests and quotes flat"),
            DemoIncident(
                day: end.adding(-15), kind: "spike", metric: "visitors", dimension: "platform", slice: "web",
                description: "bot traffic: web visitors up ~70% with no extra requests"),
            DemoIncident(
                day: end.adding(-9), kind: "level_shift", metric: "quote_rate", dimension: "total", slice: "all",
                description: "pricing change: quotes per request down ~20% from this day on"),
        ]
    }

    /// Ground truth for `aa backtest --labels`: each incident's own cell, and its day's other alerts as expected consequences.
    package var labelsCSV: String {
        var lines = ["ds,metric,dimension,slice,label"]
        for i in incidents {
            lines.append("\(i.day),\(i.metric),\(i.dimension),\(i.slice),true_positive")
            lines.append("\(i.day),*,*,*,expected")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The load log's entry for a partition loaded up to 14:24 of `end`: 60 % of its rows.
    package var partialLoad: String { "\(end)T14:24:00Z" }

    /// Makes the last day a partition still loading: 60 % of every count, the load log saying so. The full rows
    /// are kept aside for ``finishLoading(at:)``.
    package func holdBackLastDay(at path: String) throws(PipelineError) {
        let columns = ["visitors", "requests", "quotes", "hires"].map { "\($0) = CAST(ROUND(\($0) * 0.6) AS INTEGER)" }
        try edit(
            path,
            """
            CREATE TABLE funnel_daily_loading AS SELECT * FROM funnel_daily WHERE ds = '\(end)';
            UPDATE funnel_daily SET \(columns.joined(separator: ", ")), revenue = ROUND(revenue * 0.6, 2) WHERE ds = '\(end)';
            UPDATE funnel_loads SET loaded_through = '\(partialLoad)' WHERE ds = '\(end)';
            """)
    }

    /// The day a late backfill corrects, and the row it changes: found by the run three days before the end.
    package var backfilledDay: Day { end.adding(-10) }

    /// A late correction of a past day, as warehouses receive them: 25 more visitors on one row of ``backfilledDay``.
    package func backfill(at path: String) throws(PipelineError) {
        try edit(
            path,
            """
            UPDATE funnel_daily SET visitors = visitors + 25
            WHERE ds = '\(backfilledDay)' AND platform = 'android' AND category = 'moving' AND region = 'west';
            """)
    }

    /// Finishes the last day's load: its full rows back, the load log complete.
    package func finishLoading(at path: String) throws(PipelineError) {
        try edit(
            path,
            """
            DELETE FROM funnel_daily WHERE ds = '\(end)';
            INSERT INTO funnel_daily SELECT * FROM funnel_daily_loading;
            DROP TABLE funnel_daily_loading;
            UPDATE funnel_loads SET loaded_through = '\(end.adding(1))T00:00:00Z' WHERE ds = '\(end)';
            """)
    }

    func edit(_ path: String, _ sql: String) throws(PipelineError) {
        do { try SQLiteConnection(path: path, create: false).execute(sql) } catch {
            throw PipelineError(.runtime, "changing the demo warehouse \(path) failed: \(error.message)")
        }
    }

    /// Where the labels file goes: beside the warehouse.
    package static func labelsPath(forWarehouse path: String) -> String {
        (path.hasSuffix(".sqlite") ? String(path.dropLast(7)) : path) + ".labels.csv"
    }

    /// Creates (replacing) the warehouse file at `path`, and its labels file beside it.
    package func write(to path: String) throws(PipelineError) {
        let fm = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: path + suffix) { try fm.removeItem(atPath: path + suffix) }
        } catch {
            throw PipelineError(
                .runtime, "cannot prepare \(path) for the demo warehouse (\(error.localizedDescription)); choose a writable path")
        }
        do {
            let db = try SQLiteConnection(path: path, create: true)
            try db.execute(
                """
                PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
                CREATE TABLE funnel_daily(ds TEXT NOT NULL, platform TEXT NOT NULL, category TEXT NOT NULL, region TEXT NOT NULL,
                    visitors INTEGER NOT NULL, requests INTEGER NOT NULL, quotes INTEGER NOT NULL, hires INTEGER NOT NULL, revenue REAL NOT NULL);
                CREATE INDEX funnel_daily_ds ON funnel_daily(ds);
                CREATE TABLE injected_incidents(ds TEXT NOT NULL, kind TEXT NOT NULL, metric TEXT NOT NULL, dimension TEXT NOT NULL,
                    slice TEXT NOT NULL, description TEXT NOT NULL);
                CREATE TABLE demo_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE funnel_loads(ds TEXT PRIMARY KEY, loaded_through TEXT NOT NULL);
                BEGIN;
                """)
            let insert = try db.prepare("INSERT INTO funnel_daily VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            var random = SeededRandom(seed: seed)
            for offset in stride(from: days - 1, through: 0, by: -1) {
                let day = end.adding(-offset)
                for row in rows(on: day, t: days - 1 - offset, random: &random) {
                    try insert.bind(row)
                    _ = try insert.step()
                }
                try db.run("INSERT INTO funnel_loads VALUES (?, ?)", [.text(day.description), .text("\(day.adding(1))T00:00:00Z")])
            }
            let incident = try db.prepare("INSERT INTO injected_incidents VALUES (?, ?, ?, ?, ?, ?)")
            for i in incidents {
                try incident.bind([
                    .text(i.day.description), .text(i.kind), .text(i.metric), .text(i.dimension), .text(i.slice), .text(i.description),
                ])
                _ = try incident.step()
            }
            for (key, value) in [("end", end.description), ("days", String(days)), ("seed", String(seed))] {
                try db.run("INSERT INTO demo_meta VALUES (?, ?)", [.text(key), .text(value)])
            }
            try db.execute("COMMIT")
        } catch {
            throw PipelineError(.runtime, "writing the demo warehouse \(path) failed: \(error.message)")
        }
        let labels = Self.labelsPath(forWarehouse: path)
        guard FileManager.default.createFile(atPath: labels, contents: Data(labelsCSV.utf8)) else {
            throw PipelineError(.runtime, "cannot write \(labels); check that its folder is writable")
        }
    }

    private func rows(on day: Day, t: Int, random: inout SeededRandom) -> [[SQLiteValue]] {
        let holiday = DemoCalendar.holidayDays.contains(day) ? 0.55 : 1.0
        let trend = exp(0.0012 * Double(t))
        let total = 52_000 * Self.weekly[day.weekday] * trend * holiday
        let e = incidents
        var out: [[SQLiteValue]] = []
        for (platform, pShare) in Self.platforms {
            for (ci, (category, cShare, pricePerHire)) in Self.categories.enumerated() {
                for (region, rShare) in Self.regions {
                    var expected = total * pShare * cShare * rShare
                    if day == e[0].day { expected *= 0.65 }
                    if day == e[3].day && platform == "web" { expected *= 1.7 }
                    let visitors = Self.count(expected * (1 + 0.015 * random.normal()), random: &random)
                    var requestRate = 0.11 + 0.01 * Double(ci % 3)
                    if day == e[1].day && platform == "android" { requestRate *= 0.55 }
                    if day == e[3].day && platform == "web" { requestRate /= 1.7 }
                    var quoteRate = 0.62
                    if day >= e[4].day { quoteRate *= 0.8 }
                    var hireRate = 0.24 + (platform == "ios" ? 0.02 : 0)
                    if day == e[2].day { hireRate *= 0.7 }
                    let requests = Self.binomial(visitors, requestRate, random: &random)
                    let quotes = Self.binomial(requests, quoteRate, random: &random)
                    let hires = Self.binomial(quotes, hireRate, random: &random)
                    let revenue = (Double(hires) * pricePerHire * (1 + 0.08 * random.normal()) * 100).rounded() / 100
                    out.append([
                        .text(day.description), .text(platform), .text(category), .text(region), .integer(Int64(visitors)),
                        .integer(Int64(requests)), .integer(Int64(quotes)), .integer(Int64(hires)), .real(max(0, revenue)),
                    ])
                }
            }
        }
        return out
    }

    /// Poisson-like count around `mean` (normal approximation, never negative).
    static func count(_ mean: Double, random: inout SeededRandom) -> Int {
        max(0, Int((mean + mean.squareRoot() * random.normal()).rounded()))
    }

    /// Binomial(n, p) by normal approximation, clamped to [0, n].
    static func binomial(_ n: Int, _ p: Double, random: inout SeededRandom) -> Int {
        let mean = Double(n) * p
        let sd = (mean * (1 - p)).squareRoot()
        return min(n, max(0, Int((mean + sd * random.normal()).rounded())))
    }
}
