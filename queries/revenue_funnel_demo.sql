-- Daily revenue funnel by {{dimension}} on the embedded demo warehouse (SQLite dialect).
-- Same named parameters as the BigQuery template: @start_date and @run_date.
SELECT
  ds,
  {{dimension}} AS dimension_value,
  SUM(visitors) AS visitors,
  SUM(requests) AS requests,
  SUM(quotes) AS quotes,
  SUM(hires) AS hires,
  ROUND(SUM(revenue), 2) AS revenue
FROM funnel_daily
WHERE ds BETWEEN @start_date AND @run_date
GROUP BY ds, dimension_value
ORDER BY ds, dimension_value
