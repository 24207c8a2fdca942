import Analyst
import CanonicalJSON
import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline
import Slack
import Testing

/// Old payload versions replay: a fixture run written by an earlier aa (data.pulled v0) is rebuilt by today's engine.
@Suite struct UpcastingTests {
    static let folder: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        return url.path
    }()

    /// A temporary registry with one monitor matching the fixture, and an archive holding the fixture run.
    func setUp() throws -> (LoadedRegistry, ArchiveStore, String) {
        let dir = NSTemporaryDirectory() + "aa-upcast-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
        {"monitors": [{"name": "legacy", "source": "sqlite", "template": "legacy.sql", "lookback_days": 28,
          "dimensions": [{"name": "total", "sql": "'all'"}], "columns": ["orders", "visits"],
          "metrics": [{"name": "orders", "kind": "count", "column": "orders"}],
          "detection": {"baseline_weeks": 3, "severity": [{"level": "warning", "threshold": 4}]}}]}
        """.write(toFile: dir + "/monitors.json", atomically: true, encoding: .utf8)
        try "SELECT ds, {{dimension}} AS dimension_value, orders, visits FROM legacy WHERE ds BETWEEN @start_date AND @run_date"
            .write(toFile: dir + "/legacy.sql", atomically: true, encoding: .utf8)
        let registry = try LoadedRegistry.load(path: dir + "/monitors.json")
        let store = try ArchiveStore.open(path: dir + "/archive.sqlite", create: true)
        let fixture = try JSONValue.parse(String(contentsOfFile: Self.folder + "/Fixtures/legacy-run-v0.json", encoding: .utf8))
        let runId = try #require(fixture["run_id"]?.stringValue)
        let drafts = (fixture["events"]?.arrayValue ?? []).enumerated().map { index, event in
            EventDraft(
                eventId: "ev_legacy_\(index)", runId: runId, monitor: "legacy", runDate: "2026-04-13",
                type: EventType(rawValue: event["type"]?.stringValue ?? "") ?? .runStarted, occurredAt: "2026-04-14T06:00:00.000Z",
                payload: event["payload"] ?? .null, schemaVersion: Int(event["schema_version"]?.intValue ?? 1))
        }
        try store.append(drafts)
        return (registry, store, dir)
    }

    @Test func aVersionZeroPullIsReadAsTheCurrentVersion() throws {
        let (registry, store, _) = try setUp()
        let monitor = try registry.monitor("legacy")
        let reader = ArchiveReader(store: store)
        let day = try #require(Day("2026-04-13"))
        let location = try #require(try ArchivedPulls.locate(reader, monitor: monitor, date: day))
        let pulls = try ArchivedPulls.load(reader, location, monitor: monitor)
        let rows = try #require(pulls.rows.first?.rows)
        #expect(rows.count == 43)
        #expect(rows.first?.day == Day("2026-03-02"))
        #expect(rows.last?.values == [500, 5000]) // orders, visits in the registry's column order
        let stored = try #require(try store.events(EventFilter(types: [.dataPulled])).first)
        #expect(stored.schemaVersion == 0)
        #expect(PayloadUpcaster.upcast(stored)["sql"]?.stringValue?.hasPrefix("SELECT ds") == true)
    }

    @Test func aRebuildReplaysTheOldRunAndFlagsTheDrop() throws {
        let (registry, store, dir) = try setUp()
        let context = PipelineContext(warehousePath: dir + "/none.sqlite")
        let pipeline = RunPipeline(
            context: context, registry: registry, analyst: BuiltinAnalyst(),
            delivery: PreviewDelivery(reason: "test", printer: { _ in }), warehouses: SQLiteAt(path: dir + "/none.sqlite"))
        let day = Day("2026-04-13")!
        let days = try Rebuild(pipeline: pipeline).run(
            monitor: try registry.monitor("legacy"), from: day, to: day, dryRun: false, store: store)
        #expect(days.count == 1)
        #expect(days[0].changes.map(\.kind) == [.appeared])
        #expect(days[0].changes.first?.metric == "orders")
        let report = try RunReport(monitor: "legacy", date: "2026-04-13", runId: nil, reader: ArchiveReader(store: store))
        #expect(report.started.trigger == "rebuild")
        let finding = try #require(report.findings.first)
        #expect(finding.severity == "warning")
        #expect(finding.direction == "down")
        #expect(finding.stats.value == 500.0)
        #expect(try store.verify().ok)
    }

    /// A `metrics.computed` written before cells became columns reads as version 2, and its columns give back
    /// every cell as it was written, the deltas worked out again to the same bits.
    @Test func aVersionOneMetricsComputedReadsAsColumnsAndGivesBackTheSameCells() throws {
        let (_, store, _) = try setUp()
        let fixture = try JSONValue.parse(String(contentsOfFile: Self.folder + "/Fixtures/metrics-computed-v1.json", encoding: .utf8))
        let payload = try #require(fixture["payload"])
        try store.append([
            EventDraft(
                eventId: "ev_legacy_cells", runId: "run_legacy_cells", monitor: "legacy", runDate: "2026-05-23", type: .metricsComputed,
                occurredAt: "2026-05-24T06:00:00.000Z", payload: payload, schemaVersion: 1)
        ])
        let stored = try #require(try store.events(EventFilter(types: [.metricsComputed])).first)
        #expect(stored.schemaVersion == 1)
        let upcast = PayloadUpcaster.upcast(stored)
        #expect(upcast["cells"]?["stats"]?["value"]?.arrayValue?.count == 19)
        #expect(upcast["cells"]?["stats"]?["robust_z"] == nil) // derived on read, not stored
        let original = try #require(payload["cells"]?.arrayValue)
        #expect(original.contains { $0["flagged"] == true })
        #expect(CellColumns.objects(upcast["cells"] ?? .null).map(\.canonicalString) == original.map(\.canonicalString))
        #expect(upcast.canonicalString.utf8.count * 2 < payload.canonicalString.utf8.count)
        // Readers get the typed payload of the current version: the v1 array of cells reads as v2 columns.
        let typed = try stored.typed(MetricsComputed.self)
        #expect(typed.cells == upcast["cells"])
        // One read path: decode upcasts too (it used to hand the raw v1 shape to a v2 reader, which failed).
        #expect(try stored.decode(MetricsComputed.self).cells == upcast["cells"])
        #expect(try store.verify().ok)
    }
}

/// A SQLite warehouse at a path, where the command line's factory would pick one (the rebuild never pulls).
struct SQLiteAt: WarehouseSource {
    let path: String
    func warehouse(for monitor: Monitor) throws(PipelineError) -> any Warehouse { SQLiteWarehouse(path: path) }
}
