namespace BatchLab.Reporting;

/// <summary>
/// The page's only style sheet, inlined. System fonts (nothing to download); one column at most
/// 60rem wide; images shrink to the screen; tables scroll sideways inside their frame; on narrow
/// screens margins and headings shrink. Light only: the figures are drawn on white.
/// </summary>
internal static class HtmlStyle
{
    public const string Css = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --accent: #0969da; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; }
        .page { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
        h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .25rem; }
        h2 { font-size: 1.4rem; line-height: 1.3; margin: 0 0 .75rem; }
        h3 { font-size: 1rem; margin: 0 0 .25rem; }
        a { color: var(--accent); }
        .subtitle { color: var(--muted); font-size: 1.1rem; margin: 0 0 1rem; }
        .meta { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2rem 1rem; margin: 1rem 0; font-size: .9rem; }
        .meta dt { color: var(--muted); }
        .meta dd { margin: 0; overflow-wrap: anywhere; }
        code { font: .9em ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
        .toc { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1.25rem; margin: 1.5rem 0; }
        .toc h2 { font-size: 1rem; margin: 0 0 .25rem; }
        .toc ol { margin: 0; padding-left: 1.5rem; }
        .toc li { margin: .15rem 0; }
        section { border-top: 1px solid var(--line); padding-top: 1.5rem; margin-top: 2rem; scroll-margin-top: .5rem; }
        .number { color: var(--muted); }
        .finding { border-left: 4px solid var(--accent); background: var(--panel); padding: .6rem 1rem; margin: 0 0 1.25rem; }
        .finding p { margin: .4rem 0; }
        .finding .lead { font-weight: 600; }
        details summary { cursor: pointer; color: var(--accent); font-size: .9rem; margin: .3rem 0; }
        details[open] summary { margin-bottom: .4rem; }
        .answer { border: 2px solid var(--accent); border-radius: 8px; padding: 1rem 1.25rem; margin: 1.25rem 0 1.5rem; background: #fff; }
        .answer h2 { margin: 0 0 .4rem; }
        .answer .headline { font-size: 1.2rem; font-weight: 600; margin: 0 0 .9rem; }
        .answer .key-figures dd { font-size: 1.35rem; }
        .answer h3 { margin: .9rem 0 .25rem; }
        .answer ol, .answer ul { margin: 0; padding-left: 1.4rem; }
        .answer li { margin: .2rem 0; }
        .answer .confidence { margin: .5rem 0 0; }
        .answer .more { margin: .9rem 0 0; font-size: .9rem; }
        .answer pre.apply { white-space: pre-wrap; overflow-wrap: anywhere; margin: .25rem 0 0; padding: .5rem .65rem; background: #f4f5f7; border-radius: 4px; }
        .key-figures { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 1.25rem; }
        .key-figures div { flex: 0 1 auto; min-width: 8.5rem; border: 1px solid var(--line); border-radius: 6px; padding: .45rem .75rem; }
        .key-figures dt { color: var(--muted); font-size: .8rem; }
        .key-figures dd { margin: 0; font-size: 1.15rem; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        figure { margin: 1.5rem 0; }
        .plot { position: relative; max-width: 800px; margin: 0 auto; }
        .plot img { display: block; width: 100%; height: auto; }
        .hover { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
        .hover rect { fill: transparent; }
        .hover rect:hover { fill: rgba(9, 105, 218, .18); stroke: var(--accent); stroke-width: 1.5; }
        .hover.narrow { display: none; }
        @media (max-width: 600px) { .hover.wide { display: none; } .hover.narrow { display: block; } }
        figcaption, .caption { color: var(--muted); font-size: .9rem; margin: .5rem 0; }
        .table { margin: 1.5rem 0; }
        .scroll { display: inline-block; max-width: 100%; overflow-x: auto; vertical-align: top; border: 1px solid var(--line); border-radius: 6px; }
        .scroll.long { max-height: 28rem; overflow-y: auto; }
        table { border-collapse: collapse; font-size: .875rem; font-variant-numeric: tabular-nums; }
        th, td { padding: .3rem .9rem; border-bottom: 1px solid var(--line); text-align: left; }
        td.num { white-space: nowrap; }
        th { vertical-align: bottom; min-width: 3.5rem; }
        details.tables > summary, details.folded-section > summary { font-size: .95rem; }
        th { background: var(--panel); font-weight: 600; position: sticky; top: 0; }
        tbody tr:last-child td { border-bottom: 0; }
        .num { text-align: right; }
        .nonfinite { color: var(--muted); font-style: italic; }
        .notes { color: var(--muted); font-size: .9rem; margin: 1.25rem 0 0; }
        .notes ul { margin: 0; padding-left: 1.25rem; }
        footer { border-top: 1px solid var(--line); margin-top: 2.5rem; padding-top: 1rem; color: var(--muted); font-size: .85rem; }
        @media (max-width: 40rem) {
          body { font-size: 15px; }
          .page { padding: 1rem .75rem 2rem; }
          h1 { font-size: 1.5rem; }
          h2 { font-size: 1.2rem; }
          .finding { padding: .5rem .75rem; }
          .answer { padding: .75rem .85rem; }
          .answer .headline { font-size: 1.05rem; }
          th, td { padding: .3rem .55rem; }
        }
        @media print {
          .toc { display: none; }
          figure, .table, .key-figures, .answer { break-inside: avoid; }
          .hover { display: none; }
        }

        """;
}
