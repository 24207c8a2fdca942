import CanonicalJSON
import Context
import Foundation

/// Streams RFC 4180 records from a file: quoted fields holding commas, quotes and newlines, a UTF-8 byte
/// order mark, CRLF or LF line ends. It reads a megabyte at a time and keeps one record in memory, so a
/// large file costs what the caller keeps of it, not the file.
package struct CSVReader {
    /// One record: its fields as bytes, and the file line it starts on (1-based).
    package struct Record {
        package internal(set) var line = 0
        var bytes: [UInt8] = []
        var ends: [Int] = []

        package var count: Int { ends.count }

        /// The bytes of field `i`.
        func withField<T>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
            let start = i == 0 ? 0 : ends[i - 1]
            return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[i]])) }
        }

        /// Whether field `i` holds exactly `bytes`.
        func field(_ i: Int, equals bytes: [UInt8]) -> Bool { withField(i) { $0.elementsEqual(bytes) } }

        /// Field `i` as text, nil when its bytes are not UTF-8.
        package func string(_ i: Int) -> String? { withField(i) { String(validating: $0, as: UTF8.self) } }

        /// Field `i` as a number: nil for an empty field (after spaces are trimmed), `.failure` for anything
        /// that is not a decimal number.
        func number(_ i: Int) -> Result<Double, NumberError>? {
            withField(i) { field in
                var lo = 0
                var hi = field.count
                while lo < hi, field[lo] == 0x20 || field[lo] == 0x09 { lo += 1 }
                while hi > lo, field[hi - 1] == 0x20 || field[hi - 1] == 0x09 { hi -= 1 }
                if lo == hi { return nil }
                return DecimalText.decimal(UnsafeBufferPointer(rebasing: field[lo..<hi])).map { .success($0) } ?? .failure(NumberError())
            }
        }
    }

    /// A field that is not a number.
    struct NumberError: Error {}

    package let file: String

    package init(file: String) { self.file = file }

    /// Calls `body` with every record in order; empty lines are skipped.
    ///
    /// - Throws: ``PipelineError`` when the file cannot be read or a quoted field is never closed, or what `body` throws.
    package func forEachRecord(_ body: (Record) throws(PipelineError) -> Void) throws(PipelineError) {
        _ = try forEachRecord(in: nil, firstLine: 1, partial: false, body)
    }

    /// What a read of part of a file ended with.
    struct PartEnd {
        /// The line the next byte is on.
        let line: Int
        /// The part ended inside a quoted field: a record runs on past it.
        let inQuotes: Bool
    }

    /// Calls `body` with every record in the bytes `range` of the file (from there to the end when nil or past
    /// it), whose first byte is on line `firstLine`.
    ///
    /// - Parameter partial: the range ends before the file does: ending inside a quoted field is returned, not
    ///   thrown (the record runs on past the range).
    func forEachRecord(
        in range: Range<Int>?, firstLine: Int, partial: Bool, _ body: (Record) throws(PipelineError) -> Void
    ) throws(PipelineError) -> PartEnd {
        // `-` is standard input, as in other command-line tools.
        var isFolder: ObjCBool = false
        if file != "-", FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
            throw PipelineError(.usage, "\(file) is a folder, not a CSV file; pass the CSV file's path")
        }
        guard let handle = file == "-" ? fdopen(dup(STDIN_FILENO), "rb") : fopen(file, "rb") else {
            throw PipelineError(.usage, "cannot read \(file); check the path")
        }
        defer { fclose(handle) }
        if let range, fseeko(handle, off_t(range.lowerBound), SEEK_SET) != 0 {
            throw PipelineError(.usage, "cannot read \(file); check the path")
        }
        var left = range?.count ?? Int.max
        let size = 1 << 20
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { chunk.deallocate() }
        var record = Record()
        record.line = firstLine
        var line = firstLine
        var inQuotes = false
        var quoteJustClosed = false
        var atStart = (range?.lowerBound ?? 0) == 0
        var fieldHasContent = false
        var afterCR = false
        func finishRecord() throws(PipelineError) {
            record.ends.append(record.bytes.count)
            if !(record.ends.count == 1 && record.bytes.isEmpty) { try body(record) }
            record.bytes.removeAll(keepingCapacity: true)
            record.ends.removeAll(keepingCapacity: true)
        }
        while true {
            let read = fread(chunk, 1, min(size, left), handle)
            if read == 0 { break }
            left -= read
            var i = 0
            if atStart {
                atStart = false
                if read >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF { i = 3 }
                // Text never holds a NUL byte: a binary file is named as one, not read as a CSV without a header.
                if UnsafeBufferPointer(start: chunk, count: read).contains(0) {
                    throw PipelineError(.usage, "\(file) is not a CSV text file (it holds binary data); pass a CSV of rows with a header")
                }
            }
            while i < read {
                // A field's plain bytes are copied as one run: the scan stops only at a quote, a comma or a line end.
                if inQuotes {
                    var j = i
                    while j < read && chunk[j] != 0x22 {
                        if chunk[j] == 0x0A { line += 1 }
                        j += 1
                    }
                    record.bytes.append(contentsOf: UnsafeBufferPointer(start: chunk + i, count: j - i))
                    afterCR = false
                    i = j
                    if j < read {
                        inQuotes = false
                        quoteJustClosed = true
                        i += 1
                    }
                    continue
                }
                // A CR ends a line only before an LF: old Mac files (CR alone) would read as one endless record.
                if afterCR && chunk[i] != 0x0A {
                    throw PipelineError(
                        .usage, "\(file) line \(line) ends in a bare carriage return (old Mac line ends); save it with LF or CRLF line ends"
                    )
                }
                var j = i
                while j < read, chunk[j] != 0x22, chunk[j] != 0x2C, chunk[j] != 0x0A, chunk[j] != 0x0D { j += 1 }
                if j > i {
                    record.bytes.append(contentsOf: UnsafeBufferPointer(start: chunk + i, count: j - i))
                    quoteJustClosed = false
                    fieldHasContent = true
                    afterCR = false
                    i = j
                    continue
                }
                let c = chunk[i]
                i += 1
                afterCR = c == 0x0D
                // Only the four bytes the run stopped at get here.
                if c == 0x22 {
                    // A quote right after a closing one is an escaped quote ("" inside a quoted field).
                    if quoteJustClosed { record.bytes.append(0x22) }
                    inQuotes = true
                    fieldHasContent = true
                } else if c == 0x2C {
                    record.ends.append(record.bytes.count)
                    fieldHasContent = false
                } else if c == 0x0A {
                    try finishRecord()
                    line += 1
                    record.line = line
                    fieldHasContent = false
                }
                quoteJustClosed = false
            }
        }
        if inQuotes && partial { return PartEnd(line: line, inQuotes: true) }
        if inQuotes { throw PipelineError(.usage, "\(file) line \(record.line): a quoted field is never closed; close the quote") }
        if !record.bytes.isEmpty || !record.ends.isEmpty || fieldHasContent { try finishRecord() }
        return PartEnd(line: line, inQuotes: false)
    }
}
