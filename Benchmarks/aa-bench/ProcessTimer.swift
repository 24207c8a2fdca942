import Foundation

/// Times whole `aa` processes: wall time and the child's peak resident memory.
enum ProcessTimer {
    /// One finished process: wall time, peak memory and exit status.
    struct Sample {
        let seconds: Double
        let maxRSSKilobytes: Int
        let status: Int32
    }

    /// Runs `program` once. With `memory`, through GNU time, whose own `fork` gives the child a fresh address
    /// space: a child started straight from here by `posix_spawn` (which shares this process's memory until
    /// it execs) reports this process's peak RSS as its own.
    static func run(_ program: String, _ arguments: [String], memory: Bool) -> Sample {
        let time = "/usr/bin/time"
        guard memory, FileManager.default.isExecutableFile(atPath: time) else { return run(program, arguments) }
        let report = NSTemporaryDirectory() + "aa-bench-rss-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: report) }
        let sample = run(time, ["-f", "%M", "-o", report, program] + arguments)
        let kilobytes = (try? String(contentsOfFile: report, encoding: .utf8))?
            .split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return Sample(seconds: sample.seconds, maxRSSKilobytes: kilobytes ?? 0, status: sample.status)
    }

    static func run(_ program: String, _ arguments: [String]) -> Sample {
        var pid: pid_t = 0
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let started = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, program, &actions, nil, argv, environ) == 0 else {
            return Sample(seconds: .nan, maxRSSKilobytes: 0, status: -1)
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return Sample(seconds: seconds, maxRSSKilobytes: usage.ru_maxrss, status: status)
    }

    /// The median wall time of `samples`.
    static func median(_ samples: [Sample]) -> Double {
        let sorted = samples.map(\.seconds).sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Runs `body` `count` times after one warm-up; returns p50 and p99 wall seconds.
    static func latencies(_ count: Int, _ body: () -> Sample) -> (p50: Double, p99: Double) {
        _ = body()
        let sorted = (0..<count).map { _ in body().seconds }.sorted()
        func pct(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))] }
        return (pct(0.5), pct(0.99))
    }
}
