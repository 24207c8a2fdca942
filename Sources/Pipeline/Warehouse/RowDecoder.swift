import CanonicalJSON
import Context
import Foundation
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
        // Which JSON kind each slice name came from: NULL and the text '(null)', or 1 and '1', must not merge.
        var kinds: [String: String] = [:]
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
            let (slice, kind): (String, String)
            switch row[sliceIndex] {
            case .string(let s): (slice, kind) = (s, "text")
            case .null: (slice, kind) = ("(null)", "NULL")
            default: (slice, kind) = (row[sliceIndex].canonicalString, "a number")
            }
            if let earlier = kinds.updateValue(kind, forKey: slice), earlier != kind {
                throw PipelineError(
                    .runtime,
                    "the \(dimension) query of monitor \(monitor.name) returned dimension_value '\(slice.prefix(40))' both as \(earlier) "
                        + "and as \(kind), which would merge into one slice; CAST or COALESCE dimension_value to one kind in the template")
            }
            var values: [Double] = []
            for (c, i) in columnIndexes.enumerated() {
                if case .null = row[i] {
                    values.append(.nan)
                    continue
                }
                guard let d = Self.number(row[i]) else {
                    throw PipelineError(
                        .runtime,
                        "row \(number + 1) of the \(dimension) query of monitor \(monitor.name) has \(monitor.columns[c]) = "
                            + "\(row[i].canonicalString.prefix(40)), not a finite decimal number; fix the data or the template")
                }
                values.append(d)
            }
            rows.append(MetricRow(day: day, slice: slice, values: values))
        }
        return DimensionRows(dimension: dimension, rows: rows)
    }
}

extension RowDecoder {
    /// A warehouse value as a number: JSON numbers, and text in decimal notation (`12`, `-3.5`, `1e6`); never
    /// `nan`, `inf` or hexadecimal, which `Double(_:)` would also take, and never a value that is not finite.
    static func number(_ value: JSONValue) -> Double? {
        let parsed: Double?
        if case .string(let text) = value {
            parsed = Array(text.trimmingCharacters(in: .whitespaces).utf8).withUnsafeBufferPointer(DecimalText.decimal)
        } else {
            parsed = value.doubleValue
        }
        return parsed.flatMap { $0.isFinite ? $0 : nil }
    }

    /// A one-scan query's result split by its `dimension` column into what each dimension's own query would have
    /// returned (that column removed), with the job's facts on each part.
    static func split(_ result: QueryResult, of query: RenderedQuery, monitor: Monitor) throws(PipelineError) -> [(
        query: RenderedQuery, result: QueryResult
    )] {
        guard let column = result.schema.firstIndex(where: { $0.name == "dimension" }) else {
            throw PipelineError(
                .config,
                "the one-scan query of monitor \(monitor.name) returned no column 'dimension'; select {{dimension_name}} AS dimension")
        }
        var rows: [String: [[JSONValue]]] = [:]
        for row in result.rows where column < row.count {
            let name = row[column].stringValue ?? ""
            guard query.combines.contains(name) else {
                throw PipelineError(
                    .config,
                    "the one-scan query of monitor \(monitor.name) returned rows for dimension '\(name)', which the registry does not "
                        + "name; its dimensions are \(query.combines.joined(separator: ", "))")
            }
            var trimmed = row
            trimmed.remove(at: column)
            rows[name, default: []].append(trimmed)
        }
        var schema = result.schema
        schema.remove(at: column)
        return query.combines.map { name in
            var part = QueryResult(
                schema: schema, rows: rows[name] ?? [], jobId: result.jobId, bytesProcessed: result.bytesProcessed,
                cacheHit: result.cacheHit, source: result.source)
            part.bytesBilled = result.bytesBilled
            part.slotMs = result.slotMs
            return (query.part(name), part)
        }
    }
}
