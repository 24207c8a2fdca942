import CanonicalJSON
import Context
import Foundation
import Testing

@testable import MonitorEngine
@testable import Pipeline

/// Random and mutated bytes into every reader of user input — the JSON parser, the registry, the backtest and
/// labels CSVs — for a bounded time each: nothing traps, an accepted JSON text round-trips through its canonical
/// form, and every refusal is one short line.
@Suite struct FuzzTests {
    /// Seconds each reader is fed for (`AA_FUZZ_SECONDS` for a longer hunt).
    static let budget = ProcessInfo.processInfo.environment["AA_FUZZ_SECONDS"].flatMap(Double.init) ?? 2

    /// Added to every seed (`AA_FUZZ_SEED`), to hunt with other inputs; a failure message names the input.
    static let seedOffset = ProcessInfo.processInfo.environment["AA_FUZZ_SEED"].flatMap(UInt64.init) ?? 0

    /// A small deterministic generator: a failure is reproduced from the seed it prints.
    struct Bytes {
        var state: UInt64

        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }

        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

        /// Pieces that reach the readers' edge cases more often than random bytes do.
        static let tokens: [[UInt8]] = [
            "{", "}", "[", "]", "\"", ",", ":", "\\u0000", "\\ud800", "1e999", "-0", "null", "true", "\r", "\n", "\r\n", "\"\"", "\u{FEFF}",
            "nan", "0x1p3", "2026-02-30", "*", "\u{202E}", "\\", "9999999999999999999999",
        ].map { Array($0.utf8) }

        /// `seed` changed a few times: bytes flipped, tokens inserted, ranges dropped or repeated.
        mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
            var bytes = seed
            for _ in 0...below(6) {
                let at = below(bytes.count + 1)
                switch below(5) {
                case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: next())
                case 1: bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
                case 2 where at < bytes.count: bytes.removeSubrange(at..<min(bytes.count, at + 1 + below(40)))
                case 3 where at < bytes.count: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + below(200))], at: at)
                default: bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
                }
            }
            return bytes
        }

        mutating func random(_ count: Int) -> [UInt8] { (0..<below(count)).map { _ in UInt8(truncatingIfNeeded: next()) } }
    }

    /// Feeds `body` inputs until the budget is spent; returns how many it took.
    static func feed(seed: UInt64, _ body: (inout Bytes) throws -> Void) rethrows -> Int {
        var bytes = Bytes(state: seed &+ seedOffset)
        let deadline = Date().addingTimeInterval(budget)
        var count = 0
        while Date() < deadline {
            try body(&bytes)
            count += 1
        }
        return count
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func theJSONParserRefusesOrRoundTripsWhateverItIsGiven() throws {
        let seeds = [Array(#"{"a":[1,2.5,-3e-7,"x\u00e9\n",null,true,{"b":{}}],"c":"\ud83d\ude00"}"#.utf8), Array("[[[[[]]]]]".utf8)]
        var accepted = 0
        let fed = Self.feed(seed: 7) { bytes in
            let input = bytes.below(4) == 0 ? bytes.random(300) : bytes.mutate(seeds[bytes.below(seeds.count)])
            guard let value = try? JSONValue.parse(Self.text(input)) else { return }
            accepted += 1
            let canonical = value.canonicalString
            let again = try? JSONValue.parse(canonical)
            #expect(again?.canonicalString == canonical, "\(Self.text(input).debugDescription)")
        }
        #expect(fed > 1000 && accepted > 50, "fed \(fed), accepted \(accepted)")
    }

    @Test func theRegistryRefusesMutatedTextInOneSentence() throws {
        let registry = try Array(Data(contentsOf: URL(fileURLWithPath: Self.repository + "/queries/monitors.json")))
        var refused = 0
        let fed = try Self.feed(seed: 11) { bytes in
            do { _ = try Registry.parse(Self.text(bytes.mutate(registry)), file: "monitors.json") } catch let error as RegistryError {
                refused += 1
                #expect(!error.description.contains("\n") && error.description.utf8.count < 600, "\(error.description.prefix(300))")
            }
        }
        #expect(fed > 100 && refused > fed / 2, "fed \(fed), refused \(refused)")
    }

    @Test func theCSVReadersRefuseMutatedFilesInOneSentence() throws {
        let monitor = try LoadedRegistry.load(path: Self.repository + "/queries/monitors.json").monitor("revenue_funnel_demo")
        let header = "ds,dimension,dimension_value,visitors,requests,quotes,hires,revenue\n"
        let rows = Array((header + "2026-05-01,total,all,10,5,3,1,99.5\n2026-05-01,platform,\"we,b\",4,2,1,0,0\n").utf8)
        let labels = Array("ds,metric,dimension,slice,label\n2026-05-01,visitors,total,all,true_positive\n2026-05-02,*,*,*,expected\n".utf8)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        var refused = 0
        let fed = try Self.feed(seed: 13) { bytes in
            let labelsFile = bytes.below(2) == 0
            try Data(bytes.mutate(labelsFile ? labels : rows)).write(to: URL(fileURLWithPath: file))
            do {
                if labelsFile {
                    _ = try LabelSet.load(try CSVTable.load(file), file: file, monitor: monitor)
                } else {
                    _ = try CSVRows.load(file, monitor: monitor)
                }
            } catch let error as PipelineError {
                refused += 1
                #expect(!error.message.contains("\n") && error.message.utf8.count < 600, "\(error.message.prefix(300))")
            }
        }
        #expect(fed > 100 && refused > 0, "fed \(fed), refused \(refused)")
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
}
