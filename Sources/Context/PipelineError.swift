/// A failure the user can act on, raised anywhere in the pipeline and printed by the CLI as one sentence.
package struct PipelineError: Error, Sendable, CustomStringConvertible {
    /// Broad kind of failure; the CLI maps it to an exit code.
    package enum Kind: Sendable, Equatable {
        /// Bad arguments or input: exit 2.
        case usage
        /// The registry or a template is wrong: exit 2.
        case config
        /// The warehouse, archive or a service failed: exit 1.
        case runtime
        /// Something asked for does not exist: exit 3.
        case notFound
    }

    package let kind: Kind
    package let message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}
