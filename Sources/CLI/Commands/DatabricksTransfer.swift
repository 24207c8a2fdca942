import CanonicalJSON
import Context
import Databricks
import Foundation
import Pipeline

/// `aa databricks push|pull|check`: moving the bundle between this checkout and the workspace, and checking that
/// the binary can start on the cluster's runtime before it is sent.
enum DatabricksTransfer {
    static let defaultBinary = ".build/databricks/aa"

    /// `push`: check the binary against the runtime (refusing an incompatible one), then send what changed.
    static func push(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        let binary = args.value(.binary) ?? defaultBinary
        guard FileManager.default.fileExists(atPath: binary) else {
            throw PipelineError(.usage, "the binary \(binary) does not exist; run `make databricks-build` first, or name one with --binary")
        }
        let requirements = try ELFRequirements.read(path: binary)
        let bundle = try DatabricksBundle.collect(
            repository: FileManager.default.currentDirectoryPath, binary: binary, requirements: requirements)
        let client = try DatabricksCommand.client(invocation)
        let quiet = args.flag(.quiet)
        let named = try runtime(args, client: client)
        let oldest = try DatabricksRuntime.named(DatabricksRuntime.oldestSupportedLTS)
        let runtime = named ?? oldest
        if let problem = runtime.incompatibility(requirements, path: binary) {
            throw PipelineError(
                .usage,
                "refusing to push: " + problem
                    + (named == nil
                        ? " (checked against \(runtime.major).\(runtime.minor) LTS, the oldest supported runtime; pass --runtime or "
                            + "--cluster-id for yours)"
                        : ""))
        }
        if !quiet {
            console.err(
                "binary needs glibc \(requirements.glibc?.description ?? "none"); Databricks Runtime \(runtime.major).\(runtime.minor) "
                    + "has \(runtime.glibc) — compatible"
                    + (named == nil ? " (the oldest supported LTS; pass --runtime or --cluster-id to check yours)" : ""))
        }
        let folder = try DatabricksFolder.resolve(
            explicit: args.value(.workspacePath), environment: console.environment, signedIn: client.currentUser)
        // The manifest of what was sent lives beside the archive (.aa/ by default).
        let archiveFolder = (invocation.archivePath as NSString)
            .deletingLastPathComponent
        var push = DatabricksPush(
            client: client, folder: folder.path, volume: args.value(.volume),
            manifestPath: (archiveFolder.isEmpty ? "" : archiveFolder + "/") + "databricks-push.json")
        push.force = args.flag(.force)
        push.progress = { line in if !quiet { console.err(line) } }
        let outcomes = try push.run(bundle)
        let sent = outcomes.filter(\.sent)
        if args.flag(.json) {
            console.json(
                [
                    "host": .string(client.credential.host.absoluteString), "workspace_path": .string(folder.path),
                    "notebook": .string(folder.path + "/" + DatabricksBundle.notebookName),
                    "files": .array(outcomes.map { ["path": .string($0.remote), "bytes": .int(Int64($0.bytes)), "sent": .bool($0.sent)] }),
                ], as: .databricksPush)
        } else {
            console.out(
                "pushed \(sent.count) file(s) (\(DatabricksPush.size(sent.map(\.bytes).reduce(0, +)))) to "
                    + "\(client.credential.host.absoluteString)\(folder.path)"
                    + (push.volume.map { " and \($0)" } ?? "") + "; \(outcomes.count - sent.count) unchanged")
            console.out("notebook: \(folder.path)/\(DatabricksBundle.notebookName)")
        }
        return 0
    }

    /// `pull`: the notebook, queries and schemas back into this checkout (queries and schemas from `--volume` if given).
    static func pull(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        let client = try DatabricksCommand.client(invocation)
        let folder = try DatabricksFolder.resolve(
            explicit: args.value(.workspacePath), environment: console.environment, signedIn: client.currentUser)
        var pull = DatabricksPull(
            client: client, folder: folder.path, volume: args.value(.volume), repository: FileManager.default.currentDirectoryPath)
        pull.dryRun = args.flag(.dryRun)
        let outcomes = try pull.run()
        let changed = outcomes.filter(\.changed)
        if args.flag(.json) {
            console.json(
                [
                    "workspace_path": .string(folder.path), "dry_run": .bool(pull.dryRun),
                    "files": .array(outcomes.map { ["path": .string($0.local), "changed": .bool($0.changed)] }),
                ], as: .databricksPull)
        } else {
            for outcome in changed { console.out((pull.dryRun ? "would update " : "updated ") + outcome.local) }
            console.out(
                "\(changed.count) file(s) \(pull.dryRun ? "would change" : "updated") from \(folder.path); "
                    + "\(outcomes.count - changed.count) unchanged"
            )
        }
        return 0
    }

    /// `check`: what the binary needs (libraries, glibc), compared with a runtime when one is named.
    static func check(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        let binary = args.value(.binary) ?? defaultBinary
        let requirements = try ELFRequirements.read(path: binary)
        let runtime = try args.value(.runtime).map { text throws(PipelineError) in try DatabricksRuntime.named(text) }
        let problem = runtime.flatMap { $0.incompatibility(requirements, path: binary) }
        if args.flag(.json) {
            console.json(
                [
                    "binary": .string(binary), "glibc": requirements.glibc.map { .string($0.description) } ?? .null,
                    "libraries": .array(requirements.libraries.map { .string($0) }),
                    "runtime": runtime.map {
                        ["name": .string($0.name), "ubuntu": .string($0.ubuntu), "glibc": .string($0.glibc.description)]
                    }
                        ?? .null,
                    "compatible": runtime == nil ? .null : .bool(problem == nil),
                ], as: .databricksCheck)
        } else {
            console.out("binary:    \(binary)")
            console.out("glibc:     \(requirements.glibc?.description ?? "not needed (static)") or newer")
            console.out("libraries: \(requirements.libraries.joined(separator: ", "))")
            if let runtime {
                console.out(
                    "runtime:   Databricks Runtime \(runtime.major).\(runtime.minor) — Ubuntu \(runtime.ubuntu), glibc "
                        + "\(runtime.glibc): \(problem == nil ? "compatible" : "INCOMPATIBLE")"
                )
            }
        }
        if let problem { throw PipelineError(.usage, problem) }
        return 0
    }

    /// The runtime to check against: `--runtime`, else the `--cluster-id` cluster's `spark_version`.
    static func runtime(_ args: ParsedArguments, client: DatabricksClient) throws(PipelineError) -> DatabricksRuntime? {
        if let name = args.value(.runtime) { return try DatabricksRuntime.named(name) }
        guard let id = args.value(.clusterID) else { return nil }
        return try DatabricksRuntime.named(try client.cluster(id).sparkVersion)
    }
}
