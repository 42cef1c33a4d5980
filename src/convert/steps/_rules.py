"""The form of a line that the rule files' patterns are matched against, shared by the steps
that match them (``furniture``, ``ads``) so that each line is normalised once."""

from __future__ import annotations

from convert.core.rules import normalize
from convert.core.textutil import per_line

#: :func:`~convert.core.rules.normalize` (NFKC, white space collapsed), once per line text.
rule_text = per_line(normalize)
