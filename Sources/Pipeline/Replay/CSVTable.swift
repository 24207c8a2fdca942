import Context
import Foundation
import MonitorEngine

/// A small CSV file read whole into text fields, for `--labels` files.
package struct CSVTable: Sendable {
    package let header: [String]
    /// Rows with their 1-based line numbers in the file.
    package let rows: [(line: Int, fields: [String])]

    /// Reads `file`; the first record is the header.
    ///
    /// - Throws: ``PipelineError`` naming the file and line of an unreadable file, bytes that are not UTF-8,
    ///   an unterminated quote or a wrong field count.
    package static func load(_ file: String) throws(PipelineError) -> CSVTable {
        var header: [String]?
        var rows: [(Int, [String])] = []
        try CSVReader(file: file).forEachRecord { (record) throws(PipelineError) in
            var fields: [String] = []
            for i in 0..<record.count {
                guard let text = record.string(i) else {
                    throw PipelineError(
                        .usage, "\(file) line \(record.line), field \(i + 1): the bytes are not UTF-8; save the file as UTF-8")
                }
                fields.append(text)
            }
            guard let names = header else {
                header = try checkedHeader(fields, file: file)
                return
            }
            guard fields.count == names.count else {
                throw PipelineError(
                    .usage, "\(file) line \(record.line): \(fields.count) fields but the header has \(names.count); fix that line")
            }
            rows.append((record.line, fields))
        }
        guard let header else { throw PipelineError(.usage, "\(file) is empty; it needs a header line and rows") }
        return CSVTable(header: header, rows: rows)
    }

    /// The header's names, trimmed; a name given twice is refused (which of the two would count is a guess).
    package static func checkedHeader(_ fields: [String], file: String) throws(PipelineError) -> [String] {
        let names = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw PipelineError(.usage, "\(file): column \(shown(name)) appears twice in the header; keep one")
        }
        return names
    }

    /// A field's text for an error sentence: quoted, at most 40 characters, line breaks and other control
    /// characters shown as `‹U+XXXX›`, so a sentence stays one short line whatever the file holds.
    package static func shown(_ text: some StringProtocol) -> String {
        "'" + DisplayText.visible(String(text.prefix(40)), keepingLines: false) + (text.count > 40 ? "…'" : "'")
    }

    /// The index of a required column, or an error naming the file and the missing column.
    package func column(_ name: String, file: String) throws(PipelineError) -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw PipelineError(
                .usage,
                "\(file) has no column '\(name)' (its header is \(DisplayText.visible(header.joined(separator: ","), keepingLines: false).prefix(200))); add it"
            )
        }
        return i
    }
}
