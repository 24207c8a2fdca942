import Context
import Foundation

/// Where the AI analyst's Chat Completions requests go and with which credential: any OpenAI-compatible server
/// (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp) through `OPENAI_BASE_URL`, `OPENAI_API_KEY` and `AA_AI_MODEL`.
///
/// The key is sent in a header and never leaves this value otherwise: events record ``host`` only.
package struct AIEndpoint: Sendable {
    package static let defaultBaseURL = "https://api.openai.com/v1"
    package static let defaultModel = "gpt-4o-mini"

    /// The `/chat/completions` URL (the base URL's query, such as Azure's `api-version`, kept).
    package let completionsURL: URL
    /// `host[:port]` of the server: what the archive says about where the analysis ran.
    package let host: String
    let apiKey: String?
    /// `AA_AI_MODEL`, or the default; a monitor's `analyst.model` and `--model` take precedence.
    package let defaultModel: String
    /// Seconds to wait for an answer before the attempt counts as timed out (`AA_AI_TIMEOUT`, default 60).
    package let timeout: Double

    /// The configured endpoint, or nil when neither `OPENAI_API_KEY` nor `OPENAI_BASE_URL` is set (no AI then).
    ///
    /// - Throws: ``PipelineError`` (config) for a base URL that is not http(s) or a timeout that is not a positive number.
    package static func fromEnvironment(_ environment: [String: String]) throws(PipelineError) -> AIEndpoint? {
        let key = environment["OPENAI_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let base = environment["OPENAI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard key != nil || base != nil else { return nil }
        let text = base ?? defaultBaseURL
        var parts: URLComponents
        switch EnvironmentURL.parse(text) {
        case .success(let root): parts = URLComponents(url: root, resolvingAgainstBaseURL: false) ?? URLComponents()
        case .failure(let problem):
            throw PipelineError(
                .config,
                "OPENAI_BASE_URL is not a usable http(s) URL (\(problem.reason)); set it to the server's API root, such as "
                    + "\(defaultBaseURL) or http://localhost:11434/v1"
            )
        }
        let host = parts.host ?? ""
        parts.path = (parts.path.hasSuffix("/") ? String(parts.path.dropLast()) : parts.path) + "/chat/completions"
        var timeout = 60.0
        if let raw = environment["AA_AI_TIMEOUT"] {
            guard let seconds = Double(raw), seconds > 0, seconds <= 3_600 else {
                throw PipelineError(.config, "AA_AI_TIMEOUT must be a number of seconds from 0 to 3600, got '\(raw)'")
            }
            timeout = seconds
        }
        guard let url = parts.url else {
            throw PipelineError(.config, "OPENAI_BASE_URL could not be turned into a request URL; check it for stray characters")
        }
        let model = environment["AA_AI_MODEL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultModel
        return AIEndpoint(
            completionsURL: url, host: parts.port.map { "\(host):\($0)" } ?? host, apiKey: key, defaultModel: model, timeout: timeout)
    }

    /// Headers carrying the key: a bearer token, plus `api-key` for Azure OpenAI.
    var authorization: [String: String] {
        guard let apiKey else { return [:] }
        var headers = ["Authorization": "Bearer \(apiKey)"]
        if host.hasSuffix(".azure.com") || host.contains(".azure.com:") { headers["api-key"] = apiKey }
        return headers
    }
}
