import CanonicalJSON
import Testing

@testable import Databricks

/// The daily job's pieces on their own: Quartz expressions as Databricks takes them, and the settings per compute.
@Suite struct DailyJobTests {
    @Test(arguments: [
        "0 30 6 * * ?", "0 0 7 ? * MON-FRI", "0 0/15 * * * ?", "0 0 12 L * ?", "0 0 12 ? * 6#3", "0 0 12 15W * ?", "0 0 12 ? * 6L",
        "0 0 12 * * ? 2027", "0 5,35 6-8 1-15 JAN,JUL ?", "30 30 6 LW * ?",
    ])
    func quartzTakesTheseExpressions(_ expression: String) {
        #expect(QuartzCron.problem(expression) == nil, "\(expression): \(QuartzCron.problem(expression) ?? "")")
    }

    @Test(arguments: [
        ("0 30 6 * * *", "must be '?'"), ("0 30 6 ? * ?", "both day fields"), ("30 6 * * ?", "6 or 7"), ("0 60 6 * * ?", "outside 0–59"),
        ("0 30 24 * * ?", "outside 0–23"), ("0 30 6 32 * ?", "outside 1–31"), ("0 30 6 ? * 8", "outside 1–7"),
        ("0 30 6 ? FOO *", "not a number"),
        ("0 30/0 6 * * ?", "bad step"), ("? 30 6 * * ?", "cannot be '?'"), ("0 30 6 * * ? 1900", "outside 1970–2099"),
        ("0 30 6 ? * 6#9", "k 1–5"), ("0 30 6 ? * 3W", "W belongs in the day-of-month"), ("0 30,,6 6 * * ?", "empty list item"),
    ])
    func quartzRefusesTheseSayingWhy(_ expression: String, _ phrase: String) {
        let problem = QuartzCron.problem(expression)
        #expect(problem?.contains(phrase) == true, "\(expression): \(problem ?? "accepted")")
    }

    @Test func eachComputePutsEveryTaskOnIt() {
        func tasks(_ compute: DailyJob.Compute) -> [JSONValue] {
            let job = DailyJob(
                cron: "0 30 6 * * ?", timezone: "UTC", compute: compute, notebook: "/n", monitors: ["a", "b"], concurrency: 2)
            let tasks = job.settings["tasks"]?.arrayValue ?? []
            return [tasks.first?["for_each_task"]?["task"] ?? .null, tasks.last ?? .null]
        }
        #expect(tasks(.existingCluster("c1")).allSatisfy { $0["existing_cluster_id"] == "c1" && $0["job_cluster_key"] == nil })
        #expect(tasks(.jobCluster(sparkVersion: "15.4.x-scala2.12", nodeType: "i3.xlarge")).allSatisfy { $0["job_cluster_key"] == "aa" })
        #expect(tasks(.serverless).allSatisfy { $0["existing_cluster_id"] == nil && $0["job_cluster_key"] == nil && $0["task_key"] != nil })
        let job = DailyJob(cron: "0 30 6 * * ?", timezone: "UTC", compute: .serverless, notebook: "/n", monitors: ["a"], concurrency: 1)
        #expect(job.settings["job_clusters"] == nil && job.settings["email_notifications"] == nil)
    }
}
