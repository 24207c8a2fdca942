import Context
import Foundation

/// A Databricks Runtime version and the system it documents: each runtime's release notes name its Ubuntu release
/// ("System environment"), which fixes the glibc and OpenSSL a binary finds there.
package struct DatabricksRuntime: Sendable {
    /// As given: `15.4`, `15.4 LTS`, or a cluster's `spark_version` such as `15.4.x-scala2.12`.
    package let name: String
    package let major: Int
    package let minor: Int
    package let ubuntu: String
    package let glibc: GlibcVersion
    /// The libssl/libcrypto soname the image ships (`.so.3`, or `.so.1.1` on Ubuntu 20.04).
    package let opensslSoname: String

    /// The oldest Databricks Runtime LTS still supported (14.3 LTS, until February 2027): what `push` checks a binary
    /// against when no runtime or cluster is named.
    package static let oldestSupportedLTS = "14.3"

    /// Runtimes 10–12 run Ubuntu 20.04, 13–15 Ubuntu 22.04, 16 onwards Ubuntu 24.04 (the release notes' system environments).
    package static func named(_ text: String) throws(PipelineError) -> DatabricksRuntime {
        let numbers = text.trimmingCharacters(in: .whitespaces).prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap {
            Int($0)
        }
        guard let major = numbers.first else {
            throw PipelineError(
                .usage, "'\(text)' is not a Databricks Runtime version; give one such as 15.4 or 16.4 LTS, or the cluster's spark_version")
        }
        let minor = numbers.count > 1 ? numbers[1] : 0
        switch major {
        case ..<10:
            throw PipelineError(
                .usage,
                "Databricks Runtime \(major).\(minor) is past end of support and runs Ubuntu 18.04 or older; choose a runtime of 13.3 "
                    + "LTS or later"
            )
        case 10...12:
            return DatabricksRuntime(
                name: text, major: major, minor: minor, ubuntu: "20.04", glibc: GlibcVersion(2, 31), opensslSoname: "1.1")
        case 13...15:
            return DatabricksRuntime(
                name: text, major: major, minor: minor, ubuntu: "22.04", glibc: GlibcVersion(2, 35), opensslSoname: "3")
        default:
            return DatabricksRuntime(
                name: text, major: major, minor: minor, ubuntu: "24.04", glibc: GlibcVersion(2, 39), opensslSoname: "3")
        }
    }

    /// Why `binary` cannot start on this runtime, or nil when it can: the Swift runtime linked dynamically (the
    /// cluster has none), a newer glibc, or an OpenSSL the image lacks.
    package func incompatibility(_ binary: ELFRequirements, path: String) -> String? {
        let label = "Databricks Runtime \(major).\(minor) (Ubuntu \(ubuntu), glibc \(glibc))"
        if let swift = binary.libraries.first(where: {
            $0.hasPrefix("libswiftCore") || $0.hasPrefix("libFoundation") || $0.hasPrefix("libdispatch")
        }) {
            return
                "\(path) links the Swift runtime dynamically (\(swift)), which \(label) does not have; build it with `make "
                + "databricks-build` (Swift runtime linked statically)"
        }
        if let needed = binary.glibc, needed > glibc {
            return
                "\(path) needs glibc \(needed) but \(label) has \(glibc); build it on Ubuntu \(ubuntu) or older (for example in the "
                + "swift:6.3 image of that release), or choose a newer runtime"
        }
        if let ssl = binary.libraries.first(where: { $0.hasPrefix("libssl.so.") || $0.hasPrefix("libcrypto.so.") }),
            !ssl.hasSuffix(".so.\(opensslSoname)")
        {
            return
                "\(path) links \(ssl) but \(label) ships OpenSSL .so.\(opensslSoname); build it on Ubuntu \(ubuntu), or choose a "
                + "runtime of 13.3 LTS or later"
        }
        return nil
    }
}
