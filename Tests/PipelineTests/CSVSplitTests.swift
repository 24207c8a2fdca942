import Context
import Foundation
import MonitorEngine
import Pipeline
import Testing

/// A CSV read as two halves on two cores against the same file read in one pass: the same panel and the same
/// first error, wherever the split falls — a clean file, errors before and after the middle, a quoted field
/// with line breaks across the middle, a row repeated across the halves.
@Suite struct CSVSplitTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .path

    static func monitor() throws -> Monitor {
        try LoadedRegistry.load(path: repository + "/queries/monitors.json").monitor("revenue_funnel_demo")
    }

    /// 60 days of a total and three platforms; `edit` may change line `n` (1-based, header is line 1).
    static func csv(_ edit: (Int, String) -> String = { $1 }) -> String {
        var lines = ["ds,dimension,dimension_value,visitors,requests,quotes,hires,revenue"]
        let start = Day("2026-03-01")!
        for d in 0..<60 {
            let day = start.adding(d).description
            lines.append("\(day),total,all,\(1000 + d),\(500 + d),\(250 + d),\(100 + d),\(d * 3).25")
            for (k, slice) in ["android", "ios", "\"we\nb\""].enumerated() {
                lines.append("\(day),platform,\(slice),\(300 + d + k),\(150 + d),\(75 + k),\(30 + d % 7),\(d).5")
            }
        }
        return lines.enumerated().map { edit($0.offset + 1, $0.element) }.joined(separator: "\n") + "\n"
    }

    /// The outcome of reading `file` with `threads`: the panel built over its days, or the error.
    static func read(_ file: String, threads: Int) throws -> Result<Panel, PipelineError> {
        let monitor = try monitor()
        let result = Result { () throws(PipelineError) in try CSVRows.load(file, monitor: monitor, threads: threads, splitting: 1) }
        guard case .success(let rows) = result else { return result.map { _ in fatalError("unreachable") } }
        let days = try #require(rows.days)
        return .success(rows.build(start: days.lowerBound, end: days.upperBound, order: monitor.dimensions.map(\.name)))
    }

    /// Reads `text` in one pass and in two halves, expects the same outcome, and returns the error's sentence.
    static func expectSame(_ text: String, _ comment: Comment) throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("split-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        switch (try read(file, threads: 1), try read(file, threads: 2)) {
        case (.success(let a), .success(let b)):
            #expect(a.dayCount == b.dayCount && a.equals(b, from: 0), comment)
            #expect(a.dimensions.map(\.slices) == b.dimensions.map(\.slices), comment)
            return nil
        case (.failure(let a), .failure(let b)):
            #expect(a.message == b.message, comment)
            return a.message
        case (let one, let two):
            Issue.record("one pass \(one), two halves \(two): \(comment)")
            return nil
        }
    }

    /// The file line `marker` is on in `text`.
    static func line(of marker: String, in text: String) -> Int? {
        text.range(of: marker).map { text[..<$0.lowerBound].filter { $0 == "\n" }.count + 1 }
    }

    @Test func aCleanFileReadsTheSameInTwoHalves() throws {
        let text = Self.csv()
        #expect(try Self.expectSame(text, "clean") == nil)
        // The split fell mid-file, so the test read two real halves: the file is long enough to have a middle.
        #expect(text.utf8.count > 10_000)
    }

    /// Rows 30 and 150 fall in the first half, 200 and 239 in the second (of 241 records, some of two lines).
    @Test(arguments: [30, 150, 200, 239])
    func anErrorNamesTheSameLineWhicheverHalfHoldsIt(row: Int) throws {
        let badNumber = Self.csv { $0 == row ? $1 + "x" : $1 }
        let message = try Self.expectSame(badNumber, "bad number")
        let line = try #require(Self.line(of: ".5x", in: badNumber) ?? Self.line(of: ".25x", in: badNumber))
        #expect(message?.contains("line \(line), column revenue") == true, "\(message ?? "none")")
        let edit = { (text: String) in
            text.contains(",platform,")
                ? text.replacingOccurrences(of: ",platform,", with: ",os,") : text.replacingOccurrences(of: ",total,", with: ",os,")
        }
        let unknownDimension = Self.csv { $0 == row ? edit($1) : $1 }
        let unknown = try Self.expectSame(unknownDimension, "dimension")
        let unknownLine = try #require(Self.line(of: ",os,", in: unknownDimension))
        #expect(unknown?.contains("line \(unknownLine): dimension 'os'") == true, "\(unknown ?? "none")")
    }

    @Test func aRowRepeatedAcrossTheHalvesIsNamedWithBothLines() throws {
        // The first data row again at the end, far past the middle.
        var text = Self.csv()
        text += text.split(separator: "\n")[1] + "\n"
        let message = try Self.expectSame(text, "repeat")
        #expect(message?.contains("repeats the ds, dimension and dimension_value of line 2") == true, "\(message ?? "none")")
    }

    @Test func aQuotedFieldAcrossTheMiddleIsReadWhole() throws {
        // A quoted slice name of many lines on day 30's android row (record 123), the middle of the file: the split
        // lands inside it. Too long a name is refused the same way; a shorter one is read the same way.
        let long = "\"" + String(repeating: "x\n", count: 4000) + "\""
        let refused = try Self.expectSame(Self.csv { $0 == 123 ? $1.replacingOccurrences(of: "android", with: long) : $1 }, "long")
        #expect(refused?.contains("a slice name of 8000 bytes") == true, "\(refused ?? "none")")
        let short = "\"" + String(repeating: "y\n", count: 400) + "\""
        let text = Self.csv { $0 == 123 ? $1.replacingOccurrences(of: "android", with: short) : $1 }
        let middle = text.utf8.count / 2
        let start = try #require(text.utf8.firstIndex(of: UInt8(ascii: "y")).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) })
        #expect(start < middle && middle < start + 800, "the quoted name spans the middle")
        #expect(try Self.expectSame(text, "quoted") == nil)
    }
}
