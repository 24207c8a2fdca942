import CanonicalJSON
import EventArchive
import Testing

@testable import MonitorEngine

/// The sweep over history against the daily path, date by date, byte by byte.
@Suite struct HistorySweepTests {
    /// Everything a run derives from the engine, as the bytes it archives.
    static func bytes(_ result: EngineResult) -> String {
        JSONValue.object([
            "run_date": .string(result.runDate.description), "cells": .array(result.cells.map(\.json)),
            "findings": .array(result.findings.map { AnomalyFlagged(finding: $0, anomalyId: "", pullEventId: nil).json }),
            "notes": .array(result.notes.map { .string($0) }),
        ]).canonicalString
    }

    /// A panel that has it all: weekly seasonality, noise, level shifts and spikes, days a dimension returned
    /// nothing, missing slice rows, zeros, slices that start late or stop early, labelled and expected days.
    ///
    /// - Parameter gated: the default rules also ask for a volume of 5,000 and a change of 20 %, which rule out
    ///   most cells before their statistic is looked at (orders never reach the volume; conversion and visits do).
    static func randomPanel(seed: UInt64, days: Int, gated: Bool = false) -> (Monitor, [DimensionRows], [IncidentLabel]) {
        var state = seed
        func random() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let expected = [Monitor.ExpectedDay(day: Fixture.start.adding(61), reason: "holiday")]
        let monitor = Fixture.monitor(
            metrics: [
                MetricDefinition(name: "orders", kind: .count, column: "orders"),
                MetricDefinition(name: "visits", kind: .count, column: "visits"),
                MetricDefinition(name: "conversion", kind: .ratio, column: "orders", denominator: "visits"),
            ],
            dimensions: ["total", "platform", "region"], lookback: 21,
            detection: DetectionConfig(
                baselineWeeks: 3, minVolume: gated ? 5_000 : 0, minRelativeChange: gated ? 0.2 : 0,
                severities: [.init(level: "warning", threshold: 3), .init(level: "critical", threshold: 6)]),
            overrides: [
                "visits": DetectionConfig(baselineWeeks: 2, direction: .down, severities: [.init(level: "warning", threshold: 2.5)])
            ],
            expected: expected)
        let slices = ["platform": ["android", "ios", "web", "kiosk", "tv"], "region": ["eu", "us", "apac"]]
        var rows: [DimensionRows] = []
        for dimension in ["total", "platform", "region"] {
            var list: [MetricRow] = []
            for d in 0..<days {
                if random() < 0.03 { continue } // the dimension returned nothing that day
                for (k, slice) in (slices[dimension] ?? ["all"]).enumerated() {
                    if slice == "kiosk" && d < 50 { continue } // a new slice
                    if slice == "tv" && d > 70 { continue } // a vanished slice
                    if random() < 0.04 { continue } // a missing row counts as zero
                    let season = [1.0, 1.1, 1.05, 1.0, 0.95, 0.7, 0.8][(Fixture.start.weekday + d) % 7]
                    var visits = (10_000 + 400 * Double(k) + 20 * Double(d)) * season * (0.95 + 0.1 * random())
                    if random() < 0.02 { visits = 0 }
                    if d >= 90 && slice == "android" { visits *= 0.6 } // a level shift that persists
                    var orders = (visits * (0.1 + 0.01 * Double(k)) * (0.9 + 0.2 * random())).rounded()
                    if random() < 0.015 { orders *= random() < 0.5 ? 3 : 0.2 } // spikes and drops
                    // A holiday, then an incident everywhere, twice.
                    if d == 61 || d == 100 || d == 115 { orders *= d == 61 ? 3 : 0.4 }
                    list.append(MetricRow(day: Fixture.start.adding(d), slice: slice, values: [orders, visits.rounded()]))
                }
            }
            rows.append(DimensionRows(dimension: dimension, rows: list))
        }
        let labels = [
            IncidentLabel(day: Fixture.start.adding(95), metric: "visits", dimension: "platform", slice: "android"),
            IncidentLabel(day: Fixture.start.adding(45)),
        ]
        return (monitor, rows, labels)
    }

