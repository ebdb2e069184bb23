"""The visual report of ``extract show``: one self-contained HTML page.

:func:`render_report` turns a processed :class:`~extract.pipeline.Document` into
a page that needs no network access: the document text with every record
highlighted by label (in the manner of spaCy's displaCy entity renderer, with
our own template), a legend, the sections as a navigation list, a sortable and
filterable table of the records, the consistency checks, and a detail panel
(click) or tooltip (hover) with each record's normalized and context fields.

Safety: the document is untrusted. Every document-derived string goes through
:func:`html.escape` (attribute values included); record data for the script is
embedded as JSON in ``<script type="application/json">`` with ``<``, ``>`` and
``&`` written as ``\\u003c`` etc., so no document text can close the element;
the one inline script and style are constants, allowed by hash in a
Content-Security-Policy that forbids everything else (no network, no other script).

Fidelity: offsets index the original text. The text is written unchanged
except for escaping; ``\\r`` is written as ``&#13;`` (the HTML parser would
otherwise fold CRLF into LF), ``\\0`` as U+FFFD (the parser drops it), so the
text container's DOM ``textContent`` equals the document text and a mark's
position in it equals its record's ``start`` (in code points). Line breaks are
shown (``white-space: pre-wrap``), with an optional ↵ / CR↵ marker (CSS
pseudo-elements, not part of the text).

Each record is exactly one ``<mark data-label="LABEL">`` whose text content is
the record's text. Records that cannot be placed in the text (offsets out of
range, text not matching the document at its offsets, an overlap, an empty
span) are listed below the text, still each in one such ``<mark>``.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
from html import escape
from typing import Any, Iterable, Optional, Sequence

import regex

from .records import CONTEXT_FIELDS, LABELS, NUMERIC_LABELS

#: Highlight colours, displaCy's for the OntoNotes labels, ours for DOC_NO. The four
#: numeric labels share displaCy's #e4e7d2 there; they are told apart here.
COLORS = {
    "MONEY": "#b8e986", "CARDINAL": "#e4e7d2", "QUANTITY": "#d0e4f5", "PERCENT": "#f3d6f5",
    "DATE": "#bfe1d9", "DOC_NO": "#f9c4b4", "LAW": "#ff8197", "GPE": "#feca74",
    "LOC": "#ff9561", "ORG": "#7aecec", "PERSON": "#aa9cfc",
}
DEFAULT_COLOR = "#dddddd"

_SPAN_FIELDS = ("doc", "label", "text", "start", "end")
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
_CLASS_SAFE = regex.compile(r"[^A-Za-z0-9_-]")


def _text(s: str) -> str:
    """Document text as HTML text content, code point for code point (see module doc)."""
    s = escape(s, quote=False).replace("\0", "\ufffd")
    return _LINE_BREAK.sub(_eol, s)


def _eol(m) -> str:
    kind = {"\r\n": "crlf", "\r": "cr", "\n": "lf"}[m.group()]
    raw = {"crlf": "&#13;\n", "cr": "&#13;<br>", "lf": "\n"}[kind]
    return f'<span class="eol {kind}"></span>{raw}'


def _attr(s: Any) -> str:
    """A value for a double-quoted attribute."""
    return escape(str(s), quote=True).replace("\r", "&#13;").replace("\0", "\ufffd")


def _esc(s: Any) -> str:
    return escape("" if s is None else str(s), quote=True).replace("\0", "\ufffd")


def _cls(label: str) -> str:
    return "l-" + _CLASS_SAFE.sub("_", label)


def _json_script(obj: Any) -> str:
    """JSON safe inside a <script> element: no ``<``, ``>`` or ``&`` at all."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _csp_hash(s: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return " ".join(str(x) for x in v) or "—"
    return str(v)


def _fields(rec: dict) -> list[tuple[str, Any]]:
    """Normalized and context fields of a dumped record, in model order."""
    return [(k, v) for k, v in rec.items() if k not in _SPAN_FIELDS]


