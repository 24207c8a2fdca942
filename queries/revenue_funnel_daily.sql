-- Daily revenue funnel (visitors → requests → quotes → hires → revenue) for every dimension in one scan.
-- BigQuery Standard SQL. aa fills in the dimension's name and value and the grouping sets from the registry's
-- dimensions, so one job reads the table once whatever their number. Run-time values arrive as named query
-- parameters, never pasted in:
--   start_date DATE  first day of history the baselines need
--   run_date   DATE  the monitored day
SELECT
  DATE(event_ts) AS ds,
  {{dimension_name}} AS dimension,
  {{dimension_value}} AS dimension_value,
  COUNT(DISTINCT IF(event_name = 'category_view', visitor_id, NULL)) AS visitors,
  COUNTIF(event_name = 'request_submitted') AS requests,
  COUNTIF(event_name = 'quote_sent') AS quotes,
  COUNTIF(event_name = 'hire') AS hires,
  SUM(IF(event_name = 'hire', revenue_usd, 0)) AS revenue
FROM `{{funnel_table}}`
WHERE DATE(event_ts) BETWEEN @start_date AND @run_date
GROUP BY GROUPING SETS ({{grouping_sets}})
ORDER BY ds, dimension, dimension_value
