import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline

/// `aa alerts`: alerts in the current reports.
enum AlertsCommand {
    static let spec = CommandSpec(
        name: "alerts", summary: "List alerts in the current reports (latest run per monitor and day), newest first.",
        usage: "aa alerts [--since D] [--monitor M] [--all] [--json]",
        options: [
            .value("--since", "D", "run dates on or after D (YYYY-MM-DD or Nd; default 30d)"),
            .value("--monitor", "M", "only this monitor"),
            .flag("--all", "include persisting and expected findings, not only alerts"),
        ],
        examples: ["aa alerts", "aa alerts --since 90d --json", "aa alerts --monitor revenue_funnel_demo --all"], run: run)

    static func run(_ args: ParsedArguments, _ console: Console) throws(PipelineError) -> Int32 {
        let invocation = Invocation(arguments: args, console: console, clock: .system)
        let store = try invocation.readArchive()
        let since = try invocation.bound("--since") ?? invocation.clock.today.adding(-30)
        var sql = """
            SELECT run_date, monitor, anomaly_id, severity, status, metric, dimension, slice, value, baseline, delta_rel, statistic, run_id
            FROM v_current_alerts WHERE run_date >= ?
            """
        var bindings: [SQLiteValue] = [.text(since.description)]
        if !args.flag("--all") { sql += " AND alerts = 1" }
        if let monitor = args.value("--monitor") { sql += " AND monitor = ?"; bindings.append(.text(monitor)) }
        sql += " ORDER BY run_date DESC, monitor, abs(statistic) DESC, anomaly_id"
        let rows: [[SQLiteValue]]
        do { rows = try store.query(sql, bindings) } catch { throw Invocation.convert(error) }
        let names = ["run_date", "monitor", "anomaly_id", "severity", "status", "metric", "dimension", "slice", "value", "baseline", "delta_rel", "statistic", "run_id"]
        if invocation.json {
            console.json(.array(rows.map { row in
                .object(Dictionary(uniqueKeysWithValues: zip(names, row.map(Self.json))))
            }))
        } else if rows.isEmpty {
            console.out("no alerts since \(since)")
        } else {
            console.table(["date", "monitor", "anomaly", "severity", "status", "metric", "slice", "value", "baseline", "change"], rows.map { r in
                [r[0].text ?? "", r[1].text ?? "", r[2].text ?? "", r[3].text ?? "", r[4].text ?? "", r[5].text ?? "",
                 "\(r[6].text ?? "")=\(r[7].text ?? "")", Format.number(r[8].double), Format.number(r[9].double), Format.percent(r[10].double)]
            })
        }
        return 0
    }

    static func json(_ value: SQLiteValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .integer(let i): return .int(i)
        case .real(let d): return .number(d)
        case .text(let s): return .string(s)
        }
    }
}