def _summary(rec: dict) -> str:
    """The record's main normalized value, short (for the table's value column)."""
    label = rec.get("label")
    if label in NUMERIC_LABELS or label == "DATE":
        if rec.get("value") is not None:
            v = str(rec["value"])
        elif rec.get("low") is not None or rec.get("high") is not None:
            v = f"{_fmt(rec.get('low'))}–{_fmt(rec.get('high'))}"
        else:
            v = "—"
        extra = rec.get("currency") or rec.get("unit") or rec.get("mod")
        return f"{v} {extra}" if extra and v != "—" else v
    if label == "DOC_NO":
        return f"{_fmt(rec.get('issuer'))} {_fmt(rec.get('year'))} {_fmt(rec.get('serial'))}"
    if label == "LAW":
        return _fmt(rec.get("doc_no"))
    if label == "GPE":
        return f"{_fmt(rec.get('name'))} {_fmt(rec.get('adcode'))} {_fmt(rec.get('level'))}"
    return ""


def _sort_key(rec: dict) -> str:
    for k in ("value", "low", "high", "year"):
        if rec.get(k) is not None:
            return str(rec[k])
    return ""


def _tooltip(rec: dict) -> str:
    lines = [f"{rec.get('label')} «{rec.get('text')}» [{rec.get('start')}–{rec.get('end')}]"]
    lines += [f"{k}: {_fmt(v)}" for k, v in _fields(rec)]
    return "\n".join(lines)


def layout(text: str, records: Sequence) -> tuple[list[tuple[int, int, int]], list[tuple[int, str]]]:
    """Where each record goes: ``(placed, unplaced)``.

    ``placed``: ``(start, end, index)`` in text order, non-overlapping, each with
    ``text[start:end] == record.text``; ``unplaced``: ``(index, reason)`` for the rest.
    """
    placed: list[tuple[int, int, int]] = []
    unplaced: list[tuple[int, str]] = []
    last_end = 0
    order = sorted(range(len(records)), key=lambda i: (records[i].start, -records[i].end, i))
    for i in order:
        r = records[i]
        if not 0 <= r.start < r.end <= len(text):
            unplaced.append((i, "empty span" if r.start == r.end else "offsets outside the text"))
        elif text[r.start:r.end] != r.text:
            unplaced.append((i, "text differs from the document at these offsets"))
        elif r.start < last_end:
            unplaced.append((i, "overlaps another record"))
        else:
            placed.append((r.start, r.end, i))
            last_end = r.end
    unplaced.sort()
    return placed, unplaced


def _mark(i: int, rec: dict) -> str:
    label = str(rec.get("label"))
    return (f'<mark data-label="{_attr(label)}" class="ent {_attr(_cls(label))}" id="r{i}" data-i="{i}" '
            f'data-start="{_attr(rec.get("start"))}" data-end="{_attr(rec.get("end"))}" '
            f'title="{_attr(_tooltip(rec))}">{_text(str(rec.get("text")))}</mark>')


def _body_text(text: str, placed: Iterable[tuple[int, int, int]], dumped: list[dict],
               anchors: list[tuple[int, str]]) -> str:
    """The document text with marks and section anchors (anchors inside a mark go before it)."""
    out: list[str] = []
    pending = sorted(anchors)
    pos = 0

    def plain(upto: int) -> None:
        nonlocal pos
        while pending and pending[0][0] < upto:
            off, html_id = pending.pop(0)
            off = max(off, pos)
            out.append(_text(text[pos:off]))
            out.append(f'<span class="anchor" id="{html_id}"></span>')
            pos = off
        out.append(_text(text[pos:upto]))
        pos = upto

    for s, e, i in placed:
        plain(s)
        while pending and pending[0][0] < e:  # a heading offset inside a mark: anchor before it
            out.append(f'<span class="anchor" id="{pending.pop(0)[1]}"></span>')
        out.append(_mark(i, dumped[i]))
        pos = e
    plain(len(text))
    for _off, html_id in pending:
        out.append(f'<span class="anchor" id="{html_id}"></span>')
    return "".join(out)


