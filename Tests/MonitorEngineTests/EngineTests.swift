import CanonicalJSON
import EventArchive
import Testing

@testable import MonitorEngine

@Suite struct EngineTests {
    /// Three weeks of a steady, noise-free pattern on three platforms (volumes whose own noise is a fraction of a
    /// percent); day 21 is the run date.
    func platformRows(runDay: (String) -> Double) -> [DimensionRows] {
        let base: [String: Double] = ["android": 20_000, "ios": 30_000, "web": 50_000]
        func value(_ d: Int, _ slice: String) -> Double {
            let weekly = [1.0, 1.1, 1.05, 1.0, 0.95, 0.8, 0.85][d % 7]
            return d == 21 ? runDay(slice) : (base[slice] ?? 0) * weekly
        }
        let total = Fixture.rows("total", slices: ["all"], days: 22) { d, _ in
            [["android", "ios", "web"].map { value(d, $0) }.reduce(0, +), 0]
        }
        let platform = Fixture.rows("platform", slices: ["android", "ios", "web"], days: 22) { d, s in [value(d, s), 0] }
        return [total, platform]
    }

    @Test func platformOnlyDropIsFoundOnItsSliceWithTheTopLineShare() {
        // android halves (20,000 → 10,000); the total moves 100,000 → 90,000 (-10%).
        let result = Fixture.evaluate(
            Fixture.monitor(), day: 21, platformRows { ["android": 10_000, "ios": 30_000, "web": 50_000][$0]! })
        let android = result.findings.first { $0.slice == "android" }
        #expect(android?.severity == "critical")
        #expect(android?.direction == .down)
        #expect(android?.status == .grouped) // the total is flagged too, so the slice is listed under it
        let total = result.findings.first { $0.dimension == "total" }
        #expect(total?.status == .new)
        let top = total?.drillDown?.topContributor
        #expect(top?.dimension == "platform")
        #expect(top?.contributor.slice == "android")
        #expect(top?.contributor.share == 1.0) // all of the -10,000
        #expect(top?.contributor.weight == 0.2)
        #expect(top?.contributor.isConcentrated == true)
    }

    @Test func contributionsAddUpToTheTopLineChange() throws {
        let result = Fixture.evaluate(
            Fixture.monitor(), day: 21, platformRows { ["android": 15_000, "ios": 25_000, "web": 40_000][$0]! })
        let total = try #require(result.findings.first { $0.dimension == "total" })
        let breakdown = try #require(total.drillDown?.breakdowns.first)
        let sum = breakdown.contributors.map(\.contribution).reduce(0, +)
        #expect(abs(sum - total.stats.deltaAbsolute) < 1e-9)
        #expect(breakdown.contributors.map(\.slice) == ["web", "android", "ios"]) // -10k, -5k, -5k: ties by name
    }

    @Test func ratioChangeSplitsIntoMixAndRate() throws {
        // Slice A converts at 0.5, B at 0.1, equal traffic at baseline (total 0.3). On the run day B's traffic triples
        // at the same rate: the total falls to 0.2 purely through mix.
        let monitor = Fixture.monitor(
            metrics: [MetricDefinition(name: "conversion", kind: .ratio, column: "orders", denominator: "visits")],
            detection: DetectionConfig(baselineWeeks: 2, minVolume: 0))
        func cell(_ d: Int, _ s: String) -> [Double] {
            switch (s, d == 21) {
            case ("A", _): return [5_000, 10_000]
            case ("B", false): return [1_000, 10_000]
            default: return [3_000, 30_000]
            }
        }
        let total = Fixture.rows("total", slices: ["all"], days: 22) { d, _ in
            let a = cell(d, "A")
            let b = cell(d, "B")
            return [a[0] + b[0], a[1] + b[1]]
        }
        let split = Fixture.rows("platform", slices: ["A", "B"], days: 22, cell)
        let result = Fixture.evaluate(monitor, day: 21, [total, split])
        let finding = try #require(result.findings.first { $0.dimension == "total" })
        #expect(abs(finding.stats.value - 0.2) < 1e-12)
        #expect(abs(finding.stats.baseline - 0.3) < 1e-12)
        let b = try #require(finding.drillDown?.breakdowns.first)
        #expect(abs(b.mixEffect - -0.1) < 1e-12)
        #expect(abs(b.rateEffect) < 1e-12)
        let byslice = Dictionary(uniqueKeysWithValues: b.contributors.map { ($0.slice, $0) })
        #expect(abs(byslice["A"]!.mixEffect - -0.05) < 1e-12) // (0.25 - 0.5) × (0.5 - 0.3)
        #expect(abs(byslice["B"]!.mixEffect - -0.05) < 1e-12) // (0.75 - 0.5) × (0.1 - 0.3)
    }

