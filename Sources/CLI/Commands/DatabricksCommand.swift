import CanonicalJSON
import Context
import Databricks
import Foundation
import Pipeline

/// `aa databricks status|auth|push|pull|run|check`: the seed's Databricks workflow from the terminal, over the REST
/// API (no Databricks CLI or SDK needed). Each subcommand's REST calls are listed in the README.
enum DatabricksCommand {
    static let spec = CommandSpec(
        name: "databricks",
        summary:
            "Work with a Databricks workspace: who am I (status), sign-in options (auth), push the binary, queries, schemas and "
            + "notebook, pull them back, run the notebook on a cluster and stream its output, check a binary against a runtime.",
        usage: "aa databricks status|auth|push|pull|run|check|schedule|unschedule [options]",
        options: [
            .profile,
            .workspacePath,
            .volume,
            .binary,
            .runtime,
            .clusterID,
            .date.explained("run: the day to monitor (default: yesterday on the cluster)"),
            .noAI.explained("run: skip the AI analyst (widget run_ai_agent=False)"),
            .monitors.taking("a,b").explained("run: monitors to run (widget monitors; default the notebook's)"),
            .secretScope,
            .force.explained("push: send every file, even those the last push already sent"),
            .dryRun.explained("pull: list what would change, write nothing; schedule: print the job, send nothing"),
            .quiet,
            .cron,
            .timezone,
            .serverless,
            .nodeType,
            .concurrency,
            .retries,
            .notify,
            .paused,
        ],
        examples: [
            "aa databricks status", "aa databricks push --cluster-id 0101-123456-abcdefgh",
            "aa databricks run --cluster-id 0101-123456-abcdefgh --date 2026-11-20 --no-ai",
            "aa databricks pull --dry-run", "aa databricks check --runtime 15.4",
            "DATABRICKS_CONFIG_PROFILE=prod aa databricks status --json",
        ],
        maxPositionals: 1,
        actions: [
            ActionSpec(
                name: "status", summary: "Who am I, which host, which workspace folder.",
                usage: "aa databricks status [--profile P] [--json]"),
            ActionSpec(
                name: "auth", summary: "The ways to sign in, which one is in effect, and a check that it works.",
                usage: "aa databricks auth [--profile P]"),
            ActionSpec(
                name: "push", summary: "Send the binary, queries, schemas and notebook to the workspace folder.",
                usage: "aa databricks push [--binary FILE] [--cluster-id X | --runtime R] [--volume P]",
                examples: ["aa databricks push --cluster-id 0101-123456-abcdefgh"]),
            ActionSpec(
                name: "pull", summary: "Bring the notebook, queries and schemas back from the workspace folder.",
                usage: "aa databricks pull [--dry-run]", examples: ["aa databricks pull --dry-run"]),
            ActionSpec(
                name: "run", summary: "Run the notebook on a cluster and stream its output; Ctrl-C cancels it.",
                usage: "aa databricks run --cluster-id X [--date D] [--monitors a,b] [--no-ai]",
                examples: ["aa databricks run --cluster-id 0101-123456-abcdefgh --date 2026-11-20 --no-ai"]),
            ActionSpec(
                name: "check", summary: "Check a binary's glibc and libssl needs against a Databricks Runtime.",
                usage: "aa databricks check [--binary FILE] [--runtime R]", examples: ["aa databricks check --runtime 15.4"]),
            ActionSpec(
                name: "schedule",
                summary:
                    "Create the daily job (or update the one aa made before): the monitors fanned out as parallel tasks, then the "
                    + "report site published once.",
                usage:
                    "aa databricks schedule (--cluster-id X | --runtime R --node-type T | --serverless) [--cron EXPR] [--timezone TZ] "
                    + "[--monitors a,b] [--concurrency N] [--retries N] [--notify EMAILS] [--paused] [--dry-run]",
                examples: [
                    "aa databricks schedule --cluster-id 0101-123456-abcdefgh --cron \"0 30 6 * * ?\" --timezone Europe/Berlin",
                    "aa databricks schedule --runtime 15.4 --node-type i3.xlarge --concurrency 8 --notify data-oncall@example.com",
                    "aa databricks schedule --serverless --dry-run --workspace-path /Users/me@example.com/analytics_automation",
                ]),
            ActionSpec(
                name: "unschedule", summary: "Delete the daily job aa made (found by its tag).", usage: "aa databricks unschedule"),
        ], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        switch args.positionals.first ?? "" {
        case "status": return try status(invocation)
        case "auth": return try auth(invocation)
        case "push": return try DatabricksTransfer.push(invocation)
        case "pull": return try DatabricksTransfer.pull(invocation)
        case "check": return try DatabricksTransfer.check(invocation)
        case "run": return try DatabricksRunCommand.run(invocation)
        case "schedule": return try DatabricksScheduleCommand.schedule(invocation)
        case "unschedule": return try DatabricksScheduleCommand.unschedule(invocation)
        case let other:
            throw PipelineError(
                .usage,
                (other.isEmpty ? "`aa databricks` needs a subcommand" : "`aa databricks` has no '\(other)'")
                    + ": status, auth, push, pull, run, check, schedule or unschedule; see `aa databricks --help`")
        }
    }

