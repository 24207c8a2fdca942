// `make bench`: the figures the core issue asks for, each printed beside its target.
// A benchmark, not a test: it measures and reports, and prints each figure more than 10 % worse than the
// saved baseline (Benchmarks/baseline.json; `--save-baseline` replaces it) as a regression; it never fails the build.
import CanonicalJSON
import Dispatch
import EventArchive
import Foundation
import GoogleCloud
import MonitorEngine
import Pipeline

let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
let aaBinary = URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent("aa").path
let keep = ProcessInfo.processInfo.environment["AA_BENCH_DIR"]
let folder = keep ?? NSTemporaryDirectory() + "aa-bench-" + UUID().uuidString
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { if keep == nil { try? FileManager.default.removeItem(atPath: folder) } }

let report = BenchReport()
print("aa bench\(quick ? " (quick)" : "") — \(ProcessInfo.processInfo.activeProcessorCount) cores, scratch \(folder)\n")

// 2–3. Archive: bulk append, then projection rebuild in a separate process (for its peak RSS).
let eventCount = quick ? 100_000 : 1_000_000
let archivePath = folder + "/archive.sqlite"
let synthetic = try SyntheticArchive(path: archivePath, events: eventCount)
report.add(
    "bulk append events/s (\(eventCount) events, 20k per transaction)", synthetic.appendRate, unit: "events/s", target: nil,
    higherIsBetter: true,
    note: "no target set")
let replayStarted = DispatchTime.now().uptimeNanoseconds
try ArchiveStore.open(path: archivePath, create: false).rebuildProjections(compare: false)
let replaySeconds = Double(DispatchTime.now().uptimeNanoseconds - replayStarted) / 1e9
report.add(
    "projection rebuild events/s (drop + replay)", Double(eventCount) / replaySeconds, unit: "events/s", target: 200_000,
    higherIsBetter: true)
let rebuild = ProcessTimer.run(aaBinary, ["projections", "rebuild", "--json", "--archive", archivePath], memory: true)
report.add(
    "`aa projections rebuild` events/s (+ digest before/after)", Double(eventCount) / rebuild.seconds, unit: "events/s", target: nil,
    higherIsBetter: true)
report.add(
    "`aa projections rebuild` peak RSS", Double(rebuild.maxRSSKilobytes) / 1024, unit: "MiB", target: 256, higherIsBetter: false,
    note: "flat: SQLite streams the replay through a 64 MiB page cache")

// 3b. BigQuery sync without the network: the NDJSON an upload sends, and a hydrate's import (hash, chain, facts, projections).
do {
    let source = try ArchiveStore.open(path: archivePath, create: false)
    let count = min(eventCount, quick ? 50_000 : 200_000)
    var filter = EventFilter()
    filter.limit = count
    let events = try source.events(filter)
    let rowsStarted = DispatchTime.now().uptimeNanoseconds
    var bytes = 0
    for chunk in stride(from: 0, to: events.count, by: 500) {
        bytes += ArchiveSync.uploadRows(Array(events[chunk..<min(events.count, chunk + 500)])).count
    }
    let rowsSeconds = Double(DispatchTime.now().uptimeNanoseconds - rowsStarted) / 1e9
    report.add(
        "sync upload rows built events/s (NDJSON, \(bytes / 1_048_576) MiB)", Double(events.count) / rowsSeconds, unit: "events/s",
        target: nil,
        higherIsBetter: true, note: "no target set")
    let hydrated = try ArchiveStore.open(path: folder + "/hydrated.sqlite", create: true)
    let importStarted = DispatchTime.now().uptimeNanoseconds
    for chunk in stride(from: 0, to: events.count, by: 20_000) {
        try hydrated.importEvents(
            Array(events[chunk..<min(events.count, chunk + 20_000)]), confirmedBy: "bench", at: "2026-01-01T00:00:00.000Z")
    }
    let importSeconds = Double(DispatchTime.now().uptimeNanoseconds - importStarted) / 1e9
    report.add(
        "hydrate import events/s (\(events.count) events: hash + chain check + facts + projections)", Double(events.count) / importSeconds,
        unit: "events/s", target: nil, higherIsBetter: true, note: "no target set")
}

// 4. Query latency, whole commands as a user runs them.
let anomaly = synthetic.sampleAnomalyId
let monitor = synthetic.sampleMonitor
let runs = quick ? 15 : 40
let why = ProcessTimer.latencies(runs) { ProcessTimer.run(aaBinary, ["why", anomaly, "--json", "--archive", archivePath]) }
report.add("aa why p50", why.p50 * 1000, unit: "ms", target: 10, higherIsBetter: false)
report.add("aa why p99", why.p99 * 1000, unit: "ms", target: nil, higherIsBetter: false)
let history = ProcessTimer.latencies(runs) {
    ProcessTimer.run(aaBinary, ["history", "--monitor", monitor, "--since", "90d", "--archive", archivePath])
}
report.add("aa history --monitor --since 90d p50", history.p50 * 1000, unit: "ms", target: 30, higherIsBetter: false)
report.add("aa history --monitor --since 90d p99", history.p99 * 1000, unit: "ms", target: nil, higherIsBetter: false)
let start = ProcessTimer.latencies(runs) { ProcessTimer.run(aaBinary, ["--version"]) }
report.add("aa --version start time p50", start.p50 * 1000, unit: "ms", target: 15, higherIsBetter: false)

