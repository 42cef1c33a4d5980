"""Surface forms: a family's templates filled with random values.

A form is a template; ``\\n`` separates its lines. Placeholders:

- ``{name}``: a family vocabulary list (one item), or a built-in value: ``site``, ``domain``,
  ``title``, ``summary``, ``date``, ``time``, ``datetime``, ``year``, ``year0``, ``n`` (a count),
  ``small``, ``pct``, ``price``, ``coins``, ``kb``, ``mins``, ``page``, ``total``, ``pages``,
  ``left``, ``pagelist``, ``id``, ``icp``, ``gab``, ``prov``, ``phone``, ``qq``, ``wx``,
  ``email``, ``user``, ``author``, ``editor``, ``rel`` (another document's title);
- ``{name*N}``: N different items of the vocabulary list, joined with the family's separator.

Each filled line is recorded as furniture, whole; a line with a list or a summary is recorded
piece by piece (the items, the summary text, and the literal labels around them).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from .families import Family, fillers

PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)(?:\*(\d*))?\}")
CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
PROVINCES = "京沪滇浙粤苏川鄂湘闽鲁豫"


@dataclass
class Context:
    """What the forms of one case may mention."""

    title: str
    lang: str
    date: dt.date
    summary: str
    total: int = 1


@dataclass
class Filler:
    fam: Family
    rng: random.Random
    ctx: Context
    date_format: str = ""
    _fixed: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.date_format = self.rng.choice(self.fam.layout.get("date_format", ["%Y-%m-%d"]))
        self.sep = self.rng.choice(self.fam.layout.get("sep", ["  "]))

    # ---------------------------------------------------------------- values
    def value(self, name: str, page: int | None) -> str:
        r, ctx, fam = self.rng, self.ctx, self.fam
        if name in fam.vocab:
            return r.choice(fam.vocab[name])
        if name in ("site", "domain"):
            return getattr(fam, name)
        if name == "title":
            return ctx.title
        if name == "summary":
            return ctx.summary
        if name == "date":
            return self.fmt_date(ctx.date)
        if name == "time":
            return f"{r.randint(7, 22):02d}:{r.randint(0, 59):02d}"
        if name == "datetime":
            d = self.fmt_date(ctx.date)
            return d if "%H" in self.date_format else f"{d} {r.randint(7, 22):02d}:{r.randint(0, 59):02d}"
        if name == "year":
            return str(max(2024, ctx.date.year + 1))
        if name == "year0":
            return str(r.randint(2006, 2016))
        if name == "n":
            return str(r.randint(120, 98000))
        if name == "small":
            return str(r.randint(2, 98))
        if name == "pct":
            return str(r.randint(62, 99))
        if name == "price":
            return f"{r.choice([1, 2, 3, 5, 8, 9.9, 12, 19.9, 29, 88]):.2f}"
        if name == "coins":
            return str(r.randint(1, 20))
        if name == "kb":
            return f"{r.uniform(12, 900):.2f}KB"
        if name == "mins":
            return str(r.randint(2, 14))
        if name == "page":
            return str(page or 1)
        if name in ("total", "pages"):
            return str(ctx.total)
        if name == "left":
            return str(max(1, ctx.total - (page or 0)) if page else r.randint(2, 30))
        if name == "pagelist":
            return " ".join(str(i) for i in range(1, max(2, min(ctx.total, 6)) + 1))
        if name == "id":
            return str(r.randint(100000, 99999999))
        if name == "icp":
            return str(r.randint(10000000, 99999999))
        if name == "gab":
            return str(r.randint(10**13, 10**14 - 1))
        if name == "prov":
            return r.choice(PROVINCES)
        if name == "phone":
            if ctx.lang == "zh":
                return f"0{r.choice(['871', '21', '10', '27', '28', '571', '731'])}-{r.randint(60000000, 89999999)}"
            return f"01{r.randint(200, 999)} {r.randint(100000, 999999)}"
        if name == "qq":
            return str(r.randint(10**5, 3 * 10**9))
        if name == "wx":
            return f"{r.choice('abcdefghjkmnpqrstwxyz')}{r.randint(10000, 99999)}kf"
        if name == "email":
            host = fam.domain.removeprefix("www.").removeprefix("news.").removeprefix("bbs.")
            return f"{r.choice(['service', 'help', 'desk', 'contact'])}@{host}"
        if name == "user":
            return self.user()
        if name in ("author", "editor"):
            return self.person()
        if name == "rel":
            return self.related()
        raise KeyError(f"{fam.name}: unknown placeholder {{{name}}}")

    def fmt_date(self, d: dt.date) -> str:
        return d.strftime(
            self.date_format.replace("%H:%M", f"{self.rng.randint(7, 22):02d}:{self.rng.randint(0, 59):02d}")
        )

    def person(self) -> str:
        f, r = fillers()[self.ctx.lang], self.rng
        if self.ctx.lang == "zh":
            return r.choice(f["surnames"]) + r.choice(f["given"])
        return f"{r.choice(f['first'])} {r.choice(f['last'])}"

    def user(self) -> str:
        f, r = fillers()[self.ctx.lang], self.rng
        if self.ctx.lang == "zh":
            return r.choice(f["user_a"]) + r.choice(f["user_b"]) if r.random() < 0.7 else self.person()
        return r.choice(f["handle_a"]) + r.choice(f["handle_b"]) if r.random() < 0.6 else self.person()

    def related(self) -> str:
        f, r = fillers()[self.ctx.lang], self.rng
        parts = {
            "topic": r.choice(f["topic"]),
            "year": str(r.randint(2018, 2024)),
            "k": str(r.randint(3, 12)),
            "meeting": r.choice(f.get("meeting", [""])),
            "body": r.choice(f.get("body", [""])),
        }
        return r.choice(f["titles"]).format(**parts)

    def items(self, name: str, n: int | None) -> list[str]:
        pool = self.fam.vocab[name]
        if not n or n >= len(pool):
            return list(pool)
        keep = sorted(self.rng.sample(range(len(pool)), n))
        return [pool[i] for i in keep]

    # ---------------------------------------------------------------- lines
    def line(self, template: str, kind: str, page: int | None = None) -> tuple[str, list[tuple[str, str]]]:
        """One filled line and the furniture it records, as (kind, text) pairs."""
        out: list[str] = []
        pieces: list[tuple[str, str]] = []
        split = False
        literal_kind = kind
        pos = 0
        for m in PLACEHOLDER.finditer(template):
            lit = template[pos : m.start()]
            out.append(lit)
            pieces.append(("lit", lit))
            name, count = m.group(1), m.group(2)
            if count is not None:
                items = self.items(name, int(count) if count else None)
                out.append(self.sep.join(items))
                pieces += [(kind, it) for it in items]
                split = True
            else:
                val = self.value(name, page)
                out.append(val)
                if name == "summary":
                    pieces.append(("summary", val))
                    split, literal_kind = True, "summary-ui"
            pos = m.end()
        out.append(template[pos:])
        pieces.append(("lit", template[pos:]))
        text = "".join(out)
        if not split:
            return text, [(kind, text.strip())]
        rec = []
        for k, t in pieces:
            t = t.strip().strip(self.sep.strip() or " ").strip()
            if k == "lit":
                if CONTENT.search(t):
                    rec.append((literal_kind, t))
            elif t:
                rec.append((k, t))
        return text, rec

    def block(self, kind: str, page: int | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
        """The lines of one randomly chosen form of ``kind``."""
        template = self.rng.choice(self.fam.forms[kind])
        lines = template.split("\n")
        if kind == "summary":  # the lines around the summary text are its labels and toggles
            return [self.line(t, kind if "{summary}" in t else "summary-ui", page) for t in lines]
        return [self.line(t, kind, page) for t in lines]

    def fixed(self, kind: str) -> list[tuple[str, list[tuple[str, str]]]]:
        """One form of ``kind`` chosen once per case (running headers, watermarks)."""
        key = f"fixed:{kind}"
        if key not in self._fixed:
            self._fixed[key] = "\n".join(t for t, _ in self.block(kind))
        return [(t, [(kind, t.strip())]) for t in self._fixed[key].split("\n")]
