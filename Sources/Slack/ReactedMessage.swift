import CanonicalJSON

/// A top-level message of the bot's channel and the reactions on it, as `conversations.history` lists them.
package struct ReactedMessage: Sendable, Equatable {
    /// One emoji on the message and the users who added it.
    package struct Reaction: Sendable, Equatable {
        /// The emoji's name as Slack spells it, without colons (`-1`, `white_check_mark`).
        package let name: String
        /// Slack user ids, in the order Slack lists them.
        package let users: [String]
    }

    package let ts: String
    package let reactions: [Reaction]

    /// The messages of a `conversations.history` answer that carry reactions.
    static func reacted(_ messages: [JSONValue]) -> [ReactedMessage] {
        messages.compactMap { message in
            guard let ts = message["ts"]?.stringValue, let list = message["reactions"]?.arrayValue, !list.isEmpty else { return nil }
            let reactions = list.compactMap { r -> Reaction? in
                guard let name = r["name"]?.stringValue else { return nil }
                return Reaction(name: name, users: (r["users"]?.arrayValue ?? []).compactMap(\.stringValue))
            }
            return ReactedMessage(ts: ts, reactions: reactions)
        }
    }
}

extension SlackBotDelivery {
    /// The channel's recent top-level messages that carry reactions — where a team's 👎 and ✅ on the alerts are.
    package func reactedMessages() -> Result<[ReactedMessage], ReadFailure> {
        read("conversations.history", ["limit": "200"], reading: ("read for reactions", "labels from reactions"))
            .map(ReactedMessage.reacted)
    }
}