    /// The client for the selected credential.
    static func client(_ invocation: Invocation) throws(PipelineError) -> DatabricksClient {
        let args = invocation.arguments
        let console = invocation.console
        let credential = try DatabricksCredential.resolve(console.environment, profile: args.value(.profile))
        return DatabricksClient(tokens: DatabricksTokenSource(credential: credential, environment: console.environment))
    }

    /// `status`: which host and credential, who the workspace says you are, and the folder push and run use.
    static func status(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        let client = try client(invocation)
        let user = try client.currentUser()
        let folder = try DatabricksFolder.resolve(
            explicit: args.value(.workspacePath), environment: console.environment, signedIn: { user })
        let pushed = try client.workspaceHas(folder.path)
        let mismatch = folder.gitEmail.map { $0.lowercased() != user.lowercased() } ?? false
        if args.flag(.json) {
            var summary = client.credential.summary.objectValue ?? [:]
            summary["user"] = .string(user)
            summary["workspace_path"] = .string(folder.path)
            summary["workspace_path_from"] = .string(folder.source)
            summary["pushed"] = .bool(pushed)
            console.json(.object(summary), as: .databricksStatus)
        } else {
            console.out("host:       \(client.credential.host.absoluteString)")
            console.out("credential: \(client.credential.kind) — \(client.credential.origin)")
            console.out("user:       \(user)")
            console.out("workspace:  \(folder.path) (from \(folder.source)) — \(pushed ? "exists" : "not pushed yet: run `make push`")")
            if mismatch {
                console.out(
                    "note:       git user.email is \(folder.gitEmail ?? "") but the workspace signs you in as \(user); pass "
                        + "--workspace-path to choose another folder"
                )
            }
        }
        return 0
    }

    /// `auth`: the ways to sign in, which one is in effect, and a check that it works.
    static func auth(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let hasCLI = DatabricksCredential.cliInstalled(console.environment)
        console.err(
            """
            Databricks sign-in, in the order aa looks:
              1. --profile P or DATABRICKS_CONFIG_PROFILE=P: profile [P] of ~/.databrickscfg (host plus token, or client_id/client_secret,
                 or auth_type = databricks-cli for a browser login made with the Databricks CLI)
              2. DATABRICKS_HOST with DATABRICKS_TOKEN (a personal access token: User settings → Developer → Access tokens)
                 or with DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (a service principal's OAuth secret, machine to machine)
              3. the [DEFAULT] profile of ~/.databrickscfg
            A browser login belongs to the Databricks CLI: \(hasCLI ? "it is installed — `databricks auth login --host <workspace-url>` signs in, and aa borrows its token" : "it is not installed here; install it for browser logins, or use a token")
            """)
        return try status(invocation)
    }
}