    @Test(arguments: [(UInt64(7), 1, 8), (UInt64(11), 2, 8), (UInt64(11), 3, 5), (UInt64(23), 2, 1)])
    func sweepEqualsTheDailyPathOnEveryDate(seed: UInt64, threads: Int, block: Int) {
        let days = 130
        let (monitor, rows, labels) = Self.randomPanel(seed: seed, days: days)
        let first = Fixture.start
        let panel = PanelBuilder(columnNames: monitor.columns, rows: rows)
            .build(start: first.adding(-monitor.historyDays), end: first.adding(days - 1), order: monitor.dimensions.map(\.name))
        var swept: [String] = []
        var statuses: Set<String> = []
        // Two days whose data never looked complete, left unjudged by their runs.
        let unjudged = [first.adding(75), first.adding(76)]
        HistorySweep(monitor: monitor, panel: panel, labels: labels, unjudged: unjudged, threads: threads, blockDays: block)
            .run(days: Array(monitor.historyDays..<(monitor.historyDays + days))) { result in
                swept.append(Self.bytes(result))
                for finding in result.findings { statuses.insert(finding.status.rawValue) }
            }
        #expect(swept.count == days)
        for d in 0..<days {
            let daily = Fixture.evaluate(monitor, day: d, rows, labels: labels, unjudged: unjudged)
            #expect(d < swept.count && swept[d] == Self.bytes(daily), "day \(d)")
        }
        // The comparison covered every kind of outcome, not only quiet days.
        #expect(statuses.isSuperset(of: ["new", "persisting", "grouped", "expected", "no_data"]), "\(statuses)")
    }

    /// A backtest's sweep (findings only, its cells screened) against the daily path: the same findings and notes
    /// on every date; and, judged on every cell of the daily path, the screen never rules out a flagged cell and
    /// does rule out most of them (or it would be no test of the shortcut).
    @Test(arguments: [UInt64(7), 31, 57])
    func screenedSweepFindsWhatTheDailyPathFinds(seed: UInt64) {
        let days = 130
        let (monitor, rows, labels) = Self.randomPanel(seed: seed, days: days, gated: true)
        let first = Fixture.start
        let panel = PanelBuilder(columnNames: monitor.columns, rows: rows)
            .build(start: first.adding(-monitor.historyDays), end: first.adding(days - 1), order: monitor.dimensions.map(\.name))
        var swept: [EngineResult] = []
        HistorySweep(monitor: monitor, panel: panel, labels: labels, threads: 2, blockDays: 8)
            .run(days: Array(monitor.historyDays..<(monitor.historyDays + days)), keepingCells: false) { swept.append($0) }
        #expect(swept.count == days)
        var (ruledOut, flagged, alerts) = (0, 0, 0)
        for d in 0..<days where d < swept.count {
            let daily = Fixture.evaluate(monitor, day: d, rows, labels: labels)
            #expect(swept[d].cells.isEmpty)
            let withoutCells = EngineResult(runDate: daily.runDate, cells: [], findings: daily.findings, notes: daily.notes)
            #expect(Self.bytes(swept[d]) == Self.bytes(withoutCells), "day \(d)")
            alerts += daily.findings.filter(\.alerts).count
            for cell in daily.cells where cell.dimension != "total" {
                let screened = FlagScreen(monitor.detection(for: cell.metric)).rulesOut(cell.stats)
                if screened { ruledOut += 1 }
                if cell.verdict.flagged { flagged += 1 }
                #expect(!(screened && cell.verdict.flagged), "day \(d) \(cell.metric) \(cell.slice)")
            }
        }
        #expect(alerts > 0 && flagged > 0)
        #expect(ruledOut > days * 10, "\(ruledOut) cells ruled out")
    }

    /// Cells stored as columns come back as the objects they were, through the JSON text, on every day of the
    /// random panel (missing values, short histories, flagged cells, every reason).
    @Test func cellColumnsRoundTripEveryCell() throws {
        let (monitor, rows, labels) = Self.randomPanel(seed: 5, days: 100)
        var checked = 0
        for d in 0..<100 {
            let cells = Fixture.evaluate(monitor, day: d, rows, labels: labels).cells
            let text = CellColumns.encode(cells).canonicalString
            #expect(text == CellColumns.columns(cells.map(\.json)).canonicalString) // typed and v1-object paths agree
            let back = CellColumns.objects(try JSONValue.parse(text))
            #expect(back.map(\.canonicalString) == cells.map(\.json.canonicalString), "day \(d)")
            checked += cells.count
        }
        #expect(checked > 1000)
    }
}
