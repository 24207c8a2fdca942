import CanonicalJSON
import Context
import Foundation

/// What a Linux x86-64/arm64 executable needs from the machine it runs on, read from its ELF headers: the shared
/// libraries it links (`DT_NEEDED`) and the symbol versions it asks of each (`.gnu.version_r`), of which the highest
/// `GLIBC_x.y` decides the oldest glibc that can start it.
package struct ELFRequirements: Sendable, Equatable {
    /// Shared libraries, in link order.
    package let libraries: [String]
    /// Versions asked of each library, such as `libc.so.6` → [`GLIBC_2.34`, …].
    package let versions: [String: [String]]

    /// The highest `GLIBC_` version asked for, as (major, minor); nil for a fully static binary.
    package var glibc: GlibcVersion? {
        versions.values.flatMap { $0 }.compactMap(GlibcVersion.init(symbolVersion:)).max()
    }

    /// The form pushed beside the binary (`bin/aa.requirements.json`), so a run can be checked against its cluster.
    package var json: JSONValue {
        [
            "glibc": glibc.map { .string($0.description) } ?? .null, "libraries": .array(libraries.map { .string($0) }),
            "versions": .object(versions.mapValues { .array($0.map { .string($0) }) }),
        ]
    }

    /// Reads ``json`` back; nil when it is not that shape.
    package init?(json: JSONValue) {
        guard let libraries = json["libraries"]?.arrayValue?.compactMap(\.stringValue), let versions = json["versions"]?.objectValue else {
            return nil
        }
        self.init(libraries: libraries, versions: versions.mapValues { $0.arrayValue?.compactMap(\.stringValue) ?? [] })
    }

    package init(libraries: [String], versions: [String: [String]]) {
        self.libraries = libraries
        self.versions = versions
    }

    /// Reads the executable at `path`.
    ///
    /// - Throws: ``PipelineError`` (usage) when the file is missing or not a 64-bit little-endian ELF file.
    package static func read(path: String) throws(PipelineError) -> ELFRequirements {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.usage, "\(path) does not exist; build it with `make databricks-build` or name the binary with --binary")
        }
        guard let found = parse([UInt8](data)) else {
            throw PipelineError(.usage, "\(path) is not a 64-bit Linux executable; build it on Linux with `make databricks-build`")
        }
        return found
    }

    static func parse(_ bytes: [UInt8]) -> ELFRequirements? {
        guard bytes.count > 64, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46, bytes[4] == 2, bytes[5] == 1 else {
            return nil
        }
        func u16(_ at: Int) -> Int { at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : 0 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func u64(_ at: Int) -> Int { at + 8 <= bytes.count ? u32(at) | u32(at + 4) << 32 : 0 }
        func string(_ at: Int) -> String {
            guard at >= 0, at < bytes.count else { return "" }
            var end = at
            while end < bytes.count && bytes[end] != 0 { end += 1 }
            return String(decoding: bytes[at..<end], as: UTF8.self)
        }
        let sectionTable = u64(0x28)
        let entrySize = u16(0x3A)
        let count = u16(0x3C)
        struct Section {
            let type: Int
            let offset: Int
            let size: Int
            let link: Int
            let info: Int
        }
        let sections = (0..<count).map { index -> Section in
            let base = sectionTable + index * entrySize
            return Section(
                type: u32(base + 4), offset: u64(base + 0x18), size: u64(base + 0x20), link: u32(base + 0x28), info: u32(base + 0x2C))
        }
        var libraries: [String] = []
        var versions: [String: [String]] = [:]
        for section in sections {
            guard section.link < sections.count else { continue }
            let strings = sections[section.link].offset
            if section.type == 6 { // SHT_DYNAMIC: (tag, value) pairs; DT_NEEDED = 1
                var at = section.offset
                while at + 16 <= section.offset + section.size, u64(at) != 0 {
                    if u64(at) == 1 { libraries.append(string(strings + u64(at + 8))) }
                    at += 16
                }
            } else if section.type == 0x6FFF_FFFE { // SHT_GNU_verneed: Verneed entries, each with Vernaux entries
                var need = section.offset
                for _ in 0..<section.info {
                    let file = string(strings + u32(need + 4))
                    var aux = need + u32(need + 8)
                    for _ in 0..<u16(need + 2) {
                        versions[file, default: []].append(string(strings + u32(aux + 8)))
                        aux += u32(aux + 12)
                    }
                    guard u32(need + 12) != 0 else { break }
                    need += u32(need + 12)
                }
            }
        }
        return ELFRequirements(libraries: libraries, versions: versions.mapValues { $0.sorted() })
    }
}

/// A glibc version, ordered numerically (2.9 < 2.31).
package struct GlibcVersion: Sendable, Comparable, CustomStringConvertible {
    package let major: Int
    package let minor: Int

    package init(_ major: Int, _ minor: Int) { (self.major, self.minor) = (major, minor) }

    /// `GLIBC_2.34` → 2.34; other version names → nil.
    package init?(symbolVersion: String) {
        guard symbolVersion.hasPrefix("GLIBC_") else { return nil }
        let parts = symbolVersion.dropFirst(6).split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        self.init(parts[0], parts[1])
    }

    package static func < (a: GlibcVersion, b: GlibcVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
    package var description: String { "\(major).\(minor)" }
}
