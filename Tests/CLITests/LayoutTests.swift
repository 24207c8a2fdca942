import Foundation
import TestSupport
import Testing

/// The README's Layout section is the map a newcomer reads; these tests keep it equal to `Package.swift` — and the
/// Makefile's clean targets away from the archive.
@Suite struct LayoutTests {
    /// Each target's direct dependencies as `Package.swift` declares them (test targets left out).
    static func packageGraph() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: AACommand.repository + "/Package.swift", encoding: .utf8)
        let targets =
            text.components(separatedBy: ".target(").dropFirst()
            + text.components(separatedBy: ".executableTarget(").dropFirst()
        var graph: [String: Set<String>] = [:]
        for chunk in targets {
            let declaration = chunk.components(separatedBy: "\n        .").first ?? chunk
            guard let name = declaration.firstMatch(of: /name: "([^"]+)"/)?.1 else { continue }
            guard let list = declaration.firstMatch(of: /dependencies: \[([^\]]*)\]/)?.1 else { continue }
            graph[String(name)] = Set(list.matches(of: /"([^"]+)"/).map { String($0.1) })
        }
        return graph
    }

    /// The lines `module → dependencies` of the README's Layout code block.
    static func readmeGraph() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: AACommand.repository + "/README.md", encoding: .utf8)
        let layout = try #require(text.components(separatedBy: "## Layout").dropFirst().first)
        let block = try #require(layout.components(separatedBy: "```").dropFirst().first)
        var graph: [String: Set<String>] = [:]
        for line in block.split(separator: "\n") where line.contains("→") {
            let sides = line.components(separatedBy: "→")
            let name = sides[0].trimmingCharacters(in: .whitespaces)
            graph[name] = Set(sides[1].split(separator: " ").map(String.init))
        }
        return graph
    }

    @Test func readmeDependencyLinesEqualPackageSwift() throws {
        let package = try Self.packageGraph()
        let readme = try Self.readmeGraph()
        #expect(readme.count >= 10)
        for (module, uses) in readme {
            #expect(package[module] == uses, "README's \(module) line differs from Package.swift")
        }
        let undrawn = Set(package.keys).subtracting(readme.keys).subtracting(["aa-bench", "TestSupport"])
        #expect(undrawn.isEmpty, "modules missing from the README's Layout: \(undrawn.sorted())")
    }

    /// Reports, the site and the pipeline read typed views of events; a `["key"]` lookup into JSON is left only at
    /// the edges (documents written with `--json`, outside APIs): no more than 80 in CLI, Site and Pipeline.
    @Test func keyedJSONLookupsStayAtTheEdges() throws {
        var count = 0
        var perFile: [String: Int] = [:]
        for module in ["CLI", "Site", "Pipeline"] {
            let folder = AACommand.repository + "/Sources/" + module
            let files = try #require(FileManager.default.enumerator(atPath: folder)?.allObjects as? [String])
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                let found = text.matches(of: /[^ (,\[]\["[A-Za-z_0-9]+"\]/).count
                count += found
                perFile[module + "/" + file] = found
            }
        }
        #expect(perFile.count > 50) // the scan saw the modules
        #expect(count <= 80, "\(count) keyed lookups; the most in \(perFile.sorted { $0.value > $1.value }.prefix(3))")
    }

    /// No module leaks into another: what `Context` holds is used by two modules or more (a type one module uses lives
    /// in that module), and `HTTPClient` throws nothing of the pipeline's.
    @Test func contextHoldsOnlyWhatSeveralModulesShareAndHTTPClientThrowsItsOwn() throws {
        let sources = AACommand.repository + "/Sources"
        func texts(_ module: String) throws -> [String: String] {
            let files = try #require(FileManager.default.enumerator(atPath: sources + "/" + module)?.allObjects as? [String])
            var out: [String: String] = [:]
            for file in files where file.hasSuffix(".swift") {
                out[file] = try String(contentsOfFile: sources + "/" + module + "/" + file, encoding: .utf8)
            }
            return out
        }
        let modules = try FileManager.default.contentsOfDirectory(atPath: sources).filter {
            $0 != "Context" && !$0.hasPrefix("C") || $0 == "CLI"
        }
        let others = try Dictionary(uniqueKeysWithValues: modules.map { ($0, try texts($0).values.joined(separator: "\n")) })
        let declared = try texts("Context").values.flatMap {
            $0.matches(of: /^package (?:struct|enum|protocol|final class) (\w+)/.anchorsMatchLineEndings()).map { String($0.1) }
        }
        #expect(declared.count >= 4)
        for type in declared {
            let word = try Regex("\\b\(type)\\b").wordBoundaryKind(.simple)
            let users = others.filter { $0.value.contains(word) }.keys.sorted()
            #expect(users.count >= 2, "Context's \(type) is used only by \(users): it belongs there")
        }
        let http = try texts("HTTPClient").values.joined()
        #expect(!http.contains("PipelineError"), "HTTPClient throws the pipeline's error")
    }

    /// Test targets mirror the modules they test (Hummingbird's habit): each is `<Module>Tests` for a module in
    /// `Sources/`, and its folder holds its files.
    @Test func testTargetsAreNamedForTheModulesTheyTest() throws {
        let text = try String(contentsOfFile: AACommand.repository + "/Package.swift", encoding: .utf8)
        let targets = text.matches(of: /\.testTarget\(\s*name: "([A-Za-z]+)"/).map { String($0.1) }
        #expect(targets.count >= 8)
        let modules = Set(try FileManager.default.contentsOfDirectory(atPath: AACommand.repository + "/Sources"))
        for target in targets {
            #expect(target.hasSuffix("Tests") && modules.contains(String(target.dropLast(5))), "\(target) is named for no module")
            let files = try FileManager.default.contentsOfDirectory(atPath: AACommand.repository + "/Tests/" + target)
            #expect(files.contains { $0.hasSuffix(".swift") }, "Tests/\(target) holds no tests")
        }
    }

    /// `make clean` removes build output and peers, and never the archive; `make clean-demo` only the demo's warehouse.
    @Test func makeCleanNeverDeletesTheArchive() throws {
        let folder = AACommand.temporaryFolder()
        try FileManager.default.copyItem(atPath: AACommand.repository + "/Makefile", toPath: folder + "/Makefile")
        let files = [".build/debug/aa", ".peers/venv/bin/python", ".aa/archive.sqlite", ".aa/demo-warehouse.sqlite"]
        for file in files {
            let path = folder + "/" + file
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        }
        func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: folder + "/" + file) }
        #expect(AACommand.run("/usr/bin/make", ["--no-print-directory", "clean"], directory: folder).status == 0)
        #expect(!exists(".build") && !exists(".peers"))
        #expect(exists(".aa/archive.sqlite") && exists(".aa/demo-warehouse.sqlite"))
        #expect(AACommand.run("/usr/bin/make", ["--no-print-directory", "clean-demo"], directory: folder).status == 0)
        #expect(exists(".aa/archive.sqlite") && !exists(".aa/demo-warehouse.sqlite"))
    }

    /// `make install PREFIX=…` puts the release build at PREFIX/bin/aa, executable, and says when that folder is
    /// not on the PATH (the build itself is stood in for: SWIFT=true).
    @Test func makeInstallPutsTheReleaseBinaryInPrefixBin() throws {
        let folder = AACommand.temporaryFolder()
        try FileManager.default.copyItem(atPath: AACommand.repository + "/Makefile", toPath: folder + "/Makefile")
        try FileManager.default.createDirectory(atPath: folder + "/.build/release", withIntermediateDirectories: true)
        let binary = Data("#!/bin/sh\necho stand-in\n".utf8)
        try binary.write(to: URL(fileURLWithPath: folder + "/.build/release/aa"))
        let prefix = folder + "/prefix with space"
        let install = AACommand.run(
            "/usr/bin/make", ["--no-print-directory", "install", "SWIFT=true", "PREFIX=" + prefix], directory: folder)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(FileManager.default.contents(atPath: prefix + "/bin/aa") == binary)
        #expect(FileManager.default.isExecutableFile(atPath: prefix + "/bin/aa"))
        #expect(install.stdout.contains("is not on your PATH: export PATH=\"\(prefix)/bin:$PATH\""), "\(install.stdout)")
    }

    /// `make help` says first which of the two run targets runs here and which on Databricks (the seed's verbs).
    @Test func makeHelpSaysWhichRunIsWhichFirst() throws {
        let help = AACommand.run("/usr/bin/make", ["--no-print-directory", "help"], directory: AACommand.repository)
        #expect(help.status == 0)
        let lines = help.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let local = try #require(lines.first { $0.hasPrefix("make run-local ") })
        let remote = try #require(lines.first { $0.hasPrefix("make run ") })
        #expect(local.dropFirst("make run-local".count).trimmingCharacters(in: .whitespaces).hasPrefix("On this machine:"), "\(local)")
        #expect(remote.dropFirst("make run".count).trimmingCharacters(in: .whitespaces).hasPrefix("On Databricks:"), "\(remote)")
    }

    @Test func everySourceModuleHasARowInTheLayoutTable() throws {
        let readme = try String(contentsOfFile: AACommand.repository + "/README.md", encoding: .utf8)
        let modules = try FileManager.default.contentsOfDirectory(atPath: AACommand.repository + "/Sources")
            .filter { !["CSQLite", "CCrypto", "CSSL"].contains($0) }
        #expect(modules.count >= 10)
        for module in modules {
            #expect(readme.contains("| `\(module)` |"), "no Layout row for Sources/\(module)")
        }
    }
}
