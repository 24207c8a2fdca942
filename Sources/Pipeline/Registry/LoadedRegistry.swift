import CanonicalJSON
import Context
import Digest
import EventArchive
import Foundation
import MonitorEngine

/// The registry file and its templates as read from disk, with the hashes recorded in every run.
package struct LoadedRegistry: Sendable {
    package let registry: Registry
    package let path: String
    /// Template text by template file name.
    package let templates: [String: String]

    /// The largest registry read: far beyond any real one, small enough that `/dev/zero` is refused at once.
    static let limit = 16_000_000

    /// Reads and validates the registry and every template it names.
    ///
    /// - Throws: ``PipelineError`` of kind `.config` naming the file and JSON path at fault.
    package static func load(path: String) throws(PipelineError) -> LoadedRegistry {
        // `-` reads the registry from standard input; its templates are then looked up from the current folder.
        let read = path == "-" ? BoundedRead.all(STDIN_FILENO, limit: limit) : BoundedRead.file(path, limit: limit)
        let data: Data
        switch read {
        case .success(let bytes): data = bytes
        case .failure(let failure):
            if path == "-" {
                throw PipelineError(
                    .config, "cannot read the registry from standard input (\(failure.reason)); pipe it in, or pass --registry FILE")
            }
            let kind: PipelineError.Kind = FileManager.default.fileExists(atPath: path) ? .config : .notFound
            throw PipelineError(
                kind, "cannot read the registry \(path) (\(failure.reason)); pass --registry FILE or run aa from the repository root")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw PipelineError(.config, "\(path) is not UTF-8 text") }
        let registry: Registry
        do { registry = try Registry.parse(text, file: path) } catch { throw PipelineError(.config, error.description) }
        let folder = path == "-" ? "." : (path as NSString).deletingLastPathComponent
        var templates: [String: String] = [:]
        for monitor in registry.monitors {
            // Templates sit beside the registry; a registry copied elsewhere (to try a threshold) still finds
            // the repository's templates under queries/.
            let candidates = [(folder as NSString).appendingPathComponent(monitor.template), "queries/" + monitor.template]
            guard let file = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }),
                let data = FileManager.default.contents(atPath: file), let sql = String(data: data, encoding: .utf8)
            else {
                throw PipelineError(
                    .config,
                    "monitor \(monitor.name) names template \(monitor.template), but \(candidates[0]) cannot be read; create it or fix "
                        + "\"template\" in \(path)"
                )
            }
            do { try TemplateRenderer(monitor: monitor, template: sql, templateFile: file).validate() } catch {
                throw PipelineError(.config, error.description)
            }
            templates[monitor.template] = sql
        }
        return LoadedRegistry(registry: registry, path: path, templates: templates)
    }

    /// The monitor called `name`, or an error listing the ones that exist.
    package func monitor(_ name: String) throws(PipelineError) -> Monitor {
        guard let monitor = registry.monitor(named: name) else {
            throw PipelineError(
                .notFound, "no monitor named '\(name)' in \(path); known monitors: " + registry.monitors.map(\.name).joined(separator: ", ")
            )
        }
        return monitor
    }

    /// The renderer for `monitor`'s template.
    package func renderer(for monitor: Monitor) -> TemplateRenderer {
        TemplateRenderer(monitor: monitor, template: templates[monitor.template] ?? "", templateFile: monitor.template)
    }

    /// Hash of the monitor's registry entry (canonical JSON).
    package func configHash(_ monitor: Monitor) -> String { SHA256Digest.hex(monitor.config.canonicalString) }

    /// Hash of the monitor's template text.
    package func templateHash(_ monitor: Monitor) -> String { SHA256Digest.hex(templates[monitor.template] ?? "") }

    /// Engine version + config hash + template hash: what derived events were computed under.
    package func logicVersion(_ monitor: Monitor) -> String {
        "\(Engine.version)+cfg.\(configHash(monitor).prefix(10))+tpl.\(templateHash(monitor).prefix(10))"
    }
}
