import Context
import Foundation
import MonitorEngine

/// Reads a backtest CSV (`ds`, `dimension`, `dimension_value` and the monitor's base columns) straight into
/// a ``PanelBuilder``, checking every value on the way: one clear sentence with the line for anything wrong.
package enum CSVRows {
    /// Longest slice name taken, in UTF-8 bytes: longer ones are a wrong column, not a slice.
    static let maxSliceBytes = 1024
    /// Largest magnitude taken: beyond it sums of doubles stop being exact.
    static let maxMagnitude = 1e15

    /// The rows of `file` for `monitor`.
    ///
    /// - Throws: ``PipelineError`` for an empty file, a header without rows, a missing column, a wrong field
    ///   count, a bad date or number, a non-UTF-8 or overlong name, an unknown dimension, or a repeated
    ///   (ds, dimension, dimension_value).
    package static func load(_ file: String, monitor: Monitor) throws(PipelineError) -> PanelBuilder {
        var builder = PanelBuilder(columnNames: monitor.columns)
        var header: [String]?
        var index: (ds: Int, dimension: Int, slice: Int, columns: [Int]) = (0, 0, 0, [])
        var lines: [Int32] = []
        var values = [Double](repeating: .nan, count: monitor.columns.count)
        let counts = Set(monitor.metrics.filter { $0.kind == .count }.map(\.column))
        let counted = monitor.columns.map(counts.contains)
        // Dimensions and slices are recognised by their bytes; a String is built once per slice, not per row.
        let dimensionNames = monitor.dimensions.map(\.name)
        let dimensionBytes = dimensionNames.map { Array($0.utf8) }
        // The closure reads plain values, not the monitor: a captured struct this large is copied on every call.
        let (monitorName, columnNames) = (monitor.name, monitor.columns)
        var declared = [Int?](repeating: nil, count: dimensionBytes.count)
        var interners = [ByteInterner](repeating: ByteInterner(), count: dimensionBytes.count)
        var sliceNumbers = [[Int32]](repeating: [], count: dimensionBytes.count)
        // Rows come grouped by day: a day's bytes are compared, and parsed only when they change.
        var lastDay: (bytes: [UInt8], day: Day)?
        try CSVReader(file: file).forEachRecord { (record) throws(PipelineError) in
            let line = record.line
            guard let names = header else {
                var fields: [String] = []
                for i in 0..<record.count { fields.append(record.string(i) ?? "") }
                fields = try CSVTable.checkedHeader(fields, file: file)
                let table = CSVTable(header: fields, rows: [])
                index = (
                    try table.column("ds", file: file), try table.column("dimension", file: file),
                    try table.column("dimension_value", file: file), []
                )
                for name in columnNames { index.columns.append(try table.column(name, file: file)) }
                header = fields
                return
            }
            guard record.count == names.count else {
                throw PipelineError(.usage, "\(file) line \(line): \(record.count) fields but the header has \(names.count); fix that line")
            }
            func text(_ i: Int, _ column: String) throws(PipelineError) -> String {
                guard let s = record.string(i) else {
                    throw PipelineError(.usage, "\(file) line \(line), column \(column): the bytes are not UTF-8; save the file as UTF-8")
                }
                return s
            }
            let day: Day
            if let lastDay, record.field(index.ds, equals: lastDay.bytes) {
                day = lastDay.day
            } else {
                let dsText = try text(index.ds, "ds")
                guard let parsed = Day(dsText.trimmingCharacters(in: .whitespaces)) else {
                    throw PipelineError(.usage, "\(file) line \(line), column ds: \(CSVTable.shown(dsText)) is not a YYYY-MM-DD date")
                }
                day = parsed
                lastDay = (Array(dsText.utf8), parsed)
            }
            guard let k = record.withField(index.dimension, { field in dimensionBytes.firstIndex { $0.elementsEqual(field) } }) else {
                let dimension = try text(index.dimension, "dimension")
                throw PipelineError(
                    .usage,
                    "\(file) line \(line): dimension \(CSVTable.shown(dimension)) is not one of monitor \(monitorName)'s "
                        + "(\(dimensionNames.joined(separator: ", "))); fix the row or the registry")
            }
            let d = declared[k] ?? builder.declare(dimension: dimensionNames[k])
            declared[k] = d
            let (entry, isNew) = record.withField(index.slice) { interners[k].index(of: $0) }
            if isNew {
                let slice = try text(index.slice, "dimension_value")
                guard slice.utf8.count <= maxSliceBytes else {
                    throw PipelineError(
                        .usage,
                        "\(file) line \(line), column dimension_value: a slice name of \(slice.utf8.count) bytes (at "
                            + "most \(maxSliceBytes)); is the right column named dimension_value?")
                }
                sliceNumbers[k].append(builder.slice(slice, in: d))
            }
            for (k, c) in index.columns.enumerated() {
                switch record.number(c) {
                case nil: values[k] = .nan
                case .failure?:
                    let shown = record.string(c).map { CSVTable.shown($0) } ?? "a value that is not UTF-8"
                    throw PipelineError(
                        .usage,
                        "\(file) line \(line), column \(columnNames[k]): \(shown) is not a number; write digits, or leave it "
                            + "empty for no value")
                case .success(let v)?:
                    guard v.isFinite, abs(v) <= maxMagnitude else {
                        throw PipelineError(
                            .usage,
                            "\(file) line \(line), column \(columnNames[k]): \(record.string(c) ?? "") is beyond ±1e15, where daily "
                                + "sums stop being exact; check the column's units")
                    }
                    guard v >= 0 || !counted[k] else {
                        throw PipelineError(
                            .usage,
                            "\(file) line \(line), column \(columnNames[k]): \(record.string(c) ?? "") is negative, but \(columnNames[k]) "
                                + "is counted; counts cannot be below zero")
                    }
                    values[k] = v
                }
            }
            builder.add(dimension: d, slice: sliceNumbers[k][entry], day: day, values: values)
            lines.append(Int32(line))
        }
        guard header != nil else {
            let columns = (["ds", "dimension", "dimension_value"] + monitor.columns).joined(separator: ",")
            throw PipelineError(.usage, "\(file) is empty; it needs a header line (\(columns)) and rows")
        }
        guard builder.rowCount > 0 else { throw PipelineError(.usage, "\(file) has a header but no rows; add a row per day and slice") }
        if let (earlier, later) = builder.firstDuplicate() {
            throw PipelineError(
                .usage,
                "\(file) line \(lines[later]) repeats the ds, dimension and dimension_value of line \(lines[earlier]); "
                    + "keep one row per day and slice")
        }
        return builder
    }
}
