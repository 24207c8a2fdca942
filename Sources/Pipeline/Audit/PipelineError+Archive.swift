import Context
import EventArchive

extension PipelineError {
    /// An archive failure as the sentence and exit kind every command reports it with: the one conversion, by the
    /// archive error's code (never its text).
    package init(_ error: ArchiveError) {
        switch error.code {
        case .missing, .notFound: self.init(.notFound, error.message)
        case .notAnArchive, .newerFormat: self.init(.usage, error.message)
        default: self.init(.runtime, error.message)
        }
    }
}
