"""The style sheet and the one small script of the ``docconv inspect --html`` page.

Both are inlined into the page (it must open from a mail attachment or an archive with no
network). The page's Content-Security-Policy allows exactly this script (by its SHA-256
hash, :func:`script_hash`), so even a mistake in escaping could not run a script that came
with the input. The page works without the script: the filters are radio buttons and CSS
(``:has``), the links between the two sides are anchors; the script only highlights, on
hover, the input lines of the block under the pointer (and the block of a line).
"""

from __future__ import annotations

import base64
import hashlib

#: Colours for the kinds of removal, in order of how often each kind occurs (cycled).
KIND_COLOURS = (
    "#d94841",
    "#e08a00",
    "#8e44ad",
    "#2d7dd2",
    "#c2185b",
    "#6d4c41",
    "#00897b",
    "#7cb342",
    "#5c6bc0",
    "#f4511e",
)

#: Colours marking which block a kept line went to (the left border on both sides, cycled).
BLOCK_COLOURS = ("#3b82f6", "#10b981", "#f59e0b", "#8b5cf6", "#ec4899", "#14b8a6")

CSS = """
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--hl:#fff3b0}
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans",sans-serif;
 color:var(--fg);background:var(--bg)}
header{padding:12px 16px;border-bottom:1px solid var(--line);background:var(--soft)}
header h1{font-size:18px;margin:0 0 6px;word-break:break-all}
header .app{color:var(--muted);font-size:12px;margin:0}
dl.facts{display:flex;flex-wrap:wrap;gap:2px 20px;margin:6px 0}
dl.facts div{display:flex;gap:6px;min-width:0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;word-break:break-word}
.counts{margin:6px 0;font-weight:600}
ul.legend,ul.kinds{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 14px}
ul.warnings{margin:4px 0;padding-left:20px;color:#9a3412}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:4px;
 background:var(--kc,#999)}
.filters{margin:6px 0}
.filters label{margin-right:12px;cursor:pointer}
details.steps table{border-collapse:collapse;font-size:12px}
details.steps td,details.steps th{border:1px solid var(--line);padding:1px 6px;text-align:right}
details.steps td:first-child,details.steps th:first-child{text-align:left}
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);height:100vh}
.pane{overflow:auto;padding:0 12px 40vh}
.pane>h2{position:sticky;top:0;margin:0 -12px;padding:6px 12px;font-size:14px;background:var(--soft);
 border-bottom:1px solid var(--line);z-index:1}
#input{border-right:1px solid var(--line)}
.ln{display:flex;gap:6px;align-items:baseline;padding:0 4px;border-left:4px solid transparent;
 white-space:pre-wrap;word-break:break-word}
.ln .o{flex:0 0 auto;min-width:5.2em;color:var(--muted);font:12px ui-monospace,monospace;text-decoration:none;
 text-align:right}
.ln .m{flex:0 0 4.6em;white-space:nowrap;overflow:hidden;font:12px ui-monospace,monospace;color:var(--muted);
 text-decoration:none}
.ln .t{flex:1 1 auto;min-width:0}
.ln .why{flex:0 0 auto;font-size:11px;color:#fff;background:var(--kc,#999);border-radius:3px;padding:0 4px}
.ln.s-removed{background:color-mix(in srgb,var(--kc,#999) 12%,transparent);border-left-color:var(--kc,#999)}
.ln.s-removed .t{color:#57606a;text-decoration:line-through;text-decoration-color:var(--kc,#999)}
.ln.s-title .t,.ln.s-heading .t{font-weight:700}
.ln.s-title .t{font-size:1.1em}
.ln.s-joined .m{opacity:.55}
.ln.s-structure{background:#eef6ee}
.ln.s-unaccounted{background:#fff1a8;outline:1px solid #d4a72c}
.ln.chg .m::after{content:"\\2731";color:#b45309;margin-left:2px}
.ln.unsure{border-left-color:#c2410c;background:#fff7ed}
.ln.unsure .m::before{content:"\\2248";color:#c2410c;margin-right:2px}
.ln:target,.blk:target{outline:2px solid #0969da;outline-offset:-2px}
.ln.hl,.blk.hl{background:var(--hl)}
mark{background:#fde68a;color:inherit;border-bottom:2px solid #b45309;padding:0 1px}
mark.ins{background:none;color:#b45309}
.cc{font:11px ui-monospace,monospace;color:#b91c1c;background:#fee2e2;border-radius:2px}
.page{margin:8px 0 4px;padding:2px 4px;font-size:12px;color:var(--muted);border-top:2px dashed var(--line)}
.struct{font-size:12px;overflow:auto;max-height:24em}
.struct figure,.struct ul,.struct ol,.struct p{margin:2px 0}
.struct-out figure{margin:4px 0}
.struct pre,#output pre{margin:2px 0;white-space:pre-wrap;font:12px ui-monospace,monospace}
.struct table,#output table{border-collapse:collapse;margin:4px 0}
.struct td,.struct th,#output td,#output th{border:1px solid var(--line);padding:2px 6px;vertical-align:top}
#output article{max-width:52em}
#output .blk{border-left:4px solid var(--bc,transparent);padding-left:8px;margin-left:0;margin-right:0}
#output .src{float:right;margin-left:8px;font:11px ui-monospace,monospace;color:var(--muted);text-decoration:none}
#output .bn{font:11px ui-monospace,monospace;color:var(--muted);margin-right:6px;text-decoration:none}
#output figure img{max-width:100%;height:auto}
#output .footnote{font-size:.9em;color:#444}
.empty{color:var(--muted);font-style:italic}
body:has(#f-removed:checked) #input .ln:not(.s-removed),
body:has(#f-changed:checked) #input .ln:not(.chg),
body:has(#f-kept:checked) #input .ln.s-removed,
body:has(#f-unaccounted:checked) #input .ln:not(.s-unaccounted),
body:has(#f-unsure:checked) #input .ln:not(.unsure){display:none}
body:has(#f-removed:checked) #input .page,body:has(#f-changed:checked) #input .page,
body:has(#f-unaccounted:checked) #input .page,body:has(#f-unsure:checked) #input .page{display:none}
@media (max-width:900px){
 main{grid-template-columns:1fr;height:auto}
 .pane{overflow:visible;padding-bottom:16px}
 #input{border-right:0;border-bottom:1px solid var(--line)}
}
@media print{main{height:auto;grid-template-columns:1fr}.pane{overflow:visible}.filters{display:none}}
"""