_CSS = """
:root{--line:#d8d8d8;--muted:#666}
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 system-ui,"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;color:#222;background:#f6f6f4}
header{padding:.7rem 1.2rem;background:#fff;border-bottom:1px solid var(--line)}
header h1{font-size:1.15rem;margin:0 0 .2rem;word-break:break-all}
header .meta{color:var(--muted);font-size:.85rem}
header .meta span{margin-right:1.1rem}
.layout{display:grid;grid-template-columns:17rem minmax(0,1fr);gap:1rem;padding:1rem;align-items:start}
.side{position:sticky;top:0;max-height:100vh;overflow:auto;font-size:.88rem;padding-bottom:1rem}
.side h2,.main h2{font-size:.95rem;margin:.9rem 0 .4rem;text-transform:uppercase;letter-spacing:.04em;color:#444}
.legend{display:flex;flex-wrap:wrap;gap:.3rem}
.legend button{font:inherit;font-size:.78rem;border:1px solid rgba(0,0,0,.15);border-radius:.3em;padding:.1em .45em;cursor:pointer}
.legend button.off{opacity:.4;text-decoration:line-through}
.opts label{display:block;margin:.2rem 0}
nav ol{margin:0;padding-left:2.1rem}
nav li{margin:.15rem 0}
nav a{color:#1a55a8;text-decoration:none}
nav a:hover{text-decoration:underline}
.count{color:var(--muted);font-size:.8em}
.panel{background:#fff;border:1px solid var(--line);border-radius:.3rem;padding:1rem 1.2rem}
.doc{white-space:pre-wrap;overflow-wrap:anywhere;line-height:2.2;font-size:1rem}
mark.ent{background:#ddd;color:inherit;padding:.12em .22em;margin:0 .05em;border-radius:.3em;cursor:pointer;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.ent::after{content:attr(data-label);font-size:.58em;font-weight:700;letter-spacing:.02em;margin-left:.3em;vertical-align:.15em;opacity:.7;font-family:system-ui,sans-serif}
body.nolabels mark.ent::after{content:none}
mark.ent.dim{background:transparent !important;outline:1px dashed #bbb}
mark.ent.sel{outline:2px solid #d22;outline-offset:1px}
mark.ent:hover{filter:brightness(.93)}
.eol::before{content:none}
body.showeol .eol::before{color:#aaa;font-size:.8em}
body.showeol .eol.lf::before{content:"\\21B5"}
body.showeol .eol.crlf::before{content:"CR\\21B5"}
body.showeol .eol.cr::before{content:"CR"}
.anchor{scroll-margin-top:1rem}
.unplaced li{margin:.3rem 0}
.reason{color:#a33;font-size:.85em;margin-left:.5rem}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin:.3rem 0 .6rem}
.filters input[type=search]{font:inherit;padding:.2rem .4rem;min-width:16rem}
.filters select{font:inherit}
table{border-collapse:collapse;width:100%;font-size:.86rem}
th,td{border-bottom:1px solid #eee;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:#f0f0ec;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \\25B2"}
th[aria-sort=descending]::after{content:" \\25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr{cursor:pointer}
tbody tr:hover{background:#fafae6}
tbody tr.sel{background:#fde8e8}
.tag{display:inline-block;border-radius:.3em;padding:0 .35em;font-size:.8em;font-weight:700}
.checks li{margin:.3rem 0}
.st{font-weight:700;padding:0 .35em;border-radius:.3em}
.st-holds{background:#d8f0d8}.st-rounded{background:#e6f3d0}.st-partial{background:#fff0c8}.st-exceeds{background:#f8d0d0}
#detail{position:fixed;right:1rem;bottom:1rem;width:min(26rem,calc(100vw - 2rem));max-height:60vh;overflow:auto;background:#fff;border:1px solid #bbb;border-radius:.4rem;box-shadow:0 4px 18px rgba(0,0,0,.18);padding:.7rem 1rem;font-size:.88rem;z-index:10}
#detail h3{margin:0 2rem .4rem 0;font-size:1rem;word-break:break-all}
#detail dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:0}
#detail dt{color:var(--muted)}
#detail dd{margin:0;word-break:break-all}
#detail .close{position:absolute;top:.4rem;right:.5rem;border:0;background:none;font-size:1.2rem;cursor:pointer}
.empty{color:var(--muted)}
@media (max-width:800px){.layout{grid-template-columns:1fr}.side{position:static;max-height:none}}
"""

for _label in LABELS:
    _CSS += f"mark.{_cls(_label)},.tag.{_cls(_label)},.legend .{_cls(_label)}{{background:{COLORS.get(_label, DEFAULT_COLOR)}}}\n"

