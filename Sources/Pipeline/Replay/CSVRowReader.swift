import Context
import Foundation
import MonitorEngine

/// Takes a backtest CSV's records one by one into a ``PanelBuilder``: the header first, then rows, each value
/// checked (one clear sentence with the file's line for anything wrong). Dimensions and slices are recognised by
/// their bytes, so a `String` is built once per slice, not per row.
struct CSVRowReader {
    /// What the monitor says about the file's columns: the same for every part of it.
    private struct Layout {
        let file: String
        let monitorName: String
        let columnNames: [String]
        let counted: [Bool]
        let dimensionNames: [String]
        let dimensionBytes: [[UInt8]]
    }

    /// The rows taken so far and what recognises the next one's names.
    private struct Rows {
        var builder: PanelBuilder
        /// The file line of each row taken, for sentences about repeated rows.
        var lines: [Int32] = []
        var values: [Double]
        var declared: [Int?]
        var interners: [ByteInterner]
        var sliceNumbers: [[Int32]]
        /// Rows come grouped by day: a day's bytes are compared, and parsed only when they change.
        var lastDay: (bytes: [UInt8], day: Day)?

        init(_ layout: Layout) {
            builder = PanelBuilder(columnNames: layout.columnNames)
            values = [Double](repeating: .nan, count: layout.columnNames.count)
            declared = [Int?](repeating: nil, count: layout.dimensionNames.count)
            interners = [ByteInterner](repeating: ByteInterner(), count: layout.dimensionNames.count)
            sliceNumbers = [[Int32]](repeating: [], count: layout.dimensionNames.count)
        }
    }

    private let layout: Layout
    private var header: [String]?
    private var index: (ds: Int, dimension: Int, slice: Int, columns: [Int]) = (0, 0, 0, [])
    private var rows: Rows

    init(file: String, monitor: Monitor) {
        let counts = Set(monitor.metrics.filter { $0.kind == .count }.map(\.column))
        let dimensionNames = monitor.dimensions.map(\.name)
        layout = Layout(
            file: file, monitorName: monitor.name, columnNames: monitor.columns, counted: monitor.columns.map(counts.contains),
            dimensionNames: dimensionNames, dimensionBytes: dimensionNames.map { Array($0.utf8) })
        rows = Rows(layout)
    }

    var hasHeader: Bool { header != nil }

    /// A reader with this one's header and no rows: for another part of the same file.
    func emptied() -> CSVRowReader {
        var reader = self
        reader.rows = Rows(layout)
        return reader
    }

    /// Appends the rows `later` took from the part of the file after this one's, whose line 1 is this file's
    /// line `linesBefore + 1`.
    mutating func append(_ later: CSVRowReader, linesBefore: Int) {
        rows.builder.append(later.rows.builder)
        rows.lines += later.rows.lines.map { $0 + Int32(linesBefore) }
    }

    /// The rows taken, once the whole file has been.
    ///
    /// - Throws: ``PipelineError`` for a file without a header or rows, or a repeated (ds, dimension, dimension_value).
    func finished(monitor: Monitor) throws(PipelineError) -> PanelBuilder {
        guard header != nil else {
            let columns = (["ds", "dimension", "dimension_value"] + monitor.columns).joined(separator: ",")
            throw PipelineError(.usage, "\(layout.file) is empty; it needs a header line (\(columns)) and rows")
        }
        guard rows.builder.rowCount > 0 else {
            throw PipelineError(.usage, "\(layout.file) has a header but no rows; add a row per day and slice")
        }
        if let (earlier, later) = rows.builder.firstDuplicate() {
            throw PipelineError(
                .usage,
                "\(layout.file) line \(rows.lines[later]) repeats the ds, dimension and dimension_value of line \(rows.lines[earlier]); "
                    + "keep one row per day and slice")
        }
        return rows.builder
    }

