/// What changed since the last message for the same monitor, day and destination: the top of an update post.
package struct DeliveryUpdate: Sendable {
    /// When the earlier message was sent.
    package let previousAt: String
    /// Alert keys (`metric|dimension|slice|severity`) new since then.
    package let added: [String]
    /// Alert keys no longer firing (or firing at another severity).
    package let resolved: [String]

    package init(previousAt: String, added: [String], resolved: [String]) {
        self.previousAt = previousAt
        self.added = added
        self.resolved = resolved
    }

    /// "Update to the message of …: 1 new, 2 no longer firing (…)".
    var text: String {
        func names(_ keys: [String]) -> String {
            let shown = keys.prefix(5).map { key -> String in
                let p = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                return p.count >= 4 ? "\(p[0]) [\(p[1])=\(p[2])] \(p[3])" : key
            }
            return shown.joined(separator: "; ") + (keys.count > 5 ? "; and \(keys.count - 5) more" : "")
        }
        var parts: [String] = []
        if !added.isEmpty { parts.append("\(added.count) new: " + names(added)) }
        if !resolved.isEmpty { parts.append("\(resolved.count) no longer firing: " + names(resolved)) }
        if parts.isEmpty { parts.append("findings re-sent unchanged") }
        return "*Update* to the message of \(previousAt) — " + parts.joined(separator: " · ")
    }
}
