import Foundation
import TestSupport
import Testing

/// The README is read in one sitting and points to the guides; the guides and `make help` name the same targets.
@Suite struct GuidesTests {
    static let guides = AACommand.repository + "/Sources/aa/Guides"

    static func readme() throws -> String { try String(contentsOfFile: AACommand.repository + "/README.md", encoding: .utf8) }

    @Test func theReadmeIsShortAndLinksEveryGuide() throws {
        let readme = try Self.readme()
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count <= 300)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.guides).filter { $0.hasSuffix(".md") }
        #expect(files.count >= 10)
        for file in files { #expect(readme.contains("(Sources/aa/Guides/\(file))"), "the README does not link \(file)") }
        // Every relative link of the README and the guides reaches a file.
        for (folder, text) in [(AACommand.repository, readme)]
            + (try files.map { (Self.guides, try String(contentsOfFile: Self.guides + "/" + $0, encoding: .utf8)) })
        {
            for link in text.matches(of: /\]\(([^)#:]+\.md)(#[a-z0-9-]+)?\)/) {
                let path = (folder as NSString).appendingPathComponent(String(link.1))
                #expect(FileManager.default.fileExists(atPath: path), "a link to \(link.1) from \(folder) leads nowhere")
            }
        }
    }

    @Test func makeHelpAndTheGuidesNameTheSameTargets() throws {
        let help = AACommand.run("/usr/bin/make", ["--no-print-directory", "help"], directory: AACommand.repository)
        #expect(help.status == 0)
        let targets = Set(help.stdout.matches(of: /^\s*make ([a-z-]+)/.anchorsMatchLineEndings()).map { String($0.1) })
        #expect(targets.count >= 15)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.guides).filter { $0.hasSuffix(".md") }
        let text = try ([Self.readme()] + files.map { try String(contentsOfFile: Self.guides + "/" + $0, encoding: .utf8) }).joined()
        let named = Set(text.matches(of: /`make ([a-z-]+)[ `]/).map { String($0.1) })
        #expect(named.subtracting(targets).isEmpty, "the guides name targets make help does not list: \(named.subtracting(targets))")
        // In a code block a target is named without backticks (`make run-local DATE=…`).
        let mentioned = Set(text.matches(of: /\bmake ([a-z-]+)\b/).map { String($0.1) })
        let unnamed = targets.subtracting(mentioned)
        #expect(unnamed.isEmpty, "make help lists targets no guide explains: \(unnamed.sorted())")
    }
}