_JS = r"""
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var recs = data.records;
  var byStart = {};
  recs.forEach(function (r, i) { if (!(r.start in byStart)) byStart[r.start] = i; });
  var detail = document.getElementById('detail');
  var current = null;

  function fmt(v) {
    if (v === null || v === undefined) return '\u2014';
    if (v === true) return 'yes';
    if (v === false) return 'no';
    if (Array.isArray(v)) return v.join(' ') || '\u2014';
    return String(v);
  }

  function select(i, scrollText) {
    if (current !== null) {
      var om = document.getElementById('r' + current), or = document.getElementById('row' + current);
      if (om) om.classList.remove('sel');
      if (or) or.classList.remove('sel');
    }
    current = i;
    var m = document.getElementById('r' + i), row = document.getElementById('row' + i);
    if (m) { m.classList.add('sel'); if (scrollText) m.scrollIntoView({block: 'center'}); }
    if (row) row.classList.add('sel');
    showDetail(i);
  }

  function showDetail(i) {
    var r = recs[i];
    var h = detail.querySelector('h3');
    h.textContent = r.label + ' \u00ab' + r.text + '\u00bb';
    var dl = detail.querySelector('dl');
    while (dl.firstChild) dl.removeChild(dl.firstChild);
    Object.keys(r).forEach(function (k) {
      if (k === 'doc' || k === 'label' || k === 'text') return;
      var dt = document.createElement('dt'), dd = document.createElement('dd');
      dt.textContent = k;
      dd.textContent = fmt(r[k]);
      if (k === 'part_of' && r[k] !== null && (r[k] in byStart)) {
        var j = byStart[r[k]], a = document.createElement('a');
        a.href = '#r' + j;
        a.textContent = ' (' + recs[j].text + ')';
        a.addEventListener('click', function (ev) { ev.preventDefault(); select(j, true); });
        dd.appendChild(a);
      }
      dl.appendChild(dt); dl.appendChild(dd);
    });
    detail.hidden = false;
  }

  detail.querySelector('.close').addEventListener('click', function () { detail.hidden = true; });
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') detail.hidden = true; });

  document.addEventListener('click', function (ev) {
    var m = ev.target.closest ? ev.target.closest('mark.ent') : null;
    if (m) select(+m.getAttribute('data-i'), false);
  });

  // Records table: click a row to jump, click a heading to sort, filter by text and label.
  var table = document.getElementById('records');
  var tbody = table.tBodies[0];
  tbody.addEventListener('click', function (ev) {
    var tr = ev.target.closest('tr');
    if (tr) select(+tr.getAttribute('data-i'), true);
  });
  function cellKey(tr, c) {
    var td = tr.cells[c];
    return td.hasAttribute('data-sort') ? td.getAttribute('data-sort') : td.textContent;
  }
  var ths = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(ths, function (th, c) {
    th.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(ths, function (o) { o.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(tbody.rows);
      rows.sort(function (a, b) {
        var x = cellKey(a, c), y = cellKey(b, c);
        var nx = parseFloat(x), ny = parseFloat(y);
        var cmp;
        if (x === '' && y !== '') cmp = 1;
        else if (y === '' && x !== '') cmp = -1;
        else if (!isNaN(nx) && !isNaN(ny) && /^-?[\d.]+$/.test(x) && /^-?[\d.]+$/.test(y)) cmp = nx - ny;
        else cmp = x.localeCompare(y, 'zh');
        return cmp * dir || (+a.getAttribute('data-i') - +b.getAttribute('data-i'));
      });
      rows.forEach(function (tr) { tbody.appendChild(tr); });
    });
  });
  var q = document.getElementById('q'), lab = document.getElementById('label-filter');
  var shown = document.getElementById('shown');
  function filter() {
    var needle = q.value.trim().toLowerCase(), want = lab.value, n = 0;
    Array.prototype.forEach.call(tbody.rows, function (tr) {
      var ok = (!want || tr.getAttribute('data-kind') === want) &&
               (!needle || tr.textContent.toLowerCase().indexOf(needle) >= 0);
      tr.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n;
  }
  q.addEventListener('input', filter);
  lab.addEventListener('change', filter);

  // Legend: dim or restore one label's highlights (they stay in place and visible).
  Array.prototype.forEach.call(document.querySelectorAll('.legend button'), function (b) {
    b.addEventListener('click', function () {
      var off = b.classList.toggle('off');
      Array.prototype.forEach.call(document.querySelectorAll('mark.ent'), function (m) {
        if (m.getAttribute('data-label') === b.getAttribute('data-kind')) m.classList.toggle('dim', off);
      });
    });
  });
  document.getElementById('opt-labels').addEventListener('change', function (ev) {
    document.body.classList.toggle('nolabels', !ev.target.checked);
  });
  document.getElementById('opt-eol').addEventListener('change', function (ev) {
    document.body.classList.toggle('showeol', ev.target.checked);
  });
})();
"""


