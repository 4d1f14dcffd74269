/** The report's own styles (the timeline's are TIMELINE_CSS). */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d2330; background: #fff; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { border-bottom: 1px solid #d8dce3; padding-bottom: 12px; }
h1 { font-size: 22px; margin: 18px 0 4px; } h2 { font-size: 17px; margin: 0 0 4px; }
.summary, .meta, .proves { color: #4a5160; margin: 4px 0; }
.filters button { font: inherit; margin-right: 6px; padding: 3px 10px; border: 1px solid #9aa3b2; border-radius: 4px; background: #fff; cursor: pointer; }
.filters button[aria-pressed="true"] { background: #1d2330; color: #fff; border-color: #1d2330; }
.scenario { border: 1px solid #d8dce3; border-left: 5px solid #2e8540; border-radius: 6px; padding: 14px 16px; margin: 16px 0; }
.scenario.st-failed { border-left-color: #c62828; }
.badge { display: inline-block; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; padding: 1px 7px; border-radius: 9px; color: #fff; vertical-align: middle; }
.b-passed { background: #2e8540; } .b-failed { background: #c62828; } .b-skipped { background: #8a92a0; }
.tag { background: #eef0f4; border-radius: 3px; padding: 0 5px; }
.timeline-figure { margin: 10px 0; overflow-x: auto; }
pre { white-space: pre-wrap; word-break: break-word; margin: 0; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre.failure { background: #fdecea; border: 1px solid #f5c2c0; border-radius: 4px; padding: 10px; margin: 10px 0; }
details.steps summary { cursor: pointer; color: #2b4c8c; }
table { border-collapse: collapse; width: 100%; margin-top: 6px; font-size: 13px; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #e6e9ee; padding: 4px 6px; }
tr.st-failed td { background: #fdecea; } tr.st-skipped td { color: #8a92a0; }
.note { color: #4a5160; font-style: italic; }
.legend { color: #4a5160; font-size: 12px; } .legend-item { margin-right: 14px; white-space: nowrap; } .legend-item svg { vertical-align: middle; margin-right: 4px; }
`;
