/// A failure the user can act on, raised anywhere in the pipeline and printed by the CLI as one sentence.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    /// Broad kind of failure; the CLI maps it to an exit code.
    public enum Kind: Sendable, Equatable {
        /// Bad arguments or input: exit 2.
        case usage
        /// The registry or a template is wrong: exit 2.
        case config
        /// The warehouse, archive or a service failed: exit 1.
        case runtime
        /// Something asked for does not exist: exit 3.
        case notFound
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
