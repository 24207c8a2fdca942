import CanonicalJSON
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Context
@testable import HTTPClient

/// The HTTP client's pure parts on their own: the response parser (plain and chunked bodies) and the retry schedule.
@Suite struct HTTPClientTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func theHostHeaderNamesANonDefaultPortAsServersBuildLinksFromIt() throws {
        let stub = try HTTPStub()
        let reply = HTTPPoster(timeout: 5).send("GET", url: try #require(URL(string: stub.url + "/probe")))
        #expect(reply.transportError == nil)
        let request = try #require(try stub.received().first { $0["path"] == "/probe" })
        #expect(request["headers"]?["Host"]?.stringValue == "127.0.0.1:\(stub.port)")
    }

    @Test func aTargetOrHeaderThatWouldAddLinesToTheRequestIsNeverSent() throws {
        let stub = try HTTPStub()
        let poster = HTTPPoster(timeout: 5)
        let encoded = poster.send("GET", url: try #require(URL(string: stub.url + "/a%0D%0AX-Injected:%201")))
        let spaced = poster.send("GET", url: try #require(URL(string: stub.url + "/a%20b")))
        let header = poster.send("GET", url: try #require(URL(string: stub.url + "/h")), headers: ["X-A": "1\r\nX-Injected: 1"])
        let fine = poster.send("GET", url: try #require(URL(string: stub.url + "/ok%2Fslash")))
        #expect(encoded.transportError == nil && spaced.transportError == nil) // percent-encoded stays encoded
        #expect(header.transportError?.contains("control character") == true)
        #expect(fine.transportError == nil)
        let received = try stub.received()
        #expect(received.map { $0["path"]?.stringValue ?? "" }.sorted() == ["/a%0D%0AX-Injected:%201", "/a%20b", "/ok%2Fslash"])
        #expect(received.allSatisfy { $0["headers"]?["X-Injected"] == nil })
    }

    @Test func aURLFromTheEnvironmentIsReadStrictly() {
        let refused = [
            "http://h/x\r\nX: y": "control character", "http://h/a b": "space", "http://localhost:99999/x": "99999",
            "http://localhost:0/x": "port 0", "http://h:123456789012345/x": "outside 1–65535", "http://u:p@h/x": "user name",
            "ftp://h/x": "scheme", "http:///x": "no host", "http://h/\u{202E}x": "outside ASCII", "http://h/\u{85}": "control",
        ]
        for (text, reason) in refused {
            guard case .failure(let problem) = EnvironmentURL.parse(text) else {
                Issue.record("accepted \(text.debugDescription)")
                continue
            }
            #expect(problem.reason.contains(reason), "\(text.debugDescription): \(problem.reason)")
        }
        for good in ["https://hooks.slack.com/services/T/B/X", "http://127.0.0.1:65535/v1", "http://[::1]:8080/x?a=b%20c"] {
            #expect((try? EnvironmentURL.parse(good).get())?.absoluteString == good)
        }
    }

    @Test func aPlainResponseKeepsStatusLowerCasedHeadersAndTheDeclaredLength() throws {
        let reply = try #require(
            HTTPResponseParser.parse(
                Self.bytes("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Length: 5\r\n\r\nhello, and more")))
        #expect(reply.status == 429)
        #expect(reply.headers["retry-after"] == "7")
        #expect(reply.body == "hello")
        #expect(reply.transportError == nil)
    }

    @Test func aChunkedBodyIsJoinedAcrossChunksWithExtensionsAndATrailer() throws {
        let raw =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6;name=x\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\n"
        let reply = try #require(HTTPResponseParser.parse(Self.bytes(raw)))
        #expect(reply.body == "Wikipedia in \r\n\r\nchunks.")
        #expect(HTTPResponseParser.dechunk(Self.bytes("a\r\n0123456789\r\n0\r\n\r\n")) == Self.bytes("0123456789"))
        // A chunk cut short (the connection dropped) keeps what arrived rather than inventing bytes.
        #expect(HTTPResponseParser.dechunk(Self.bytes("10\r\nshort")) == Self.bytes("short"))
        #expect(HTTPResponseParser.dechunk(Self.bytes("zz\r\nabc\r\n")).isEmpty)
    }

    @Test func aHeadWithoutItsBlankLineOrStatusIsNoResponse() {
        #expect(HTTPResponseParser.parse(Self.bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n")) == nil)
        #expect(HTTPResponseParser.parse(Self.bytes("garbage\r\n\r\n")) == nil)
    }

    @Test func theScheduleWaitsWhatA429AsksCappedAndBacksOffOnTransientFailures() {
        let slept = Mutex<[Double]>([])
        let schedule = RetrySchedule(maxAttempts: 4, sleep: { seconds in slept.withLock { $0.append(seconds) } }, maxWait: 30)
        let steps: [RetrySchedule.Step<String>] = [
            .rateLimited(after: 2, reason: "429"), .rateLimited(after: 120, reason: "429 long"), .transient(reason: "503"), .done("ok"),
        ]
        let attempts = Mutex(0)
        let result = schedule.run(
            { number in
                attempts.withLock { $0 = number }
                return steps[number - 1]
            }, exhausted: { "gave up: \($0)" })
        #expect(result == "ok")
        #expect(attempts.withLock { $0 } == 4)
        let waits = slept.withLock { $0 }
        #expect(waits.count == 3)
        #expect(waits[0] == 2)
        #expect(waits[1] == 30) // Retry-After beyond maxWait is capped
        #expect(waits[2] >= 1 && waits[2] < 1.25) // third attempt: 1 s base, up to 25 % jitter
    }

    @Test func theScheduleStopsAfterItsAttemptsWithTheLastReasonAndNoSleepAfterTheLast() {
        let slept = Mutex(0)
        let schedule = RetrySchedule(maxAttempts: 3, sleep: { _ in slept.withLock { $0 += 1 } })
        let result = schedule.run(
            { (n: Int) -> RetrySchedule.Step<String> in .transient(reason: "attempt \(n) failed") }, exhausted: { $0 })
        #expect(result == "attempt 3 failed after 3 attempts")
        #expect(slept.withLock { $0 } == 2)
    }

    @Test func backoffDoublesFromAQuarterSecondAndIsCappedAtEight() {
        for (attempt, base) in [(1, 0.25), (2, 0.5), (3, 1.0), (6, 8.0), (12, 8.0)] {
            let wait = RetrySchedule.backoff(attempt)
            #expect(wait >= base && wait < base * 1.25, "attempt \(attempt): \(wait)")
        }
    }

    @Test func requestedWaitPrefersMillisecondsAndRefusesNonsense() {
        func reply(_ headers: [String: String], status: Int = 429) -> HTTPReply {
            HTTPReply(status: status, body: "", headers: headers, transportError: nil)
        }
        #expect(RetrySchedule.requestedWait(reply(["retry-after-ms": "1500", "retry-after": "9"])) == 1.5)
        #expect(RetrySchedule.requestedWait(reply(["retry-after": "9"])) == 9)
        #expect(RetrySchedule.requestedWait(reply(["retry-after": "-1"])) == nil)
        #expect(RetrySchedule.requestedWait(reply(["retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"])) == nil)
        guard case .rateLimited(let wait, _) = RetrySchedule.retryable(reply([:]), service: "x") as RetrySchedule.Step<Int> else {
            Issue.record("a 429 is rate limiting")
            return
        }
        #expect(wait == 1)
        guard case .transient(let reason) = RetrySchedule.retryable(reply([:], status: 502), service: "Slack") as RetrySchedule.Step<Int>
        else {
            Issue.record("a 502 is transient")
            return
        }
        #expect(reason == "Slack answered 502")
    }
}
