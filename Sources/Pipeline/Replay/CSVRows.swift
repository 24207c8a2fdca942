import Context
import Dispatch
import Foundation
import MonitorEngine

/// Reads a backtest CSV (`ds`, `dimension`, `dimension_value` and the monitor's base columns) straight into
/// a ``PanelBuilder``, checking every value on the way: one clear sentence with the line for anything wrong.
///
/// A large file is read as two halves on two cores, split at a line end, and the second half's rows appended
/// to the first's: the same builder, the same numbering and the same first error as one pass, which it falls
/// back to when the split was inside a quoted field or the second half holds an error (so the error names its
/// true line).
package enum CSVRows {
    /// Longest slice name taken, in UTF-8 bytes: longer ones are a wrong column, not a slice.
    static let maxSliceBytes = 1024
    /// Largest magnitude taken: beyond it sums of doubles stop being exact.
    static let maxMagnitude = 1e15
    /// Files smaller than this are read in one pass: a second thread would cost more than it saves.
    package static let splitBytes = 4 << 20

    /// The rows of `file` for `monitor`.
    ///
    /// - Parameters:
    ///   - threads: cores to read with (one or two halves).
    ///   - splitting: the smallest file read in two halves.
    /// - Throws: ``PipelineError`` for an empty file, a header without rows, a missing column, a wrong field
    ///   count, a bad date or number, a non-UTF-8 or overlong name, an unknown dimension, or a repeated
    ///   (ds, dimension, dimension_value).
    package static func load(
        _ file: String, monitor: Monitor, threads: Int = 2, splitting: Int = splitBytes
    ) throws(PipelineError) -> PanelBuilder {
        let reader = CSVReader(file: file)
        var first = CSVRowReader(file: file, monitor: monitor)
        if threads > 1, let (headerEnd, split, size) = splitPoints(file, from: splitting) {
            _ = try reader.forEachRecord(in: 0..<headerEnd, firstLine: 1, partial: true) { (record) throws(PipelineError) in
                try first.take(record)
            }
            if first.hasHeader {
                let halves = TwoHalves(first: first, second: first.emptied())
                DispatchQueue.concurrentPerform(iterations: 2) { half in
                    // Each thread reads into its own copy, kept when it is done: no shared state on the way.
                    var part = half == 0 ? halves.first : halves.second
                    let end = Result { () throws(PipelineError) in
                        try reader.forEachRecord(
                            in: half == 0 ? headerEnd..<split : split..<size, firstLine: half == 0 ? 2 : 1, partial: half == 0
                        ) { (record) throws(PipelineError) in try part.take(record) }
                    }
                    if half == 0 { (halves.first, halves.firstEnd) = (part, end) } else { (halves.second, halves.secondEnd) = (part, end) }
                }
                first = halves.first
                if let end = try halves.firstEnd?.get(), !end.inQuotes {
                    if case .success? = halves.secondEnd {
                        first.append(halves.second, linesBefore: end.line - 1)
                    } else {
                        // The second half holds an error: read again after the first, so the sentence names its line.
                        _ = try reader.forEachRecord(in: split..<size, firstLine: end.line, partial: false) {
                            (record) throws(PipelineError) in
                            try first.take(record)
                        }
                    }
                    return try first.finished(monitor: monitor)
                }
            }
            // The split fell inside a quoted field (or the header runs on): one pass from the start.
            first = CSVRowReader(file: file, monitor: monitor)
        }
        try reader.forEachRecord { (record) throws(PipelineError) in try first.take(record) }
        return try first.finished(monitor: monitor)
    }

    /// Where to split a regular file of at least `smallest` bytes: after its first line end (the header's, unless a
    /// quoted header runs on, which the first pass finds) and after the first line end past the middle.
    private static func splitPoints(_ file: String, from smallest: Int) -> (headerEnd: Int, split: Int, size: Int)? {
        guard file != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: file),
            attributes[.type] as? FileAttributeType == .typeRegular, let size = (attributes[.size] as? NSNumber)?.intValue,
            size >= smallest, let handle = FileHandle(forReadingAtPath: file)
        else { return nil }
        defer { try? handle.close() }
        func lineEnd(after offset: Int) -> Int? {
            try? handle.seek(toOffset: UInt64(offset))
            guard let bytes = try? handle.read(upToCount: 1 << 16), let at = bytes.firstIndex(of: 0x0A) else { return nil }
            return offset + (at - bytes.startIndex) + 1
        }
        guard let headerEnd = lineEnd(after: 0), let split = lineEnd(after: size / 2), split > headerEnd, split < size else { return nil }
        return (headerEnd, split, size)
    }

    /// Each half's reader and how its read ended.
    private final class TwoHalves: @unchecked Sendable {
        // @unchecked: the first two properties are used by one thread, the last two by the other, and all are read
        // only after both have finished.
        var first: CSVRowReader
        var firstEnd: Result<CSVReader.PartEnd, PipelineError>?
        var second: CSVRowReader
        var secondEnd: Result<CSVReader.PartEnd, PipelineError>?

        init(first: CSVRowReader, second: CSVRowReader) {
            self.first = first
            self.second = second
        }
    }
}
