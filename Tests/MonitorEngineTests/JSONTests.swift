import CanonicalJSON
import Testing

@Suite struct JSONTests {
    @Test func canonicalFormSortsKeysAndIsCompact() {
        let value: JSONValue = ["b": 1, "a": ["z": true, "y": .null], "é": "x", "A": 2.5]
        #expect(value.canonicalString == #"{"A":2.5,"a":{"y":null,"z":true},"b":1,"é":"x"}"#)
    }

    @Test func parsingThenSerialisingIsStable() throws {
        let text = #"{"a":[1,2.0,-3.5e-7,"q\"\\\n\u0001",{"k":false}],"b":null,"c":"😀"}"#
        let parsed = try JSONValue.parse(text)
        #expect(try JSONValue.parse(parsed.canonicalString) == parsed)
        #expect(parsed["a"]?.arrayValue?[1] == .double(2))
        #expect(parsed["a"]?.arrayValue?[3] == .string("q\"\\\n\u{01}"))
        #expect(parsed.canonicalString.contains("\\u0001"))
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    /// Found by the fuzzer: a high surrogate followed by an escape that is not a low one trapped on an underflow.
    @Test func aLoneSurrogateIsOneReplacementCharacterAndNeverATrap() throws {
        #expect(try JSONValue.parse(#""\ud800\u0041""#).stringValue == "\u{FFFD}A")
        #expect(try JSONValue.parse(#""\ud83d\ude00""#).stringValue == "😀")
        #expect(try JSONValue.parse(#""\udc00x""#).stringValue == "\u{FFFD}x")
        #expect(try JSONValue.parse(#""\ud800\ud800\udc00""#).stringValue == "\u{FFFD}\u{10000}")
    }

    @Test func nonFiniteNumbersBecomeNull() {
        #expect(JSONValue.number(.nan) == .null)
        #expect(JSONValue.number(.infinity) == .null)
        #expect(JSONValue.array([.number(-.infinity), .number(1)]).canonicalString == "[null,1.0]")
    }

    @Test func malformedTextIsRefusedWithAnOffset() {
        for bad in ["{", "[1,]", "{\"a\" 1}", "tru", "1 2", "\"unterminated", "{\"a\":01x}"] {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(bad) }
        }
    }
}

/// The reader's own number conversion against Swift's `Double(String)` (strtod), bit for bit.
@Suite struct JSONNumberTests {
    @Test func decimalsReadToTheSameBitsAsStrtod() throws {
        var state: UInt64 = 99
        func next(_ n: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % n
        }
        var checked = 0
        for _ in 0..<50_000 {
            let whole = String(next(1_000_000_000))
            var fraction = ""
            for _ in 0..<(1 + next(22)) { fraction += String(next(10)) }
            let sign = next(4) == 0 ? "-" : ""
            for text in [sign + whole + "." + fraction, sign + "0." + fraction, sign + String(whole.prefix(3)) + "." + fraction] {
                let parsed = try JSONValue.parse(text)
                let expected = try #require(Double(text))
                #expect(parsed.doubleValue?.bitPattern == expected.bitPattern, "\(text)")
                checked += 1
            }
        }
        #expect(checked == 150_000)
        for text in ["-0.0", "0.1", "0.3", "9007199254740993.0", "123456789012345.6", "1.7976931348623157", "2.2250738585072014"] {
            #expect(try JSONValue.parse(text).doubleValue?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    /// Integers (the columns of a CSV of counts) take the exact path without strtod; they must still read to
    /// the bits strtod gives, and the texts strtod alone would misread stay refused.
    @Test func integersAndNearMissesReadAsStrtodReadsThem() {
        func decimal(_ text: String) -> Double? { Array(text.utf8).withUnsafeBufferPointer(DecimalText.decimal) }
        var state: UInt64 = 7
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let digits = 1 + Int((state >> 40) % 18)
            let text = (state & 1 == 0 ? "-" : "") + String((state >> 8) % 1_000_000_000_000_000_000).prefix(digits)
            #expect(decimal(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        for text in ["0", "-0", "007", "1.", "123456789012345", "1234567890123456789", "9007199254740993", "1e5", "+5"] {
            #expect(decimal(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        for text in ["", "-", ".", "-.", "1.2.3", "nan", "inf", "0x10", "1-2"] { #expect(decimal(text) == nil, "\(text)") }
    }
}

/// The one-pass canonical check against its definition — parse, write canonically, compare — on canonical
/// texts and on every kind of near miss.
@Suite struct CanonicalCheckTests {
    static func byDefinition(_ bytes: [UInt8]) -> Bool {
        var copy = bytes
        guard let value = try? JSONValue.parse(bytes: &copy) else { return false }
        return value.canonicalBytes == bytes
    }

    static func check(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { JSONValue.isCanonical($0) } }

    @Test func agreesWithParseThenWriteOnCanonicalTextsAndTheirMutations() throws {
        let seeds: [JSONValue] = [
            ["a": [1, -2, 0.5, 1e21, 123_456_789_012_345_678, .null, true, false], "b": "q\"\\\n\t\u{07}\u{1F}é日本🙂", "": [:], "Z": []],
            [.int(Int64.min), .int(Int64.max), 0.1, -1.5e-7, 5.0, "", ["k": ["n": ["m": 1]]]],
            ["x": "\u{7F}\u{08}\u{0C}\r/", "y": 9007199254740993.0, "\u{FF61}": 1, "\u{1F600}": 2],
        ]
        let alphabet = Array(#"{}[]",:-+.0123456789eEtrufalsn \\u/\"#.utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xED, 0xA0, 0x80, 0xFF]
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var canonical = 0
        var refused = 0
        for seed in seeds {
            let bytes = seed.canonicalBytes
            #expect(Self.check(bytes))
            for _ in 0..<4000 {
                var mutated = bytes
                switch next(3) {
                case 0: mutated[next(mutated.count)] = alphabet[next(alphabet.count)]
                case 1: mutated.insert(alphabet[next(alphabet.count)], at: next(mutated.count + 1))
                default: mutated.remove(at: next(mutated.count))
                }
                let expected = Self.byDefinition(mutated)
                #expect(Self.check(mutated) == expected, "\(String(decoding: mutated, as: UTF8.self))")
                if expected { canonical += 1 } else { refused += 1 }
            }
        }
        for text in [
            "-0", "01", "-0.0", "1.50", "1E5", "1e5", "\"\\/\"", "\"\\u00E9\"", "\"\\u000a\"", "{\"b\":1,\"a\":2}", "{\"a\":1,\"a\":1}",
            " 1", "[1, 2]", "9223372036854775808", "-9223372036854775808", "1.0e+16", "1e+16", "0.0", "-0.0",
        ] {
            let bytes = Array(text.utf8)
            #expect(Self.check(bytes) == Self.byDefinition(bytes), "\(text)")
        }
        #expect(canonical > 50 && refused > 5000) // both answers were exercised
    }
}
