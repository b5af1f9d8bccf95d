package dev.continuity.core.report;

/**
 * The style sheet and the scripts of the HTML report, inlined into every page (a report fetches nothing). The first
 * script runs before anything else and records every uncaught error on the root element as {@code data-js-errors};
 * the last one sets {@code data-report-ready="true"} on {@code <body>} once the page is wired up, so a headless browser
 * can check both in the DOM it dumps.
 */
final class ReportAssets {
    private ReportAssets() {}

    static final String ERROR_CAPTURE = """
            (function () {
              var errors = [];
              function note(message) {
                errors.push(String(message));
                document.documentElement.setAttribute('data-js-errors', errors.join(' | '));
              }
              window.addEventListener('error', function (e) { note(e.message || 'error'); });
              window.addEventListener('unhandledrejection', function (e) { note('unhandled rejection: ' + (e.reason && e.reason.message || e.reason)); });
            })();
            """;

    static final String CSS = """
            :root {
              --ink: #0f172a; --muted: #64748b; --faint: #94a3b8; --line: #e2e8f0; --bg: #f1f5f9; --card: #ffffff;
              --accent: #4f46e5; --ok: #059669; --warn: #d97706; --bad: #dc2626;
              --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", "Noto Sans Mono CJK JP", "DejaVu Sans Mono", Menlo, Consolas, monospace;
            }
            * { box-sizing: border-box; }
            html { scroll-behavior: smooth; scroll-padding-top: 64px; }
            body {
              margin: 0; background: var(--bg); color: var(--ink); line-height: 1.5; font-size: 14px;
              font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", Meiryo, Roboto, sans-serif;
            }
            a { color: var(--accent); text-decoration: none; }
            a:hover { text-decoration: underline; }
            code, .mono { font-family: var(--mono); font-size: 12.5px; }
            header.top { background: linear-gradient(135deg, #1e1b4b 0%, #312e81 55%, #4338ca 100%); color: #fff; padding: 28px 0 72px; }
            .wrap { max-width: 1340px; margin: 0 auto; padding: 0 28px; }
            .brand { font-size: 12px; letter-spacing: .14em; text-transform: uppercase; opacity: .75; font-weight: 600; }
            h1 { margin: 6px 0 4px; font-size: 28px; font-weight: 700; letter-spacing: -.01em; display: flex; align-items: center; gap: 14px; flex-wrap: wrap; }
            h1 .path { font-family: var(--mono); font-size: 22px; font-weight: 600; }
            .subtitle { opacity: .85; font-size: 14px; }
            .subtitle code { background: rgba(255,255,255,.14); padding: 1px 6px; border-radius: 5px; font-size: 12.5px; }
            .badge { display: inline-block; padding: 3px 10px; border-radius: 999px; font-size: 12px; font-weight: 700; letter-spacing: .04em; vertical-align: middle; white-space: nowrap; }
            .badge.s-succeeded { background: #d1fae5; color: #065f46; }
            .badge.s-partially_succeeded { background: #fef3c7; color: #92400e; }
            .badge.s-rolled_back, .badge.s-failed { background: #fee2e2; color: #991b1b; }
            .badge.s-running, .badge.s-planned { background: #e0e7ff; color: #3730a3; }
            .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 14px; margin-top: -52px; }
            .kpi { background: var(--card); border-radius: 14px; padding: 14px 16px; box-shadow: 0 1px 2px rgba(15,23,42,.06), 0 8px 24px rgba(15,23,42,.06); }
            .kpi .label { color: var(--muted); font-size: 11.5px; text-transform: uppercase; letter-spacing: .08em; font-weight: 600; }
            .kpi .value { font-size: 26px; font-weight: 700; margin-top: 2px; font-variant-numeric: tabular-nums; }
            .kpi .note { color: var(--muted); font-size: 12px; }
            .kpi.bad .value { color: var(--bad); } .kpi.warn .value { color: var(--warn); } .kpi.ok .value { color: var(--ok); }
            nav.sections { position: sticky; top: 0; z-index: 5; background: rgba(241,245,249,.92); backdrop-filter: blur(6px); border-bottom: 1px solid var(--line); margin-top: 22px; }
            nav.sections .wrap { display: flex; gap: 4px; overflow-x: auto; padding-top: 8px; padding-bottom: 8px; }
            nav.sections a { color: var(--muted); font-weight: 600; font-size: 13px; padding: 6px 12px; border-radius: 8px; white-space: nowrap; }
            nav.sections a:hover { background: #e2e8f0; color: var(--ink); text-decoration: none; }
            section.card { background: var(--card); border-radius: 16px; padding: 22px 24px; margin: 22px 0; box-shadow: 0 1px 2px rgba(15,23,42,.05), 0 6px 18px rgba(15,23,42,.04); }
            section.card > h2 { margin: 0 0 4px; font-size: 19px; }
            .lead { color: var(--muted); margin: 0 0 16px; }
            h3 { font-size: 14.5px; margin: 22px 0 8px; }
            .facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0 0 14px; }
            .facts dt { color: var(--muted); font-weight: 600; }
            .facts dd { margin: 0; }
            .chip { display: inline-block; background: #eef2ff; color: #3730a3; border-radius: 999px; padding: 1px 9px; margin: 1px 2px; font-size: 12.5px; }
            .figure { overflow-x: auto; border: 1px solid var(--line); border-radius: 12px; background: #fcfdff; padding: 8px; }
            .figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
            .figure svg.graph { max-width: none; }
            .legend { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; color: var(--muted); font-size: 12.5px; margin: 10px 2px 0; }
            .legend .sw { display: inline-block; width: 22px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 6px; }
            .legend .sw.dash { border-top-style: dashed; }
            .legend .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; vertical-align: -1px; margin-right: 5px; }
            .legend .box { display: inline-block; width: 16px; height: 10px; border-radius: 2px; vertical-align: -1px; margin-right: 5px; }
            .legend .w { display: inline-block; width: 22px; background: #64748b; vertical-align: middle; margin: 0 4px 0 2px; border-radius: 2px; }
            /* impact graph */
            svg.graph text { font-size: 12.5px; fill: #1e293b; }
            svg.graph .col-title { font-size: 11.5px; fill: #64748b; font-weight: 700; letter-spacing: .08em; text-transform: uppercase; }
            svg.graph .box rect { fill: #f8fafc; stroke: #dbe3ee; }
            svg.graph .box-title { font-weight: 700; font-size: 13px; fill: #0f172a; }
            svg.graph .box-meta { font-size: 11.5px; fill: #64748b; }
            svg.graph .edge { fill: none; opacity: .5; transition: opacity .12s; }
            svg.graph.focus .edge { opacity: .07; }
            svg.graph.focus .edge.hl { opacity: .95; }
            svg.graph .source rect { fill: #1e1b4b; }
            svg.graph .source .source-folder { fill: #c7d2fe; font-size: 11.5px; }
            svg.graph .source .source-name { fill: #fff; font-size: 15px; font-weight: 700; }
            svg.graph .entity rect { fill: #f5f3ff; stroke: #a78bfa; stroke-width: 1.5; }
            svg.graph .entity text { font-weight: 700; fill: #4c1d95; font-size: 13px; }
            svg.graph .file .row { fill: transparent; }
            svg.graph .file:hover .row, svg.graph .file.hl .row { fill: #e0e7ff; }
            svg.graph .bar-bg { fill: #e2e8f0; }
            svg.graph .num { font-size: 11.5px; fill: #475569; font-variant-numeric: tabular-nums; }
            svg.graph .outcome { font-size: 11px; font-weight: 600; }
            svg.graph .o-updated { fill: #059669; } svg.graph .o-unchanged { fill: #94a3b8; } svg.graph .o-failed { fill: #dc2626; } svg.graph .o-skipped { fill: #d97706; }
            svg.graph .more text { fill: #64748b; font-style: italic; font-size: 12px; }
            svg.graph .node { cursor: default; }
            /* gantt */
            svg.gantt text { font-size: 11px; fill: #334155; }
            svg.gantt .panel-title { font-size: 13px; font-weight: 700; fill: #0f172a; }
            svg.gantt .lane { fill: #f8fafc; } svg.gantt .lane.odd { fill: #f1f5f9; }
            svg.gantt .lane-label { fill: #64748b; font-size: 11px; }
            svg.gantt .grid { stroke: #e2e8f0; } svg.gantt .axis { stroke: #94a3b8; }
            svg.gantt .tick { fill: #64748b; font-size: 10.5px; }
            svg.gantt .checkpoint { stroke: #7c3aed; stroke-width: 1.5; stroke-dasharray: 4 3; }
            svg.gantt .empty { fill: #94a3b8; font-style: italic; }
            svg.gantt g.hl rect { stroke: #0f172a; stroke-width: 1.5px; }
            /* tables */
            .table-tools { display: flex; gap: 10px; align-items: center; margin: 0 0 10px; flex-wrap: wrap; }
            .table-tools input, .table-tools select { font: inherit; padding: 6px 10px; border: 1px solid #cbd5e1; border-radius: 8px; background: #fff; }
            .table-tools input { min-width: 280px; }
            .table-tools .count { color: var(--muted); font-size: 12.5px; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; width: 100%; font-size: 13px; }
            th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
            th { font-size: 11.5px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); background: #f8fafc; white-space: nowrap; }
            th.sortable { cursor: pointer; user-select: none; }
            th.sortable:after { content: ' ↕'; color: #cbd5e1; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.file { font-family: var(--mono); font-size: 12.5px; white-space: nowrap; }
            td.nowrap { white-space: nowrap; }
            td.wrap { min-width: 260px; }
            .clamp { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
            .small { font-size: 12px; }
            tr:hover td { background: #f8fafc; }
            .pill { display: inline-block; border-radius: 999px; padding: 1px 8px; font-size: 11.5px; font-weight: 700; letter-spacing: .03em; white-space: nowrap; }
            .o-UPDATED { background: #d1fae5; color: #065f46; } .o-UNCHANGED { background: #f1f5f9; color: #475569; }
            .o-FAILED { background: #fee2e2; color: #991b1b; } .o-SKIPPED { background: #fef3c7; color: #92400e; } .o-NOT_RUN { background: #f1f5f9; color: #94a3b8; }
            .r-LOW { background: #dcfce7; color: #166534; } .r-MEDIUM { background: #fef3c7; color: #92400e; }
            .r-HIGH { background: #fee2e2; color: #991b1b; } .r-CRITICAL { background: #7f1d1d; color: #fff; }
            .v-INFO { background: #dbeafe; color: #1e40af; } .v-WARNING { background: #fef3c7; color: #92400e; }
            .v-ERROR { background: #fee2e2; color: #991b1b; } .v-CRITICAL { background: #7f1d1d; color: #fff; }
            .k-RETRY, .k-FALLBACK, .k-SKIP { background: #fef3c7; color: #92400e; } .k-FAILURE { background: #fee2e2; color: #991b1b; }
            .k-CIRCUIT { background: #7f1d1d; color: #fff; } .k-CHECKPOINT { background: #ede9fe; color: #5b21b6; } .k-ALERT { background: #ffe4e6; color: #9f1239; }
            .err { color: var(--bad); }
            .muted { color: var(--muted); }
            .empty-note { color: var(--muted); font-style: italic; padding: 10px 0; }
            /* issues */
            .issues { display: grid; gap: 12px; }
            .issue { border: 1px solid var(--line); border-left: 4px solid var(--warn); border-radius: 10px; padding: 12px 16px; }
            .issue.fixed { border-left-color: var(--ok); } .issue.human { border-left-color: var(--bad); }
            .issue .head { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
            .issue .type { font-family: var(--mono); font-weight: 700; }
            .issue ul { margin: 6px 0; padding-left: 20px; }
            .issue .evidence li { font-family: var(--mono); font-size: 12.5px; }
            /* diffs */
            .diff-tools { display: flex; gap: 8px; margin: 0 0 10px; }
            button { font: inherit; font-size: 12.5px; padding: 5px 12px; border: 1px solid #cbd5e1; background: #fff; border-radius: 8px; cursor: pointer; }
            button:hover { background: #f1f5f9; }
            details.diff { border: 1px solid var(--line); border-radius: 10px; margin: 8px 0; overflow: hidden; background: #fff; }
            details.diff > summary { cursor: pointer; padding: 8px 14px; display: flex; gap: 12px; align-items: center; background: #f8fafc; list-style: none; }
            details.diff > summary::-webkit-details-marker { display: none; }
            details.diff > summary:before { content: '▸'; color: var(--faint); }
            details.diff[open] > summary:before { content: '▾'; }
            details.diff .path { font-family: var(--mono); font-size: 12.5px; font-weight: 600; flex: 1; }
            .plus { color: #059669; font-weight: 700; font-variant-numeric: tabular-nums; } .minus { color: #dc2626; font-weight: 700; font-variant-numeric: tabular-nums; }
            pre.diff { margin: 0; padding: 8px 0; font-family: var(--mono); font-size: 12.5px; line-height: 1.55; overflow-x: auto; }
            pre.diff span { display: block; padding: 0 14px; white-space: pre; }
            pre.diff .a { background: #ecfdf5; color: #065f46; } pre.diff .d { background: #fef2f2; color: #991b1b; }
            pre.diff .h { color: #6366f1; background: #eef2ff; margin: 4px 0; } pre.diff .c { color: #475569; }
            .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 22px; }
            @media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
            ul.plain { margin: 4px 0; padding-left: 20px; }
            footer { color: var(--muted); font-size: 12px; padding: 10px 0 40px; }
            @media print { nav.sections { display: none; } section.card { box-shadow: none; border: 1px solid var(--line); } details.diff { break-inside: avoid; } }
            """;

