import Foundation
import MonitorEngine

/// A monitor of realistic width for the backtest and rebuild benchmarks: `total` plus `markets` market
/// slices over `days` days, the demo's five funnel columns and nine metrics, weekly seasonality, trend,
/// noise and a few incidents. Writes the registry, a backtest CSV and a SQLite warehouse holding it.
struct WidePanel {
    let folder: String
    let markets: Int
    let days: Int
    let end: Day

    var registry: String { folder + "/registry/monitors.json" }
    var csv: String { folder + "/wide.csv" }
    var warehouse: String { folder + "/wide-warehouse.sqlite" }
    /// Metric-cells a backtest evaluates: every metric of every slice on every day.
    func cells(metrics: Int) -> Int { (markets + 1) * days * metrics }

    /// Writes the registry (the demo monitor's rules, dimensions total and market) and its SQLite template.
    func writeRegistry(from demoRegistry: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: demoRegistry))
        guard var root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let monitors = root["monitors"] as? [[String: Any]],
            var wide = monitors.first(where: { $0["name"] as? String == "revenue_funnel_demo" })
        else { throw CocoaError(.fileReadCorruptFile) }
        wide["name"] = "wide"
        wide["description"] = "\(markets + 1) slices: the benchmark's wide monitor"
        wide["template"] = "wide.sql"
        // The demo's freshness query reads a load-log table this warehouse does not have; the volume check needs none.
        wide["completeness"] = ["check": "volume"]
        wide["dimensions"] = [["name": "total", "sql": "'all'"], ["name": "market", "sql": "market"]]
        root["monitors"] = [wide]
        root["$schema"] = nil
        try FileManager.default.createDirectory(atPath: folder + "/registry", withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: registry))
        try """
        SELECT ds, {{dimension}} AS dimension_value, SUM(visitors) AS visitors, SUM(requests) AS requests,
          SUM(quotes) AS quotes, SUM(hires) AS hires, SUM(revenue) AS revenue
        FROM wide_daily WHERE ds BETWEEN @start_date AND @run_date
        GROUP BY ds, dimension_value ORDER BY ds, dimension_value
        """.write(toFile: folder + "/registry/wide.sql", atomically: true, encoding: .utf8)
    }

    /// Writes the backtest CSV (total and market rows) and the warehouse's market rows; returns the CSV's size.
    func writeData() throws -> Int {
        var state: UInt64 = 0x5EED
        func random() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let start = end.adding(-(days - 1))
        let scale = (0..<markets).map { _ in 50 + 5000 * random() * random() }
        var out = "ds,dimension,dimension_value,visitors,requests,quotes,hires,revenue\n"
        var warehouseRows = "ds,market,visitors,requests,quotes,hires,revenue\n"
        for d in 0..<days {
            let day = start.adding(d)
            let season = [1.0, 1.08, 1.05, 1.0, 0.96, 0.78, 0.82][day.weekday]
            var total = [0.0, 0, 0, 0, 0]
            var lines = ""
            for m in 0..<markets {
                let incident = (m * 7 + d) % 997 == 0 ? 0.5 : 1.0
                let visitors = (scale[m] * season * (1 + 0.0005 * Double(d)) * (0.93 + 0.14 * random()) * incident).rounded()
                let requests = (visitors * 0.3 * (0.9 + 0.2 * random())).rounded()
                let quotes = (requests * 0.8 * (0.9 + 0.2 * random())).rounded()
                let hires = (quotes * 0.2 * (0.85 + 0.3 * random())).rounded()
                let revenue = (hires * 150 * (0.8 + 0.4 * random()) * 100).rounded() / 100
                let values = [visitors, requests, quotes, hires, revenue]
                for k in 0..<5 { total[k] += values[k] }
                let fields = "\(Int(visitors)),\(Int(requests)),\(Int(quotes)),\(Int(hires)),\(revenue)"
                lines += "\(day),market,m\(m),\(fields)\n"
                warehouseRows += "\(day),m\(m),\(fields)\n"
            }
            out +=
                "\(day),total,all,\(Int(total[0])),\(Int(total[1])),\(Int(total[2])),\(Int(total[3])),\((total[4] * 100).rounded() / 100)\n"
                + lines
        }
        try out.write(toFile: csv, atomically: true, encoding: .utf8)
        let rowsFile = folder + "/wide-warehouse.csv"
        try warehouseRows.write(toFile: rowsFile, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: warehouse)
        let sqlite = ProcessTimer.run(
            "/usr/bin/sqlite3",
            [
                warehouse, "-cmd",
                "CREATE TABLE wide_daily (ds TEXT, market TEXT, visitors INTEGER, requests INTEGER, quotes INTEGER, hires INTEGER, "
                    + "revenue REAL)",
                ".import --csv --skip 1 \(rowsFile) wide_daily", "CREATE INDEX wide_ds ON wide_daily (ds)",
            ])
        guard sqlite.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        return out.utf8.count
    }
}
