"""HTML rendering of a diff (``extract diff --format html``): one self-contained file.

The page holds the aligned table (changed, added and removed rows first, rows
coloured by change) and a chart of the changed values, old against new per key
(three or more inputs: one line per key across the columns), drawn with plotly
(https://plotly.com/python/) with plotly.js embedded inline
(``include_plotlyjs=True``), so the file opens with no network.

Document text is untrusted: every document-derived string goes through
:func:`html.escape` (``extract.report._esc``, as in ``extract show``) before it reaches the page, the table and the chart labels
alike (plotly renders a subset of HTML in labels, so escaped text shows as
written; plotly's own JSON encoder also writes ``<`` as ``\\u003c`` inside the
script). Values reach plotly as :class:`~decimal.Decimal` (its encoder writes
them as JSON numbers, for drawing only); the exact strings are in the table and
the hover text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional, Sequence

from .diff import (Pair, Row, display_delta, display_relative, summary, table_rows, unit_of, wide_rows,
                   wide_values)
from .numerals import format_decimal
from .report import _esc as e

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.3rem} .summary span{margin-right:1rem;padding:.1rem .4rem;border-radius:3px}
table{border-collapse:collapse;font-size:.9rem;margin-top:1rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.changed td{background:#fff6d6} tr.added td{background:#e3f6e3} tr.removed td{background:#fbe3e3}
tr.same td{color:#777} .changed{background:#fff6d6}.added{background:#e3f6e3}.removed{background:#fbe3e3}
.same{background:#eee} td.ctx{color:#555;font-size:.8rem;max-width:32rem}
"""
_MARK = {"changed": "~", "added": "+", "removed": "−", "same": "="}


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _shown_value(rec) -> str:
    """A record's decimal value as the table shows it; empty when it has none."""
    v = _value(rec)
    return format_decimal(v) if v is not None else ""


def _chart(fig) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=True, config={"displaylogo": False})


def _value(rec) -> Optional[Decimal]:
    v = getattr(rec, "value", None) if rec is not None else None
    return v if isinstance(v, Decimal) else None


def _group(rec) -> str:
    """The chart panel of a record: label and unit (values of one unit share an axis)."""
    return f"{rec.label} ({unit_of(rec) or '—'})"


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} [{seen[n]}]")
    return out


def _category(p: Pair) -> str:
    sec, subj, _unit = (p.key.split("|") + ["", "", ""])[:3]
    lead = subj or sec or p.label
    return f"{lead}: {p.old.text} → {p.new.text}"



def _grid(titles: list[str]):
    """A plotly figure of one or two columns of subplots, one per title:
    ``(figure, columns, rows)``; subplot ``n`` (from 1) sits at row ``(n-1)//columns+1``."""
    from plotly.subplots import make_subplots

    cols = 1 if len(titles) == 1 else 2
    nrows = (len(titles) + cols - 1) // cols
    fig = make_subplots(rows=nrows, cols=cols, subplot_titles=titles,
                        vertical_spacing=min(0.15, 0.4 / nrows), horizontal_spacing=0.08)
    return fig, cols, nrows


