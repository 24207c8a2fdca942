import CanonicalJSON

extension MessageRecord {
    /// The message's fallback text (what a notification shows).
    public var fallbackText: String? { message["text"]?.stringValue }

    /// The text of each Block Kit block in order: a section's text, or a context block's elements joined.
    public var blockTexts: [String] {
        (message["blocks"]?.arrayValue ?? []).compactMap { block in
            if let text = block["text"]?["text"]?.stringValue { return text }
            let elements = (block["elements"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
            return elements.isEmpty ? nil : elements.joined(separator: " ")
        }
    }
}