    @Test func zeroDenominatorsAndNewSlicesNeverLeakNaN() {
        let monitor = Fixture.monitor(
            metrics: [
                MetricDefinition(name: "orders", kind: .count, column: "orders"),
                MetricDefinition(name: "conversion", kind: .ratio, column: "orders", denominator: "visits"),
            ])
        let total = Fixture.rows("total", slices: ["all"], days: 22) { d, _ in [Double(10 + d % 3), d % 5 == 0 ? 0 : 100] }
        let split = Fixture.rows("platform", slices: ["old", "new"], days: 22) { d, s in
            s == "new" ? (d == 21 ? [500, 0] : nil) : [10, 0]
        }
        let result = Fixture.evaluate(monitor, day: 21, [total, split])
        let text = JSONValue.array(
            result.cells.map(\.json) + result.findings.map { AnomalyFlagged(finding: $0, anomalyId: "", pullEventId: nil).json }
        ).canonicalString
        #expect(!text.lowercased().contains("nan"))
        #expect(!text.lowercased().contains("inf"))
        #expect(result.findings.allSatisfy { $0.slice != "new" }) // a brand-new slice has no history to judge
        let newCell = result.cells.first { $0.slice == "new" && $0.metric == "orders" }
        #expect(newCell?.verdict.flagged == false)
        #expect(result.cells.first { $0.slice == "new" && $0.metric == "conversion" }?.stats.value.isNaN == true)
    }

    /// A partial load (every count at 55 %) that its run refused to judge leaves the baselines of the weeks after
    /// it: with it in the same-weekday median, a normal day two weeks later reads as a jump.
    @Test func aDayNoRunJudgedLeavesLaterBaselines() throws {
        let partial = 14
        let rows = platformRows { ["android": 20_000, "ios": 30_000, "web": 50_000][$0]! }.map { dimension in
            DimensionRows(
                dimension: dimension.dimension,
                rows: dimension.rows.map { row in
                    row.day == Fixture.start.adding(partial)
                        ? MetricRow(day: row.day, slice: row.slice, values: row.values.map { $0 * 0.55 }) : row
                })
        }
        let monitor = Fixture.monitor(lookback: 14)
        let polluted = Fixture.evaluate(monitor, day: 21, rows)
        let clean = Fixture.evaluate(monitor, day: 21, rows, unjudged: [Fixture.start.adding(partial)])
        let before = try #require(polluted.cells.first { $0.dimension == "total" })
        let after = try #require(clean.cells.first { $0.dimension == "total" })
        #expect(before.stats.baselinePoints == 2 && after.stats.baselinePoints == 1)
        #expect(before.stats.seasonalMedian < after.stats.seasonalMedian)
        #expect(after.stats.seasonalMedian == 100_000) // the one complete same-weekday day
    }

    /// The message leads with the story: a top-line finding comes before a slice finding, however strong the slice's.
    @Test func topLineFindingsComeBeforeStrongerSliceFindings() throws {
        let monitor = Fixture.monitor(
            metrics: [
                MetricDefinition(name: "orders", kind: .count, column: "orders"),
                MetricDefinition(name: "visits", kind: .count, column: "visits"),
            ])
        let total = Fixture.rows("total", slices: ["all"], days: 22) { d, _ in [50_000, d == 21 ? 80_000 : 100_000] }
        let platform = Fixture.rows("platform", slices: ["A"], days: 22) { d, _ in [d == 21 ? 8_000 : 20_000, 30_000] }
        let result = Fixture.evaluate(monitor, day: 21, [total, platform])
        let alerts = result.findings.filter(\.alerts)
        #expect(alerts.map(\.dimension) == ["total", "platform"])
        let slice = try #require(alerts.last)
        #expect(abs(slice.statistic) > abs(alerts[0].statistic)) // stronger, and still second
    }

    @Test func missingRunDateIsANoDataFinding() {
        let rows = platformRows { _ in 0 }.map { d in
            DimensionRows(dimension: d.dimension, rows: d.rows.filter { $0.day != Fixture.start.adding(21) })
        }
        let result = Fixture.evaluate(Fixture.monitor(), day: 21, rows)
        #expect(result.findings.first?.status == .noData)
        #expect(result.findings.first?.alerts == true)
        #expect(result.notes.contains { $0.contains("no rows") })
    }

    @Test func levelShiftAlertsOnceThenPersists() {
        let monitor = Fixture.monitor(dimensions: ["total"])
        let rows = [Fixture.rows("total", slices: ["all"], days: 24) { d, _ in [d >= 21 ? 500 : 1000 + Double(d % 7) * 10, 0] }]
        let first = Fixture.evaluate(monitor, day: 21, rows).findings.first
        let second = Fixture.evaluate(monitor, day: 22, rows).findings.first
        #expect(first?.status == .new)
        #expect(first?.alerts == true)
        #expect(second?.status == .persisting)
        #expect(second?.since == Fixture.start.adding(21))
        #expect(second?.alerts == false)
    }

