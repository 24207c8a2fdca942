import CanonicalJSON
import MonitorEngine

/// Reads backtest rows from a CSV (`ds`, `dimension`, `dimension_value` and the monitor's base columns).
public enum CSVRows {
    public static func load(_ table: CSVTable, file: String, monitor: Monitor) throws(PipelineError) -> [DimensionRows] {
        let ds = try table.column("ds", file: file)
        let dimension = try table.column("dimension", file: file)
        let slice = try table.column("dimension_value", file: file)
        var columns: [Int] = []
        for name in monitor.columns { columns.append(try table.column(name, file: file)) }
        var byDimension: [String: [MetricRow]] = [:]
        for (line, fields) in table.rows {
            guard let day = Day(fields[ds].trimmingCharacters(in: .whitespaces)) else {
                throw PipelineError(.usage, "\(file) line \(line), column ds: '\(fields[ds])' is not a YYYY-MM-DD date")
            }
            var values: [Double] = []
            for (k, c) in columns.enumerated() {
                let text = fields[c].trimmingCharacters(in: .whitespaces)
                if text.isEmpty { values.append(.nan); continue }
                guard let v = Double(text), v.isFinite else {
                    throw PipelineError(.usage, "\(file) line \(line), column \(monitor.columns[k]): '\(text)' is not a number")
                }
                values.append(v)
            }
            byDimension[fields[dimension], default: []].append(MetricRow(day: day, slice: fields[slice], values: values))
        }
        let known = Set(monitor.dimensions.map(\.name))
        if let unknown = byDimension.keys.sorted().first(where: { !known.contains($0) }) {
            throw PipelineError(.usage, "\(file) has rows for dimension '\(unknown)', which monitor \(monitor.name) does not define (it has \(monitor.dimensions.map(\.name).joined(separator: ", ")))")
        }
        return monitor.dimensions.compactMap { d in byDimension[d.name].map { DimensionRows(dimension: d.name, rows: $0) } }
    }
}

import Foundation