// Last: the wide monitor, whose in-process parts leave this process large (a spawned child's peak RSS
// counts its parent's memory at the moment of the spawn).
// 5. Detection at warehouse width: `aa backtest --data` end to end beside the pandas and polars peers, in turn.
let wide = WidePanel(folder: folder + "/wide", markets: quick ? 200 : 2_000, days: 400, end: Day("2026-11-30")!)
try wide.writeRegistry(from: "queries/monitors.json")
let csvBytes = try wide.writeData()
let wideMonitor = try LoadedRegistry.load(path: wide.registry).monitor("wide")
let cells = wide.cells(metrics: wideMonitor.metrics.count)
print(
    "  wide panel: \(wide.markets + 1) slices × \(wide.days) days × \(wideMonitor.metrics.count) metrics = \(cells) cells, CSV "
        + "\(csvBytes / 1_048_576) MiB"
)
let python = ProcessInfo.processInfo.environment["AA_BENCH_PYTHON"] ?? ".peers/bench/bin/python"
let backtest = [
    "backtest", "--monitor", "wide", "--data", wide.csv, "--registry", wide.registry, "--json", "--quiet", "--archive",
    folder + "/none.sqlite",
]
var ours: [ProcessTimer.Sample] = []
var pandas: [ProcessTimer.Sample] = []
var polars: [ProcessTimer.Sample] = []
for _ in 0..<(quick ? 1 : 2) {
    ours.append(ProcessTimer.run(aaBinary, backtest, memory: true))
    polars.append(ProcessTimer.run(python, ["Benchmarks/peers/polars_engine.py", wide.csv]))
    pandas.append(ProcessTimer.run(python, ["Benchmarks/peers/pandas_engine.py", wide.csv]))
}
let oursTime = ProcessTimer.median(ours)
let pandasTime = ProcessTimer.median(pandas)
let polarsTime = ProcessTimer.median(polars)
print(
    "  aa backtest \(String(format: "%.2f", oursTime)) s, pandas \(String(format: "%.2f", pandasTime)) s, polars "
        + "\(String(format: "%.2f", polarsTime)) s (medians, run in turn)"
)
if ours.contains(where: { $0.status != 0 }) || pandas.contains(where: { $0.status != 0 }) || polars.contains(where: { $0.status != 0 }) {
    print(
        "  WARNING: a run failed (aa \(ours.map(\.status)), pandas \(pandas.map(\.status)), polars \(polars.map(\.status))); is "
            + ".peers/bench installed?"
    )
}
report.add(
    "`aa backtest --data` wall s (\(wide.markets + 1) slices × \(wide.days) days)", oursTime, unit: "s", target: nil, higherIsBetter: false)
report.add("  speed-up over the pandas peer, same run", pandasTime / oursTime, unit: "×", target: 7, higherIsBetter: true)
report.add(
    "  speed-up over the polars peer, same run", polarsTime / oursTime, unit: "×", target: 4, higherIsBetter: true,
    note: "moonshot 8×")
report.add(
    "  peak RSS ÷ CSV size", Double(ours.map(\.maxRSSKilobytes).max() ?? 0) * 1024 / Double(csvBytes), unit: "×", target: 2,
    higherIsBetter: false)
do {
    let started = DispatchTime.now().uptimeNanoseconds
    let rows = try CSVRows.load(wide.csv, monitor: wideMonitor)
    let parsed = DispatchTime.now().uptimeNanoseconds
    let results = Backtest(monitor: wideMonitor).evaluate(rows, threads: ProcessInfo.processInfo.activeProcessorCount)
    let swept = DispatchTime.now().uptimeNanoseconds
    print(
        "  in process: CSV read \(String(format: "%.2f", Double(parsed - started) / 1e9)) s, sweep "
            + "\(String(format: "%.2f", Double(swept - parsed) / 1e9)) s, \(results.reduce(0) { $0 + $1.alerts.count }) alerts"
    )
    report.add(
        "CSV read MB/s (backtest --data)", Double(csvBytes) / 1e6 / (Double(parsed - started) / 1e9), unit: "MB/s", target: 300,
        higherIsBetter: true)
    report.add(
        "engine metric-cells/s (the backtest sweep, all cores)", Double(cells) / (Double(swept - parsed) / 1e9), unit: "cells/s",
        target: 20_000_000, higherIsBetter: true, note: "the path backtest takes")
}