    /// Takes the header, or a row.
    mutating func take(_ record: CSVReader.Record) throws(PipelineError) {
        guard let names = header else { return try takeHeader(record) }
        let line = record.line
        guard record.count == names.count else {
            throw PipelineError(
                .usage, "\(layout.file) line \(line): \(record.count) fields but the header has \(names.count); fix that line")
        }
        let day = try self.day(record)
        guard let k = record.withField(index.dimension, { field in layout.dimensionBytes.firstIndex { $0.elementsEqual(field) } }) else {
            let dimension = try text(record, index.dimension, "dimension")
            throw PipelineError(
                .usage,
                "\(layout.file) line \(line): dimension \(CSVTable.shown(dimension)) is not one of monitor \(layout.monitorName)'s "
                    + "(\(layout.dimensionNames.joined(separator: ", "))); fix the row or the registry")
        }
        let d = rows.declared[k] ?? rows.builder.declare(dimension: layout.dimensionNames[k])
        rows.declared[k] = d
        let (entry, isNew) = record.withField(index.slice) { rows.interners[k].index(of: $0) }
        if isNew {
            let slice = try text(record, index.slice, "dimension_value")
            guard slice.utf8.count <= CSVRows.maxSliceBytes else {
                throw PipelineError(
                    .usage,
                    "\(layout.file) line \(line), column dimension_value: a slice name of \(slice.utf8.count) bytes (at "
                        + "most \(CSVRows.maxSliceBytes)); is the right column named dimension_value?")
            }
            rows.sliceNumbers[k].append(rows.builder.slice(slice, in: d))
        }
        for (k, c) in index.columns.enumerated() { rows.values[k] = try number(record, c, column: k) }
        rows.builder.add(dimension: d, slice: rows.sliceNumbers[k][entry], day: day, values: rows.values)
        rows.lines.append(Int32(line))
    }

    private mutating func takeHeader(_ record: CSVReader.Record) throws(PipelineError) {
        var fields: [String] = []
        for i in 0..<record.count { fields.append(record.string(i) ?? "") }
        fields = try CSVTable.checkedHeader(fields, file: layout.file)
        let table = CSVTable(header: fields, rows: [])
        index = (
            try table.column("ds", file: layout.file), try table.column("dimension", file: layout.file),
            try table.column("dimension_value", file: layout.file), []
        )
        for name in layout.columnNames { index.columns.append(try table.column(name, file: layout.file)) }
        header = fields
    }

    private func text(_ record: CSVReader.Record, _ i: Int, _ column: String) throws(PipelineError) -> String {
        guard let s = record.string(i) else {
            throw PipelineError(
                .usage, "\(layout.file) line \(record.line), column \(column): the bytes are not UTF-8; save the file as UTF-8")
        }
        return s
    }

    private mutating func day(_ record: CSVReader.Record) throws(PipelineError) -> Day {
        if let lastDay = rows.lastDay, record.field(index.ds, equals: lastDay.bytes) { return lastDay.day }
        let dsText = try text(record, index.ds, "ds")
        guard let parsed = Day(dsText.trimmingCharacters(in: .whitespaces)) else {
            throw PipelineError(.usage, "\(layout.file) line \(record.line), column ds: \(CSVTable.shown(dsText)) is not a YYYY-MM-DD date")
        }
        rows.lastDay = (Array(dsText.utf8), parsed)
        return parsed
    }

    /// Field `c` as the value of base column `k`: NaN when empty.
    private func number(_ record: CSVReader.Record, _ c: Int, column k: Int) throws(PipelineError) -> Double {
        let line = record.line
        switch record.number(c) {
        case nil: return .nan
        case .failure?:
            let shown = record.string(c).map { CSVTable.shown($0) } ?? "a value that is not UTF-8"
            throw PipelineError(
                .usage,
                "\(layout.file) line \(line), column \(layout.columnNames[k]): \(shown) is not a number; write digits, or leave it empty for no value"
            )
        case .success(let v)?:
            guard v.isFinite, abs(v) <= CSVRows.maxMagnitude else {
                throw PipelineError(
                    .usage,
                    "\(layout.file) line \(line), column \(layout.columnNames[k]): \(record.string(c) ?? "") is beyond ±1e15, where daily sums "
                        + "stop being exact; check the column's units")
            }
            guard v >= 0 || !layout.counted[k] else {
                throw PipelineError(
                    .usage,
                    "\(layout.file) line \(line), column \(layout.columnNames[k]): \(record.string(c) ?? "") is negative, but \(layout.columnNames[k]) is "
                        + "counted; counts cannot be below zero")
            }
            return v
        }
    }
}
