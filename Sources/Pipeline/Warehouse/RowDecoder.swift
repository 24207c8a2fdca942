import CanonicalJSON
import Context
import MonitorEngine

/// Turns a query result into engine rows, checking the columns the registry promised are there.
enum RowDecoder {
    static func decode(_ result: QueryResult, monitor: Monitor, dimension: String) throws(PipelineError) -> DimensionRows {
        let names = result.schema.map(\.name)
        func index(_ column: String) throws(PipelineError) -> Int {
            guard let i = names.firstIndex(of: column) else {
                throw PipelineError(
                    .config,
                    "the \(dimension) query of monitor \(monitor.name) returned no column '\(column)' (it returned "
                        + "\(names.joined(separator: ", "))); the template must select ds, dimension_value and "
                        + "\(monitor.columns.joined(separator: ", "))"
                )
            }
            return i
        }
        let dsIndex = try index("ds")
        let sliceIndex = try index("dimension_value")
        var columnIndexes: [Int] = []
        for column in monitor.columns { columnIndexes.append(try index(column)) }
        var rows: [MetricRow] = []
        rows.reserveCapacity(result.rows.count)
        // Rows come grouped by day: parse each date once.
        var last: (text: String, day: Day)?
        for (number, row) in result.rows.enumerated() {
            let day: Day
            if let last, let text = row[dsIndex].stringValue, text == last.text {
                day = last.day
            } else {
                guard let text = row[dsIndex].stringValue, let parsed = Day(String(text.prefix(10))) else {
                    throw PipelineError(
                        .runtime,
                        "row \(number + 1) of the \(dimension) query of monitor \(monitor.name) has ds = "
                            + "\(row[dsIndex].canonicalString), not a date"
                    )
                }
                day = parsed
                last = (text, parsed)
            }
            let slice: String
            switch row[sliceIndex] {
            case .string(let s): slice = s
            case .null: slice = "(null)"
            default: slice = row[sliceIndex].canonicalString
            }
            var values: [Double] = []
            for (c, i) in columnIndexes.enumerated() {
                switch row[i] {
                case .null: values.append(.nan)
                case .string(let s):
                    guard let d = Double(s) else {
                        throw PipelineError(
                            .runtime,
                            "row \(number + 1) of the \(dimension) query of monitor \(monitor.name) has \(monitor.columns[c]) = "
                                + "\"\(s)\", not a number"
                        )
                    }
                    values.append(d)
                default: values.append(row[i].doubleValue ?? .nan)
                }
            }
            rows.append(MetricRow(day: day, slice: slice, values: values))
        }
        return DimensionRows(dimension: dimension, rows: rows)
    }
}