// 5b. The wide monitor archived by daily runs, then replayed and audited: what a wide monitor costs day to day.
let wideArchive = folder + "/wide-archive.sqlite"
let archivedDays = quick ? 10 : 60
let runArguments = [
    "--monitors", "wide", "--registry", wide.registry, "--warehouse", wide.warehouse, "--archive", wideArchive, "--no-ai", "--quiet",
]
let lastDay = wide.end
for offset in stride(from: archivedDays - 1, through: 0, by: -1) {
    let sample = ProcessTimer.run(aaBinary, ["run", "--date", lastDay.adding(-offset).description] + runArguments)
    if sample.status != 0 { print("  WARNING: aa run for \(lastDay.adding(-offset)) exited \(sample.status)") }
}
let dryRuns = (0..<3).map { _ in ProcessTimer.run(aaBinary, ["run", "--date", lastDay.description, "--dry-run"] + runArguments) }
report.add(
    "`aa run --dry-run` one day of the wide monitor (SQLite)", ProcessTimer.median(dryRuns), unit: "s", target: 0.3, higherIsBetter: false)
let rebuildRun = ProcessTimer.run(
    aaBinary,
    [
        "rebuild", "--monitor", "wide", "--from", lastDay.adding(1 - archivedDays).description,
        "--to", lastDay.description, "--dry-run", "--json", "--quiet", "--registry", wide.registry, "--archive", wideArchive,
    ], memory: true)
report.add(
    "`aa rebuild --dry-run` over \(archivedDays) archived days of it", rebuildRun.seconds, unit: "s", target: quick ? nil : 2,
    higherIsBetter: false)
report.add("  peak RSS", Double(rebuildRun.maxRSSKilobytes) / 1024, unit: "MiB", target: nil, higherIsBetter: false)
do {
    let store = try ArchiveStore.open(path: wideArchive, create: false)
    let computed = try store.payloadSize(of: .metricsComputed)
    let computedBytes = Double(computed.bytes)
    let computedEvents = Double(max(computed.events, 1))
    report.add(
        "bytes per archived cell in metrics.computed",
        computedBytes / computedEvents / Double((wide.markets + 1) * wideMonitor.metrics.count),
        unit: "B", target: 100, higherIsBetter: false)
    let payloadBytes = Double(try store.payloadSize().bytes)
    let pulledBytes = Double(try store.payloadSize(of: .dataPulled).bytes)
    report.add(
        "archive payload bytes per day of the wide monitor", payloadBytes / Double(archivedDays) / 1e6, unit: "MB", target: nil,
        higherIsBetter: false, note: "all events of a day's run")
    report.add(
        "  of which data.pulled", pulledBytes / Double(archivedDays) / 1e6, unit: "MB", target: nil, higherIsBetter: false,
        note: "deltas against the previous day's pull")
    let verify = ProcessTimer.run(aaBinary, ["verify", "--archive", wideArchive])
    // Verify also rebuilds every pull from its deltas and hashes the whole rows: seconds, not MB/s of stored payload.
    report.add(
        "`aa verify` MB/s of payload (\(Int(payloadBytes / 1e6)) MB, every pull rebuilt)", payloadBytes / 1e6 / verify.seconds,
        unit: "MB/s", target: 100, higherIsBetter: true)
    let history = ProcessTimer.run(aaBinary, ["history", "--monitor", "wide", "--json", "--payload", "--archive", wideArchive])
    report.add(
        "`aa history --json --payload` MB/s of payload", payloadBytes / 1e6 / history.seconds, unit: "MB/s", target: 100,
        higherIsBetter: true)
    var pulled = EventFilter(types: [.dataPulled])
    pulled.limit = 20
    let texts = try store.events(pulled).map(\.payloadText)
    let textBytes = Double(texts.reduce(0) { $0 + $1.utf8.count })
    let parseStarted = DispatchTime.now().uptimeNanoseconds
    let values = try texts.map { try JSONValue.parse($0) }
    let parsed = DispatchTime.now().uptimeNanoseconds
    let written = values.reduce(0) { $0 + $1.canonicalBytes.count }
    let serialised = DispatchTime.now().uptimeNanoseconds
    if Double(written) != textBytes { print("  WARNING: re-serialised payloads differ in size from the stored ones") }
    report.add(
        "canonical JSON parse MB/s (data.pulled payloads)", textBytes / 1e6 / (Double(parsed - parseStarted) / 1e9), unit: "MB/s",
        target: 200, higherIsBetter: true)
    report.add(
        "canonical JSON serialise MB/s", textBytes / 1e6 / (Double(serialised - parsed) / 1e9), unit: "MB/s", target: 200,
        higherIsBetter: true)
}

let mode = quick ? "quick" : "full"
report.print(baseline: BenchBaseline.load(mode: mode))
if arguments.contains("--save-baseline") { try BenchBaseline.save(report.figures, mode: mode) }