def _check_html(check, index_of: dict[int, int], dumped: list[dict]) -> str:
    status = str(getattr(check, "status", ""))
    st_cls = {"holds": "st-holds", "holds (rounded)": "st-rounded", "partial": "st-partial",
              "exceeds": "st-exceeds"}.get(status, "")
    try:
        line = check.line()
    except Exception:  # a check we cannot format still shows what it has
        line = str(check)
    links = []
    for off in [getattr(check, "total_start", None), *getattr(check, "parts", ())]:
        if off in index_of:
            i = index_of[off]
            links.append(f'<a href="#r{i}">{_esc(dumped[i]["text"])}</a>')
    refs = f' <span class="count">({" · ".join(links)})</span>' if links else ""
    return f'<li><span class="st {st_cls}">{_esc(status)}</span> {_esc(line)}{refs}</li>'


def render_report(document, title: Optional[str] = None) -> str:
    """The HTML report of a processed document (pure; one self-contained page).

    ``document``: an :class:`extract.pipeline.Document` (``text``, ``sections``,
    ``sentences``, ``records``, ``checks``, ``path``, ``year``, ``encoding``).
    """
    text: str = document.text
    records = list(document.records)
    sections = list(getattr(document, "sections", None) or [])
    checks = list(getattr(document, "checks", None) or [])
    dumped = [r.model_dump(mode="json") for r in records]
    placed, unplaced = layout(text, records)
    path = getattr(document, "path", None)
    name = title or path or "(text)"

    anchors = [(s.start, f"sec-{k}") for k, s in enumerate(sections)]
    body = _body_text(text, placed, dumped, anchors)

    # Legend, label filter and counts.
    counts: dict[str, int] = {}
    for r in dumped:
        counts[str(r["label"])] = counts.get(str(r["label"]), 0) + 1
    labels = [lab for lab in LABELS if lab in counts] + sorted(lab for lab in counts if lab not in LABELS)
    legend = "".join(f'<button type="button" class="{_attr(_cls(lab))}" data-kind="{_attr(lab)}" '
                     f'title="Dim or restore {_attr(lab)}">{_esc(lab)} <span class="count">{counts[lab]}</span></button>'
                     for lab in labels) or '<span class="empty">no records</span>'
    options = "".join(f'<option value="{_attr(lab)}">{_esc(lab)} ({counts[lab]})</option>' for lab in labels)

    # Sections navigation, with the number of records in each.
    starts = sorted(r.start for r in records)

    def n_in(a: int, b: int) -> int:
        return bisect.bisect_left(starts, b) - bisect.bisect_left(starts, a)

    nav = []
    first = sections[0].start if sections else len(text)
    nav.append(f'<li><a href="#doc">(before the first heading)</a> <span class="count">{n_in(0, first)}</span></li>')
    for k, s in enumerate(sections):
        nav.append(f'<li><a href="#sec-{k}">{_esc(s.title)}</a> <span class="count">{n_in(s.start, s.end)}</span></li>')
    nav.append('<li><a href="#table">Records table</a></li><li><a href="#checks">Consistency checks</a></li>')

    # Records table (document order).
    rows = []
    for i, r in sorted(enumerate(dumped), key=lambda p: (p[1]["start"], p[0])):
        lab = str(r["label"])
        others = "; ".join(f"{k}={_fmt(v)}" for k, v in _fields(r)  # the set ones; context has its columns
                           if v not in (None, [], "") and k not in CONTEXT_FIELDS)
        ctx = lab in NUMERIC_LABELS
        rows.append(
            f'<tr id="row{i}" data-i="{i}" data-kind="{_attr(lab)}">'
            f'<td class="num">{i}</td>'
            f'<td><span class="tag {_attr(_cls(lab))}">{_esc(lab)}</span></td>'
            f'<td>{_esc(r["text"])}</td>'
            f'<td class="num">{_esc(r["start"])}</td>'
            f'<td class="num" data-sort="{_attr(_sort_key(r))}">{_esc(_summary(r))}</td>'
            f'<td>{_esc(r.get("section") if ctx else "")}</td>'
            f'<td class="num">{_esc(r.get("sentence") if ctx else "")}</td>'
            f'<td>{_esc(r.get("subject") if ctx else "")}</td>'
            f'<td class="num">{_esc(r.get("part_of") if ctx else "")}</td>'
            f'<td>{_esc(_fmt(r.get("each")) if ctx else "")}</td>'
            f'<td>{_esc(others)}</td></tr>')

    index_of: dict[int, int] = {}
    for i, r in enumerate(records):
        index_of.setdefault(r.start, i)
    checks_html = ("<ul class=\"checks\">" + "".join(_check_html(c, index_of, dumped) for c in checks) + "</ul>"
                   if checks else '<p class="empty">No consistency checks: no total with its parts (其中/包括) found.</p>')

    unplaced_html = ""
    if unplaced:
        items = "".join(f'<li>{_mark(i, dumped[i])} <span class="count">[{_esc(records[i].start)}–'
                        f'{_esc(records[i].end)}]</span><span class="reason">{_esc(why)}</span></li>'
                        for i, why in unplaced)
        unplaced_html = (f'<section class="panel unplaced" id="unplaced"><h2>Records not placed in the text '
                         f'({len(unplaced)})</h2><ul>{items}</ul></section>')

    n_lines = len(_LINE_BREAK.findall(text)) + 1 if text else 0
    meta_items = [("characters", len(text)), ("lines", n_lines), ("records", len(records)),
                  ("sections", len(sections)), ("sentences", len(getattr(document, "sentences", None) or [])),
                  ("report year", getattr(document, "year", None)), ("encoding", getattr(document, "encoding", None)),
                  ("checks", len(checks))]
    meta = "".join(f"<span>{_esc(k)}: <b>{_esc(_fmt(v))}</b></span>" for k, v in meta_items)

    css = _CSS
    js = _JS
    csp = (f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    data = _json_script({"doc": path, "records": dumped})

    return "".join([
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{_attr(csp)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="extract show">\n',
        f"<title>{_esc(name)} — extract</title>\n<style>{css}</style>\n</head>\n<body>\n",
        f'<header><h1>{_esc(name)}</h1><div class="meta">{meta}</div></header>\n',
        '<div class="layout">\n<aside class="side">\n',
        f'<h2>Legend</h2><div class="legend">{legend}</div>\n',
        '<div class="opts"><label><input type="checkbox" id="opt-labels" checked> label badges</label>'
        '<label><input type="checkbox" id="opt-eol"> line-end marks (↵ LF, CR↵ CRLF)</label></div>\n',
        f'<h2>Sections</h2><nav><ol>{"".join(nav)}</ol></nav>\n',
        '</aside>\n<main class="main">\n',
        f'<section class="panel"><div class="doc" id="doc">{body}</div></section>\n',
        unplaced_html,
        '<section class="panel" id="table"><h2>Records</h2>\n<div class="filters">'
        '<input type="search" id="q" placeholder="filter: text, value, subject…" aria-label="filter records">'
        f'<select id="label-filter" aria-label="label"><option value="">all labels</option>{options}</select>'
        f'<span class="count"><span id="shown">{len(records)}</span> of {len(records)} shown</span></div>\n'
        '<table id="records"><thead><tr><th>#</th><th>label</th><th>text</th><th>start</th><th>value</th>'
        '<th>section</th><th>sentence</th><th>subject</th><th>part of</th><th>each</th><th>fields</th></tr></thead>\n'
        f'<tbody>{"".join(rows)}</tbody></table></section>\n',
        f'<section class="panel" id="checks"><h2>Consistency checks ({len(checks)})</h2>{checks_html}</section>\n',
        '</main>\n</div>\n',
        '<aside id="detail" hidden><button type="button" class="close" aria-label="close">×</button>'
        '<h3></h3><dl></dl></aside>\n',
        f'<script type="application/json" id="report-data">{data}</script>\n',
        f"<script>{js}</script>\n</body>\n</html>\n",
    ])
