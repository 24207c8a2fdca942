import Foundation

/// Headless Chromium (Debian's `chromium`, installed by `make peers`) and the site checker scripts in `Tests/peers`.
public enum Browser {
    /// The browser binary: `AA_CHROMIUM`, or `chromium` on the usual paths; nil where it could not be installed.
    public static let chromium: String? = {
        let given = ProcessInfo.processInfo.environment["AA_CHROMIUM"].flatMap { $0.isEmpty ? nil : $0 }
        return ([given].compactMap { $0 } + ["/usr/bin/chromium", "/usr/local/bin/chromium"]).first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    /// Why browser checks are skipped, for the test's trait.
    public static let missing = "chromium is not installed (make peers installs it with apt-get where it can); browser checks skipped"

    /// Runs `Tests/peers/browse_site.py` over `pages` (and screenshots), returning its JSON text.
    public static func browse(_ pages: [String], screenshots: [(page: String, png: String, size: String)] = []) -> AACommand.Result {
        let work = AACommand.temporaryFolder()
        let shots = screenshots.flatMap { ["--screenshot", $0.page, $0.png, $0.size] }
        return AACommand.run(
            AACommand.python,
            AACommand.pythonPrefix + [AACommand.repository + "/Tests/peers/browse_site.py", chromium ?? "chromium", work] + pages + shots)
    }

    /// Runs `Tests/peers/check_site.py` on a site folder and the archive it was built from.
    public static func check(site: String, archive: String, hostile: [String] = []) -> AACommand.Result {
        AACommand.run(
            AACommand.python,
            AACommand.pythonPrefix + [AACommand.repository + "/Tests/peers/check_site.py", site, archive]
                + hostile.flatMap { ["--hostile", $0] })
    }
}
