import CanonicalJSON
import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// `aa cost`: what the monitors' warehouse jobs scanned and cost, per monitor and day, from the archived pulls.
enum CostCommand {
    static let spec = CommandSpec(
        name: "cost", summary: "Warehouse jobs, bytes billed, slot time and on-demand cost per monitor and day.",
        usage: "aa cost [--since D] [--monitor M] [--json]",
        options: [
            .since.explained("run dates on or after D (YYYY-MM-DD or Nd; default 30d)"),
            .monitor,
        ],
        examples: ["aa cost", "aa cost --since 90d --monitor revenue_funnel --json"], run: run)

    /// One monitor's jobs on one run date, summed.
    struct DayTotal {
        let runDate: String
        let monitor: String
        var jobs = 0
        var processed: Int64 = 0
        var billed: Int64 = 0
        var slotMs: Int64 = 0
        var cacheHits = 0
        var usd = 0.0
        /// Whether any job ran where jobs are billed (BigQuery); SQLite bills nothing.
        var billable = false
    }

    static let tebibyte = 1_099_511_627_776.0

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let (since, monitor, store) = try invocation.listingScope()
        let jobs: [QueryJob]
        do { jobs = try store.queryJobs(since: since.description, monitor: monitor) } catch { throw PipelineError(error) }
        let registry = try? invocation.registry().registry
        var days: [String: DayTotal] = [:]
        for job in jobs {
            let key = "\(job.runDate)|\(job.monitor)"
            var day = days[key] ?? DayTotal(runDate: job.runDate, monitor: job.monitor)
            // On demand, BigQuery bills bytes billed (a cache hit bills none); before they were archived, bytes processed.
            let billed = job.bytesBilled ?? (job.cacheHit == true ? 0 : job.bytesProcessed ?? 0)
            let price = registry?.monitor(named: job.monitor)?.bigquery.usdPerTiB ?? BigQuerySettings.defaultUSDPerTiB
            day.jobs += 1
            day.processed += job.bytesProcessed ?? 0
            day.billed += billed
            day.slotMs += job.slotMs ?? 0
            day.cacheHits += job.cacheHit == true ? 1 : 0
            day.usd += job.source == "bigquery" ? Double(billed) / tebibyte * price : 0
            day.billable = day.billable || job.source == "bigquery"
            days[key] = day
        }
        let rows = days.values.sorted { ($0.runDate, $0.monitor) > ($1.runDate, $1.monitor) }
        let total = rows.reduce(0) { $0 + $1.usd }
        if invocation.json {
            console.json(
                [
                    "days": .array(
                        rows.map { d in
                            [
                                "run_date": .string(d.runDate), "monitor": .string(d.monitor), "jobs": .int(Int64(d.jobs)),
                                "bytes_processed": .int(d.processed), "bytes_billed": .int(d.billed), "slot_ms": .int(d.slotMs),
                                "cache_hits": .int(Int64(d.cacheHits)), "usd": .number(d.usd), "billed": .bool(d.billable),
                            ]
                        }),
                    "total_usd": .number(total), "since": .string(since.description),
                ], as: .cost)
            return 0
        }
        guard !rows.isEmpty else {
            console.out("no warehouse jobs archived since \(since)")
            return 0
        }
        console.table(
            ["date", "monitor", "jobs", "processed", "billed", "slot s", "cached", "cost"],
            rows.map { d in
                [
                    d.runDate, d.monitor, "\(d.jobs)", Format.bytes(d.processed), Format.bytes(d.billed),
                    String(format: "%.1f", Double(d.slotMs) / 1000), "\(d.cacheHits)",
                    d.billable ? String(format: "$%.4f", d.usd) : "not billed",
                ]
            }, expendable: ["slot s", "cached", "processed"])
        let jobCount = rows.reduce(0) { $0 + $1.jobs }
        if rows.contains(where: \.billable) {
            console.out(String(format: "total: $%.4f for %d job(s) since %@", total, jobCount, since.description))
        } else {
            console.out("total: not billed: the \(jobCount) job(s) since \(since) ran on SQLite, which bills nothing")
        }
        return 0
    }
}
