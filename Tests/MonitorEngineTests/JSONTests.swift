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
