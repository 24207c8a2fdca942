import CanonicalJSON
import MonitorEngine

/// The site's one stylesheet: readable on a phone, light and dark schemes, severities in colour and in text.
package enum SiteStyle {
    package static let css = """
        :root { color-scheme: light dark; --fg: #1d2430; --muted: #5b6575; --bg: #ffffff; --panel: #f4f6f9; --line: #d5dae2;
          --value: #1f5fbf; --band: rgba(46, 160, 67, .16); --base: #2e7d32; --judged: #b3261e; --excl: rgba(120, 120, 120, .22);
          --persist: rgba(255, 170, 0, .16); --crit: #c62828; --warn: #e08a00; --other: #6d5bd0; --ok: #3a9d5d; --none: #c9ced6;
          --s0: #1f5fbf; --s1: #9aa5b5; --ins: rgba(46, 160, 67, .25); --del: rgba(198, 40, 40, .2); }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e6e9ee; --muted: #a3acb9; --bg: #14171c; --panel: #1d2229; --line: #394150; --value: #7fb0ff;
            --band: rgba(70, 190, 100, .2); --base: #6fd08c; --judged: #ff8a80; --none: #3a404a; --s0: #7fb0ff; --s1: #5d6878; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        header, main, footer { max-width: 980px; margin: 0 auto; padding: 0 14px; }
        header { padding-top: 10px; color: var(--muted); }
        footer { margin-top: 40px; padding-bottom: 24px; color: var(--muted); font-size: 13px; }
        a { color: var(--value); }
        h1 { font-size: 1.5em; margin: .4em 0; overflow-wrap: anywhere; }
        h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid var(--line); }
        h3 { font-size: 1.05em; overflow-wrap: anywhere; }
        section.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 14px 0; }
        section.card > h2:first-child, section.card > h3:first-child { margin-top: .3em; }
        .muted { color: var(--muted); }
        code, pre { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, monospace; }
        pre { background: var(--panel); border: 1px solid var(--line); padding: 8px; overflow-x: auto; white-space: pre-wrap;
          overflow-wrap: anywhere; }
        table.data { border-collapse: collapse; width: 100%; font-size: 14px; display: block; overflow-x: auto; }
        table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top;
          overflow-wrap: anywhere; }
        .badge { display: inline-block; padding: 0 7px; border-radius: 9px; color: #fff; font-size: 12px; font-weight: 600; }
        .badge.sev-critical { background: var(--crit); } .badge.sev-warning { background: var(--warn); }
        .badge.sev-other { background: var(--other); } .badge.sev-ok { background: var(--ok); }
        .calendar { display: flex; flex-wrap: wrap; gap: 3px; margin: 8px 0; padding: 0; list-style: none; }
        .calendar li a, .calendar li span { display: block; width: 22px; height: 22px; border-radius: 4px; background: var(--none);
          font-size: 10px; line-height: 22px; text-align: center; color: #fff; text-decoration: none; }
        .calendar .sev-critical, .legend-row .sev-critical { background: var(--crit); }
        .calendar .sev-warning, .legend-row .sev-warning { background: var(--warn); }
        .calendar .sev-other { background: var(--other); } .calendar .sev-ok, .legend-row .sev-ok { background: var(--ok); }
        .legend-row .sev-none { background: var(--none); }
        .calendar .sev-failed { background: repeating-linear-gradient(45deg, var(--crit), var(--crit) 3px, var(--none) 3px, var(--none) 6px); }
        .sev-incomplete, .calendar .sev-incomplete { background: repeating-linear-gradient(45deg, var(--warn), var(--warn) 3px,
          var(--none) 3px, var(--none) 6px); }
        .legend-row { font-size: 13px; color: var(--muted); }
        .legend-row span { display: inline-block; width: 11px; height: 11px; border-radius: 3px; margin: 0 3px 0 10px; vertical-align: -1px; }
        svg.chart { width: 100%; height: auto; display: block; margin: 6px 0; }
        svg.chart text { fill: var(--muted); font-size: 11px; }
        svg.chart .grid { stroke: var(--line); stroke-width: 1; }
        svg.chart .band { fill: var(--band); }
        svg.chart .baseline { stroke: var(--base); stroke-dasharray: 5 4; stroke-width: 1.5; }
        svg.chart .value { fill: none; stroke: var(--value); stroke-width: 2; }
        svg.chart .baseline-day { fill: var(--bg); stroke: var(--base); stroke-width: 2; }
        svg.chart .judged { stroke: var(--judged); stroke-dasharray: 2 3; }
        svg.chart .judged-point { fill: var(--judged); }
        svg.chart .excluded { fill: var(--excl); }
        svg.chart .persisting { fill: var(--persist); }
        svg.chart .s0 { fill: var(--s0); } svg.chart .s1 { fill: var(--s1); }
        svg.chart .axis { stroke: var(--muted); }
        .key { font-size: 13px; color: var(--muted); }
        ins { background: var(--ins); text-decoration: none; } del { background: var(--del); }
        .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
        details.chart-table summary { cursor: pointer; color: var(--muted); font-size: 13px; }
        @media (max-width: 600px) { body { font-size: 14px; } h1 { font-size: 1.25em; } svg.chart text { font-size: 17px; } }

        """
}
