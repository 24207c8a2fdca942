import CanonicalJSON
import EventArchive
import MonitorEngine

/// The Slack message of a run as it was sent (its blocks' text), or why it was not sent.
package enum MessageSection {
    package static func render(type: EventType?, _ record: MessageRecord?) -> String {
        guard let type, let record else { return "<p class=\"muted\">No message was recorded for this run.</p>" }
        var out = "<p><strong>\(HTML.escape(type.rawValue))</strong> to \(HTML.escape(record.destination))"
        out += record.reason.isEmpty ? ".</p>" : ": \(HTML.escape(record.reason))</p>"
        let texts = record.blockTexts
        let body = texts.isEmpty ? record.fallbackText : texts.joined(separator: "\n\n")
        if let body, !body.isEmpty { out += "<pre class=\"message\">\(HTML.escape(body))</pre>" }
        return out
    }
}
