-- Daily revenue funnel (visitors → requests → quotes → hires → revenue) by {{dimension}}.
-- BigQuery Standard SQL. Run-time values arrive as named query parameters, never pasted in:
--   start_date DATE  first day of history the baselines need
--   run_date   DATE  the monitored day
SELECT
  DATE(event_ts) AS ds,
  CAST({{dimension}} AS STRING) AS dimension_value,
  COUNT(DISTINCT IF(event_name = 'category_view', visitor_id, NULL)) AS visitors,
  COUNTIF(event_name = 'request_submitted') AS requests,
  COUNTIF(event_name = 'quote_sent') AS quotes,
  COUNTIF(event_name = 'hire') AS hires,
  SUM(IF(event_name = 'hire', revenue_usd, 0)) AS revenue
FROM `{{funnel_table}}`
WHERE DATE(event_ts) BETWEEN @start_date AND @run_date
GROUP BY ds, dimension_value
ORDER BY ds, dimension_value