    @Test func expectedDaysDoNotAlertAndLeaveBaselines() {
        let holiday = Fixture.start.adding(21)
        let monitor = Fixture.monitor(dimensions: ["total"], expected: [.init(day: holiday, reason: "Holiday")])
        let rows = [Fixture.rows("total", slices: ["all"], days: 29) { d, _ in [d == 21 ? 400 : 1000, 0] }]
        let onHoliday = Fixture.evaluate(monitor, day: 21, rows).findings.first
        #expect(onHoliday?.status == .expected)
        #expect(onHoliday?.alerts == false)
        #expect(onHoliday?.expectedReason == "Holiday")
        let weekAfter = Fixture.evaluate(monitor, day: 28, rows)
        #expect(weekAfter.findings.isEmpty)
        #expect(weekAfter.cells.first?.stats.seasonalMedian == 1000)
    }

    @Test func labelledIncidentsLeaveBaselines() {
        let monitor = Fixture.monitor(dimensions: ["total"])
        let rows = [Fixture.rows("total", slices: ["all"], days: 29) { d, _ in [d == 21 ? 10 : 1000, 0] }]
        let unlabelled = Fixture.evaluate(monitor, day: 28, rows).cells.first?.stats
        let labelled = Fixture.evaluate(monitor, day: 28, rows, labels: [IncidentLabel(day: Fixture.start.adding(21), metric: "orders")])
            .cells.first?.stats
        #expect(unlabelled?.seasonalMedian == 505) // median(10, 1000)
        #expect(labelled?.seasonalMedian == 1000)
    }

    @Test func perMetricOverridesApply() {
        let strict = DetectionConfig(baselineWeeks: 2, direction: .up)
        let monitor = Fixture.monitor(dimensions: ["total"], overrides: ["orders": strict])
        let rows = [Fixture.rows("total", slices: ["all"], days: 22) { d, _ in [d == 21 ? 100 : 1000, 0] }]
        #expect(Fixture.evaluate(monitor, day: 21, rows).findings.isEmpty)
        #expect(Fixture.evaluate(Fixture.monitor(dimensions: ["total"]), day: 21, rows).findings.count == 1)
    }

    @Test func rowsInAnyOrderGiveByteIdenticalFindings() {
        let rows = platformRows { ["android": 120, "ios": 310, "web": 650][$0]! }
        // The same rows with the dimensions swapped and each dimension's rows reversed.
        let shuffled = rows.reversed().map { DimensionRows(dimension: $0.dimension, rows: $0.rows.reversed()) }
        let a = Fixture.evaluate(Fixture.monitor(), day: 21, rows)
        let b = Fixture.evaluate(Fixture.monitor(), day: 21, shuffled)
        let encode = { (r: EngineResult) in
            JSONValue.array(r.findings.map { AnomalyFlagged(finding: $0, anomalyId: "", pullEventId: nil).json } + r.cells.map(\.json))
                .canonicalString
        }
        #expect(!a.findings.isEmpty)
        #expect(encode(a) == encode(b))
    }
}

/// The typed views the reports read (`AnomalyFlagged.drill`, `.topLineShare`, `.window`, `.ruleSummary`) give back
/// what the engine found, through the archived JSON.
@Suite struct FindingViewTests {
    @Test func anArchivedFindingReadsBackAsTheEnginesTypes() throws {
        let rows = EngineTests().platformRows { ["android": 10_000, "ios": 30_000, "web": 50_000][$0]! }
        let result = Fixture.evaluate(Fixture.monitor(), day: 21, rows)
        let total = try #require(result.findings.first { $0.dimension == "total" })
        let android = try #require(result.findings.first { $0.slice == "android" })
        for finding in [total, android] {
            let archived = try AnomalyFlagged(
                json: JSONValue.parse(AnomalyFlagged(finding: finding, anomalyId: "an_x", pullEventId: nil).json.canonicalString))
            // The view re-encodes to the archived bytes, and holds the engine's numbers (NaN is not == itself: by JSON).
            #expect(archived.drill?.json.canonicalString == (finding.drillDown == nil ? nil : archived.drillDown.canonicalString))
            let readBack = archived.drill?.breakdowns.flatMap(\.contributors) ?? []
            let found = finding.drillDown?.breakdowns.flatMap(\.contributors) ?? []
            #expect(!readBack.isEmpty == (finding.drillDown != nil) && readBack.map(\.slice) == found.map(\.slice))
            #expect(readBack.map(\.share) == found.map(\.share) && readBack.map(\.weight) == found.map(\.weight))
            #expect(archived.window.days.map(\.date) == finding.baselineWindow.map(\.day.description))
            #expect(archived.window.days.map(\.value) == finding.baselineWindow.map(\.value))
            #expect(archived.ruleSummary.levels.map(\.level) == finding.rule.severities.map(\.level))
            #expect(archived.ruleSummary.minRelativeChange == finding.rule.minRelativeChange)
            guard let share = finding.topLine else {
                #expect(archived.topLineShare == nil)
                continue
            }
            let read = try #require(archived.topLineShare)
            #expect(read.share == share.share && read.topLineFlagged == share.topLineFlagged)
        }
        #expect(total.drillDown != nil && android.topLine != nil) // both views were exercised
    }
}
