#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decimal text (`[-]digits[.digits][e[±]digits]`, as UTF-8 bytes) to a double, correctly rounded: the JSON
/// reader, the canonical check and the CSV reader all convert numbers here.
public enum DecimalText {
    /// The nearest double to `text`, or nil unless all of `text` is one number `strtod` reads.
    ///
    /// Short decimals take an exact arithmetic path; the rest go to `strtod`, the conversion `Double(String)`
    /// makes, without building a String.
    public static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double? { exact(text) ?? general(text) }

    /// `text` as a number only when it is written in decimal (digits, sign, point, exponent) in under 64 bytes:
    /// never `nan`, `inf` or hexadecimal, which strtod alone would take — how numbers from users' files and
    /// warehouses' text are read.
    public static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !text.isEmpty, text.count < 64,
            text.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 })
        else { return nil }
        return double(text)
    }

    /// strtod on a NUL-terminated copy of `text`, nil unless it takes every byte: the conversion
    /// `Double(String)` makes, without building a String.
    private static func general(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { buffer in
            for k in text.indices { buffer[k] = CChar(bitPattern: text[k]) }
            buffer[text.count] = 0
            guard let base = buffer.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            guard let end, end - base == text.count else { return nil }
            return value
        }
    }

    /// `[-]digits` or `[-]digits.digits` with at most 15 significant digits and at most 22 after the point: the
    /// significand and the power of ten are both exact doubles, so one division is correctly rounded (Clinger's
    /// fast path) and equals what strtod gives; an integer needs no division at all. Anything else returns nil,
    /// for strtod.
    private static func exact(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var k = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { k = 1 }
        var significand: Int64 = 0
        var digits = 0
        var fraction = -1
        while k < text.count {
            let byte = text[k]
            if byte == UInt8(ascii: ".") {
                guard fraction < 0 else { return nil }
                fraction = 0
            } else if byte >= 0x30 && byte <= 0x39 {
                if digits > 0 || byte != 0x30 { digits += 1 }
                guard digits <= 15 else { return nil }
                significand = significand * 10 + Int64(byte - 0x30)
                if fraction >= 0 { fraction += 1 }
            } else {
                return nil
            }
            k += 1
        }
        let integerDigits = text.count - (negative ? 1 : 0) - (fraction < 0 ? 0 : 1 + fraction)
        guard integerDigits > 0, fraction != 0, fraction <= 22 else { return nil }
        let value = fraction < 0 ? Double(significand) : Double(significand) / powersOfTen[fraction]
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...22).map { pow10($0) }

    private static func pow10(_ n: Int) -> Double {
        var value = 1.0
        for _ in 0..<n { value *= 10 }
        return value
    }

}
