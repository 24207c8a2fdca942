/// Text from data (slice names, SQL, model output) made safe to show a person: a slice named with an escape
/// sequence cannot clear a terminal or hide a hyperlink, and a right-to-left override cannot make a report say
/// what the data does not. Each such character is shown as `‹U+XXXX›`, so it stays visible for an audit; `--json`
/// keeps the raw value.
package enum DisplayText {
    /// `text` with control characters (but line breaks and tabs when `keepingLines`) and bidirectional controls shown
    /// as `‹U+XXXX›`.
    package static func visible(_ text: String, keepingLines: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { isHidden($0, keepingLines) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isHidden(scalar, keepingLines) {
                out.append(contentsOf: "‹U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4))›".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// C0 and C1 controls and DEL (escape sequences start with them), the bidirectional formatting characters
    /// (embeddings, overrides, isolates, marks), and the invisible ones that make two names look alike (zero-width
    /// space and non-joiner, word joiner, byte order mark; the zero-width joiner is kept for emoji).
    static func isHidden(_ scalar: Unicode.Scalar, _ keepingLines: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: !keepingLines
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0x200B, 0x200C, 0x2060, 0xFEFF: true
        default: false
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
