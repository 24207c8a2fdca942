import MonitorEngine

/// Archive data made inert in Markdown: a slice named `<script>`, `<!channel>`, `a|b` or with a newline stays text in
/// `aa report`'s output instead of becoming HTML, a mention, a broken table or a new block.
enum MarkdownText {
    /// `text` for running Markdown: HTML's `&`, `<` and `>` as entities, inline punctuation backslash-escaped (an
    /// underscore inside a word, which CommonMark never reads as emphasis, and a bracket that cannot make a link are
    /// left as they are), line breaks as spaces, and a block marker at its start escaped.
    static func inline(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let characters = Array(DisplayText.visible(text))
        for (index, character) in characters.enumerated() {
            let inWord = { (offset: Int) in
                characters.indices.contains(offset) && (characters[offset].isLetter || characters[offset].isNumber)
            }
            switch character {
            case "_" where inWord(index - 1) && inWord(index + 1): out.append(character)
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            // A bracket makes a link only as `[` … `](`, `][`, `]:` or a line's first `[` (a reference definition);
            // what follows a value is not known, so a `]` that ends one is escaped too. `[total=all]` stays as it is.
            case "[" where index > 0: out.append(character)
            case "]" where index + 1 < characters.count && !"([:".contains(characters[index + 1]): out.append(character)
            case "\\", "`", "*", "_", "[", "]", "|", "~": out += "\\" + String(character)
            case "\n", "\r", "\r\n", "\t": out += " "
            default: out.append(character)
            }
        }
        if let first = out.first, "#-+=".contains(first) { out = "\\" + out }
        return out
    }

    /// `text` as a code span, fenced with more backticks than any run inside it.
    static func code(_ text: String) -> String {
        let flat = DisplayText.visible(text).map { $0.isNewline ? " " : String($0) }.joined()
        var longest = 0
        var run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padding = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + padding + flat + padding + fence
    }
}