#: Hover on a block (right) or a line (left): light up the block and all its input lines.
SCRIPT = """(function(){
var lit=[],cur=null;
function light(b){
 if(b===cur)return;
 for(var i=0;i<lit.length;i++)lit[i].classList.remove('hl');
 lit=[];cur=b;
 if(b===null)return;
 var found=document.querySelectorAll('[data-b="'+b+'"]');
 for(var j=0;j<found.length;j++){found[j].classList.add('hl');lit.push(found[j]);}
}
document.addEventListener('mouseover',function(ev){
 var el=ev.target&&ev.target.closest?ev.target.closest('[data-b]'):null;
 light(el?el.getAttribute('data-b'):null);
});
})();"""


def script_hash(script: str = SCRIPT) -> str:
    """The CSP source that allows ``script`` inline: ``'sha256-BASE64'``."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def kind_rules(count: int) -> str:
    """CSS giving removal kinds ``k0``.. and blocks ``c0``.. their colours (``--kc``, ``--bc``)."""
    rules = [f".k{i}{{--kc:{KIND_COLOURS[i % len(KIND_COLOURS)]}}}" for i in range(count)]
    rules += [f".c{i}{{--bc:{c}}}" for i, c in enumerate(BLOCK_COLOURS)]
    rules.append(".ln[data-b]{border-left-color:var(--bc)}")
    return "\n".join(rules)
