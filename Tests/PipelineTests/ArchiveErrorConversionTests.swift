import Context
import EventArchive
import Foundation
import Pipeline
import Testing

/// An archive failure exits the same way whichever layer meets it: the pipeline's archive reader converts it as the
/// command line does (it used to flatten every kind to a runtime failure, exit 1).
@Suite struct ArchiveErrorConversionTests {
    @Test func thePipelineKeepsTheKindOfAnArchiveFailure() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("conv-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = ArchiveReader(store: try ArchiveStore.open(path: path, create: true))
        let cases: [(ArchiveError.Code, PipelineError.Kind)] = [
            (.missing, .notFound), (.notFound, .notFound), (.notAnArchive, .usage), (.newerFormat, .usage), (.corrupt, .runtime),
            (.locked, .runtime),
        ]
        for (code, kind) in cases {
            let error = ArchiveError(code, "the archive says \(code)")
            do {
                _ = try reader.wrap { () throws(ArchiveError) -> Int in throw error }
                Issue.record("\(code) was not thrown")
            } catch {
                #expect(error.kind == kind && error.message == "the archive says \(code)", "\(code)")
                #expect(error.kind == PipelineError(ArchiveError(code, "")).kind)
            }
        }
    }
}
