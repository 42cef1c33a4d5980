"""sitegen: site chrome drawn at random from a taxonomy, to measure cleaning honestly.

Renders gold documents (clean Markdown) as inputs from document-sharing sites, portals,
forums, blogs and news sites: scraped text (.txt), saved pages (.html) and PDFs (.pdf), each
in the style of one *family*, a coherent made-up site with its own words, separators,
layout habits and page-number style. Some families are held out: docconv's rules must never
be written from them, so that their scores show how the cleaning does on sites it has
never seen (tests/test_sitegen.py fails if a held-out family's distinctive words appear in
the rule files or in src/convert's sources).

Usage, from the repository root::

    .venv/bin/python -m scripts.sitegen --out /tmp/sg-heldout --split heldout --docs 8
    .venv/bin/python -m scripts.sitegen --out /tmp/sg-tuning --split tuning --seed 3 --formats txt,html
    .venv/bin/docconv convert /tmp/sg-heldout/inputs/*.{txt,html,pdf} -t md -o /tmp/sg-heldout/out -q
    .venv/bin/python ../shared/corpus/dev/score.py /tmp/sg-heldout/inputs/manifest.json \\
        docconv=/tmp/sg-heldout/out

Options: ``--out DIR`` (required), ``--split tuning|heldout|all`` (default heldout),
``--seed N`` (default 1; the same seed gives byte-identical files), ``--formats txt,html,pdf``,
``--docs N`` (gold documents, about a third English; each is rendered once per format, by a
different family of the split where there are enough).

Output, laid out as ``../shared/corpus/dev`` so that its ``score.py`` scores it unchanged:
``DIR/inputs/<doc>-<format>-<family>.<format>``, ``DIR/gold/<doc>.md`` and
``DIR/inputs/manifest.json`` with ``cases: [{id, path, format, lang, gold, furniture: [{kind,
text}], family, split, ...}]``, every injected furniture string listed exactly (a rotated PDF
watermark is listed with ``"match": "line-chars"``, as the dev corpus does).

Data (``scripts/sitegen/data``, UTF-8 TOML):

- ``kinds.toml``: the taxonomy of chrome kinds (breadcrumbs, bylines, widgets, share bars,
  previous/next, related lists, tags, comments, login walls, prices, QR/app prompts,
  contacts, disclaimers, copyright, ICP numbers, pagination, preview walls, running headers,
  watermarks, page numbers, ads, summaries, editor's blurbs, cookie banners);
- ``families/*.toml``: one family each: site name and domain, ``[forms]`` (surface forms per
  kind, with placeholders, see ``forms.py``), ``[vocab]`` (its word lists) and ``[layout]``
  (wrapping, indent, lines per page, encodings, CRLF, separators, which kinds go where in
  each format, HTML line elements, PDF header/footer/watermark);
- ``splits.toml``: the tuning and held-out families, recorded only there;
- ``generic.toml``: words every site may use (they may recur across families and in rules);
  everything else in a family is its distinctive vocabulary (``vocab.py``);
- ``fillers.toml``: people, user names and other documents' titles (not vocabulary).

Gold documents: ``../shared/corpus/dev/gold/*.md`` when present, the seed speech
(``tests/data/speech.gold.md``) and ``tests/data/sitegen_gold/*.md``.

Modules: ``families`` (loading and checking the data), ``vocab`` (distinctive words and the
honesty checks), ``forms`` (filling templates), ``gold`` (gold documents), ``wrap`` (line
wrapping and pages), ``chrome`` (furniture record, what goes where), ``render_txt``,
``render_html``, ``render_pdf``, ``build`` (cases and manifest), ``__main__`` (command line).
"""
