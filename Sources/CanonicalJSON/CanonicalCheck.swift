extension JSONValue {
    /// Whether `bytes` are exactly the canonical form of the JSON they hold — what `parse` then
    /// ``canonicalBytes`` would give back — checked in one pass without building the value: no whitespace,
    /// keys in strictly ascending byte order, only the escapes the writer makes, valid UTF-8, integers as
    /// plain Int64 decimals and other numbers in their shortest round-trip form. `aa verify` runs it on
    /// every payload.
    public static func isCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var check = CanonicalCheck(bytes: bytes)
        return check.value(depth: 0) && check.index == bytes.count
    }
}

/// The cursor behind ``JSONValue/isCanonical(_:)``.
private struct CanonicalCheck {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func value(depth: Int) -> Bool {
        guard depth < 512, let byte = current else { return false }
        switch byte {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return word("true")
        case UInt8(ascii: "f"): return word("false")
        case UInt8(ascii: "n"): return word("null")
        default: return number()
        }
    }

    private mutating func word(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for k in 0..<count where bytes[index + k] != text.utf8Start[k] { return false }
        index += count
        return true
    }

    private mutating func array(depth: Int) -> Bool {
        index += 1
        if current == UInt8(ascii: "]") {
            index += 1
            return true
        }
        while true {
            guard value(depth: depth + 1) else { return false }
            if current == UInt8(ascii: ",") {
                index += 1
            } else if current == UInt8(ascii: "]") {
                index += 1
                return true
            } else {
                return false
            }
        }
    }

    private mutating func object(depth: Int) -> Bool {
        index += 1
        if current == UInt8(ascii: "}") {
            index += 1
            return true
        }
        var previous: [UInt8]?
        while true {
            guard current == UInt8(ascii: "\""), let key = string() else { return false }
            if let previous, !previous.lexicographicallyPrecedes(key) { return false }
            previous = key
            guard current == UInt8(ascii: ":") else { return false }
            index += 1
            guard value(depth: depth + 1) else { return false }
            if current == UInt8(ascii: ",") {
                index += 1
            } else if current == UInt8(ascii: "}") {
                index += 1
                return true
            } else {
                return false
            }
        }
    }

    /// Reads a string written the canonical way; returns its unescaped UTF-8 bytes (for key order), or nil.
    private mutating func string() -> [UInt8]? {
        index += 1
        var text: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") {
                guard let unescaped = escape() else { return nil }
                text.append(unescaped)
            } else if byte < 0x20 {
                return nil
            } else if byte >= 0x80 {
                guard let length = utf8Sequence() else { return nil }
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
                index += length
            } else {
                text.append(byte)
                index += 1
            }
        }
        return nil
    }

    /// The character of an escape the writer makes (at the backslash), or nil for any other escape.
    private mutating func escape() -> UInt8? {
        guard index + 1 < bytes.count else { return nil }
        let letter = bytes[index + 1]
        index += 2
        switch letter {
        case UInt8(ascii: "\""): return letter
        case UInt8(ascii: "\\"): return letter
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "u"):
            // Only control characters without a short form, as \u00XX in lower case.
            guard index + 4 <= bytes.count, bytes[index] == 0x30, bytes[index + 1] == 0x30 else { return nil }
            guard let high = Self.hex(bytes[index + 2]), high <= 1, let low = Self.hex(bytes[index + 3]) else { return nil }
            let code: UInt8 = high << 4 | low
            let shortForm: Set<UInt8> = [0x08, 0x09, 0x0A, 0x0C, 0x0D]
            guard !shortForm.contains(code) else { return nil }
            index += 4
            return code
        default: return nil
        }
    }

    /// The length of the valid UTF-8 sequence starting at a non-ASCII byte, or nil (the reader would repair it).
    private func utf8Sequence() -> Int? {
        let lead = bytes[index]
        var length = 0
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        if lead >= 0xC2 && lead <= 0xDF {
            length = 2
        } else if lead >= 0xE0 && lead <= 0xEF {
            length = 3
            if lead == 0xE0 { low = 0xA0 }
            if lead == 0xED { high = 0x9F }
        } else if lead >= 0xF0 && lead <= 0xF4 {
            length = 4
            if lead == 0xF0 { low = 0x90 }
            if lead == 0xF4 { high = 0x8F }
        } else {
            return nil
        }
        guard index + length <= bytes.count else { return nil }
        for k in 1..<length {
            let byte = bytes[index + k]
            let lowest: UInt8 = k == 1 ? low : 0x80
            let highest: UInt8 = k == 1 ? high : 0xBF
            guard byte >= lowest && byte <= highest else { return nil }
        }
        return length
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        if byte >= 0x30 && byte <= 0x39 { return byte - 0x30 }
        if byte >= 0x61 && byte <= 0x66 { return byte - 0x61 + 10 }
        return nil
    }

    /// A number token as the reader scans it, then compared with how the writer prints its value.
    private mutating func number() -> Bool {
        let start = index
        var isInteger = true
        if current == UInt8(ascii: "-") { index += 1 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                index += 1
            } else if JSONReader.isNumberPunctuation(byte) {
                isInteger = false
                index += 1
            } else {
                break
            }
        }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<index])
        guard !token.isEmpty else { return false }
        if isInteger { return Self.isCanonicalInteger(token) }
        guard let value = DecimalText.double(token), value.isFinite else { return false }
        var printed = JSONValue.format(value)
        return printed.withUTF8 { text in Self.same(text, token) }
    }

    /// The writer prints an Int64 as plain decimal: no leading zeros, no "-0", within range.
    private static func isCanonicalInteger(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let negative = token[0] == UInt8(ascii: "-")
        let digits = token.count - (negative ? 1 : 0)
        guard digits >= 1, digits <= 19 else { return false }
        if token[negative ? 1 : 0] == 0x30 { return digits == 1 && !negative }
        if digits < 19 { return true }
        return Int64(String(decoding: token, as: UTF8.self)) != nil
    }

    private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var k = 0
        while k < a.count {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }
}