def changes_figure(pairs: Sequence[Pair]):
    """A plotly figure: one panel per label and unit, grouped bars old vs new per changed key;
    None when no pair with two numeric values changed."""
    import plotly.graph_objects as go

    changed = [p for p in pairs if p.change == "changed" and _value(p.old) is not None and _value(p.new) is not None]
    if not changed:
        return None
    groups: dict[str, list[Pair]] = {}
    for p in changed:
        groups.setdefault(_group(p.new), []).append(p)
    fig, cols, nrows = _grid([e(g) for g in groups])
    for n, (name, ps) in enumerate(groups.items(), 1):
        at = {"row": (n - 1) // cols + 1, "col": (n - 1) % cols + 1}
        cats = [e(c) for c in _unique([_category(p) for p in ps])]
        for side, colour in (("old", "#8da0cb"), ("new", "#fc8d62")):
            recs = [getattr(p, side) for p in ps]
            fig.add_trace(go.Bar(
                x=cats, y=[_value(r) for r in recs], name=side, marker_color=colour, legendgroup=side,
                showlegend=n == 1,
                hovertext=[e(f"{r.text} = {format_decimal(_value(r))}") for r in recs], hoverinfo="text+name"),
                **at)
        values = [v for p in ps for v in (_value(p.old), _value(p.new))]
        if min(values) > 0 and max(values) / min(values) > 1000:
            fig.update_yaxes(type="log", **at)
    fig.update_layout(barmode="group", height=340 * nrows + 80, margin={"t": 60, "b": 40},
                      title="Changed values: old vs new")
    return fig


def render_html(pairs: Sequence[Pair], old_name: str = "OLD", new_name: str = "NEW") -> str:
    """The diff of two inputs as one self-contained HTML page (module docstring)."""
    counts = summary(pairs)
    parts = [f"<h1>Diff: {e(old_name)} → {e(new_name)}</h1>",
             "<p class=\"summary\">" + "".join(f"<span class=\"{k}\">{v} {k}</span>" for k, v in counts.items())
             + "</p>"]
    fig = changes_figure(pairs)
    if fig is not None:
        parts.append(f"<div class=\"chart\">{_chart(fig)}</div>")
    head = ("<th></th><th>label</th><th>key</th><th>old</th><th>new</th><th>old value</th><th>new value</th>"
            "<th>Δ</th><th>rel.</th><th>score</th><th>where (old / new)</th>")
    rows = []
    for p in table_rows(pairs):
        where = " / ".join(f"{r.start}–{r.end}" if r is not None else "—" for r in (p.old, p.new))
        score = f"{p.score:.2f}" if p.old is not None and p.new is not None else ""
        rows.append(
            f"<tr class=\"{p.change}\"><td>{_MARK[p.change]}</td><td>{e(p.label)}</td><td>{e(p.key)}</td>"
            f"<td class=\"num\">{e(p.old.text if p.old is not None else '')}</td>"
            f"<td class=\"num\">{e(p.new.text if p.new is not None else '')}</td>"
            f"<td class=\"num\">{e(_shown_value(p.old))}</td><td class=\"num\">{e(_shown_value(p.new))}</td>"
            f"<td class=\"num\">{e(display_delta(p))}</td><td class=\"num\">{e(display_relative(p))}</td>"
            f"<td class=\"num\">{score}</td><td class=\"ctx\">{e(where)}</td></tr>")
    parts.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    return _page(f"Diff: {old_name} → {new_name}", "\n".join(parts))


def wide_figure(rows: Sequence[Row], columns: Sequence[str]):
    """A plotly figure: one panel per label and unit, one line per varying key across the
    columns; None when no row varies with numeric values."""
    import plotly.graph_objects as go

    varying = [r for r in rows if r.changed and sum(_value(c) is not None for c in r.cells) >= 2]
    if not varying:
        return None
    groups: dict[str, list[Row]] = {}
    for r in varying:
        groups.setdefault(_group(next(c for c in reversed(r.cells) if c is not None)), []).append(r)
    xs = [e(c) for c in _unique(list(columns))]
    fig, cols, nrows = _grid([e(g) for g in groups])
    for n, (_name, rs) in enumerate(groups.items(), 1):
        at = {"row": (n - 1) // cols + 1, "col": (n - 1) % cols + 1}
        names = _unique([r.key or r.label for r in rs])
        for r, name in zip(rs, names):
            fig.add_trace(go.Scatter(
                x=xs, y=[_value(c) for c in r.cells], name=e(name), mode="lines+markers",
                hovertext=[e(c.text) if c is not None else "" for c in r.cells], hoverinfo="text+name+x"),
                **at)
    fig.update_layout(height=340 * nrows + 80, title="Values across inputs")
    return fig


def render_wide_html(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """Three or more inputs: the wide table (one row per key, one column per input) and its chart."""
    varying = sum(1 for r in rows if r.changed)
    parts = [f"<h1>Diff: {' → '.join(e(c) for c in columns)}</h1>",
             f"<p class=\"summary\"><span class=\"changed\">{varying} rows vary</span>"
             f"<span class=\"same\">{len(rows) - varying} same</span></p>"]
    fig = wide_figure(rows, columns)
    if fig is not None:
        parts.append(f"<div class=\"chart\">{_chart(fig)}</div>")
    head = "<th>label</th><th>key</th>" + "".join(f"<th>{e(c)}</th>" for c in columns)
    body = []
    for r in wide_rows(rows):
        cells = "".join(f"<td class=\"num\" title=\"{e(v)}\">{e(c.text) if c is not None else '—'}</td>"
                        for c, v in zip(r.cells, wide_values(r)))
        body.append(f"<tr class=\"{'changed' if r.changed else 'same'}\"><td>{e(r.label)}</td>"
                    f"<td>{e(r.key)}</td>{cells}</tr>")
    parts.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>")
    return _page("Diff: " + " → ".join(columns), "\n".join(parts))
