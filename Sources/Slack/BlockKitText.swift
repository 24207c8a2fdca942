import MonitorEngine

/// Escaping and truncation for Slack mrkdwn, so data can't ping `@channel`, inject links or break limits.
enum BlockKitText {
    /// Escapes the three characters Slack's mrkdwn treats as control characters, and shows control and
    /// bidirectional characters as `‹U+XXXX›` (``DisplayText``).
    static func escape(_ text: String) -> String {
        var out = ""
        for c in DisplayText.visible(text) {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Cuts `text` to at most `limit` characters at a word boundary, ending with an ellipsis.
    static func truncate(_ text: String, _ limit: Int) -> String {
        guard text.count > limit else { return text }
        let head = text.prefix(limit - 1)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return cut + "…"
    }
}
