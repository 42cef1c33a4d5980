"""docconv plugin: cleaning rules for 锦书文库 (Jinshu Wenku, a fictional document-sharing site).

The rules are data, in ``jinshu.toml`` beside this module (the format of docconv's own
``convert/core/default_rules.toml``); this module only hands the file to docconv through the
``register_rules`` hook. To support another site, copy the package and rewrite the TOML.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from convert import hookimpl

__version__ = "0.1.0"

#: The rule file shipped as package data.
RULES = Path(__file__).with_name("jinshu.toml")


@hookimpl
def register_rules(register: Callable[[Path], None]) -> None:
    register(RULES)