    static final String SCRIPT = """
            (function () {
              // the impact graph: hovering a node lights up its edges
              var graph = document.getElementById('impact-graph');
              if (graph) {
                var edges = graph.querySelectorAll('.edge');
                graph.querySelectorAll('.node').forEach(function (node) {
                  var id = node.getAttribute('data-id');
                  node.addEventListener('mouseenter', function () {
                    graph.classList.add('focus');
                    edges.forEach(function (e) {
                      if (e.getAttribute('data-from') === id || e.getAttribute('data-to') === id) { e.classList.add('hl'); }
                    });
                  });
                  node.addEventListener('mouseleave', function () {
                    graph.classList.remove('focus');
                    edges.forEach(function (e) { e.classList.remove('hl'); });
                  });
                });
              }
              // the Gantt chart: hovering a bar lights up the same step in both panels
              var gantt = document.getElementById('gantt');
              if (gantt) {
                gantt.querySelectorAll('g[data-step]').forEach(function (bar) {
                  var step = bar.getAttribute('data-step');
                  bar.addEventListener('mouseenter', function () {
                    gantt.querySelectorAll('g[data-step]').forEach(function (b) { if (b.getAttribute('data-step') === step) { b.classList.add('hl'); } });
                  });
                  bar.addEventListener('mouseleave', function () {
                    gantt.querySelectorAll('g.hl').forEach(function (b) { b.classList.remove('hl'); });
                  });
                });
              }
              // the step table: filter by text and outcome, sort by column
              var table = document.getElementById('steps-table');
              if (table) {
                var rows = Array.prototype.slice.call(table.tBodies[0].rows);
                var text = document.getElementById('steps-filter');
                var outcome = document.getElementById('steps-outcome');
                var count = document.getElementById('steps-count');
                var apply = function () {
                  var q = text.value.trim().toLowerCase();
                  var o = outcome.value;
                  var shown = 0;
                  rows.forEach(function (r) {
                    var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) && (!o || r.getAttribute('data-outcome') === o);
                    r.style.display = ok ? '' : 'none';
                    if (ok) { shown++; }
                  });
                  count.textContent = shown + ' of ' + rows.length + ' steps';
                };
                text.addEventListener('input', apply);
                outcome.addEventListener('change', apply);
                apply();
                table.querySelectorAll('th.sortable').forEach(function (th, index) {
                  var col = Array.prototype.indexOf.call(th.parentNode.children, th);
                  var asc = true;
                  th.addEventListener('click', function () {
                    var numeric = th.classList.contains('num');
                    rows.sort(function (a, b) {
                      var x = a.cells[col].getAttribute('data-sort') || a.cells[col].textContent;
                      var y = b.cells[col].getAttribute('data-sort') || b.cells[col].textContent;
                      var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, undefined, {numeric: true});
                      return asc ? c : -c;
                    });
                    asc = !asc;
                    rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
                  });
                });
              }
              // diffs: open or close them all
              document.querySelectorAll('[data-diffs]').forEach(function (button) {
                button.addEventListener('click', function () {
                  var open = button.getAttribute('data-diffs') === 'open';
                  document.querySelectorAll('details.diff').forEach(function (d) { d.open = open; });
                });
              });
              document.body.setAttribute('data-report-ready', 'true');
            })();
            """;
}
