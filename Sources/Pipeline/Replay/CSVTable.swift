/// A small RFC 4180 reader (quoted fields, doubled quotes, CRLF) for `--data` and `--labels` files.
public struct CSVTable: Sendable {
    public let header: [String]
    /// Rows with their 1-based line numbers in the file.
    public let rows: [(line: Int, fields: [String])]

    /// Parses `text`; the first line is the header.
    ///
    /// - Throws: ``PipelineError`` naming the file and line of an unterminated quote or a wrong field count.
    public static func parse(_ text: String, file: String) throws(PipelineError) -> CSVTable {
        var records: [(Int, [String])] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": inQuotes = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n":
                fields.append(field)
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                field = ""
                line += 1
                recordLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw PipelineError(.usage, "\(file) line \(recordLine): a quoted field is never closed; close the quote") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        guard let first = records.first else { throw PipelineError(.usage, "\(file) is empty; it needs a header line and rows") }
        let header = first.1.map { $0.trimmingCharacters(in: .whitespaces) }
        for (number, values) in records.dropFirst() where values.count != header.count {
            throw PipelineError(.usage, "\(file) line \(number): \(values.count) fields but the header has \(header.count); fix that line")
        }
        return CSVTable(header: header, rows: records.dropFirst().map { ($0.0, $0.1) })
    }

    /// The index of a required column, or an error naming the file and the missing column.
    public func column(_ name: String, file: String) throws(PipelineError) -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw PipelineError(.usage, "\(file) has no column '\(name)' (its header is \(header.joined(separator: ","))); add it")
        }
        return i
    }
}

import Foundation
