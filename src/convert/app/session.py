"""A :class:`Session`: everything one run converts with, passed around as one object.

The registry (what the plugins contributed), the options, the writers asked for and the
merged rule set travel together from the command line to the pipeline, the batch workers
and sync, instead of as three or four separate arguments.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from convert.core.contracts import Context, Options, Step, Writer
from convert.core.rules import RuleSet

from .limits import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT  # (its home is limits; kept importable here)
from .limits import Limits
from .plugins import Registry


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    """One run's registry, options, writers and rules.

    :param registry: the loaded plugins' readers, steps, writers and rule files.
    :param options: the conversion options (steps switched on or off, rule files, writer options).
    :param writers: the output formats asked for, in order (empty for ``clean``/``inspect``).
    :param rules: the merged rule set (built-in, plugins', ``options.rule_files``).
    :param limits: the run's resource limits (memory per worker, input size, run time).
    """

    registry: Registry
    options: Options = field(default_factory=Options)
    writers: tuple[Writer, ...] = ()
    rules: RuleSet = field(default_factory=RuleSet)
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def create(
        cls,
        registry: Registry,
        options: Options | None = None,
        writers: Sequence[Writer] = (),
        limits: Limits | None = None,
    ) -> Session:
        """A session whose rules are merged once, here (a bad rule file raises
        :class:`~convert.core.errors.ConversionError` before any file is read)."""
        options = options or Options()
        return cls(
            registry=registry,
            options=options,
            writers=tuple(writers),
            rules=registry.rules(options.rule_files),
            limits=limits or Limits(),
        )

    @property
    def read_options(self) -> Options:
        """The options a reader gets: :attr:`options` with the registry's recognizer (OCR)
        in ``recognizer`` (none with ``--ocr never``). Set here, per read, not in
        :attr:`options`, which stay plain values that pickle (a cluster sends them)."""
        recognizer = self.registry.recognizer() if self.options.ocr != "never" else None
        if recognizer is None or self.options.recognizer is not None:
            return self.options
        return dataclasses.replace(self.options, recognizer=recognizer)

    @property
    def context(self) -> Context:
        """What each cleaning step gets besides the document."""
        return Context(options=self.options, rules=self.rules)

    def steps(self) -> list[Step]:
        """The steps that run, in order: enabled by default or asked for, and not switched off."""
        opts = self.options
        return [
            s
            for s in self.registry.ordered_steps()
            if (s.default_enabled or s.name in opts.enabled_steps) and s.name not in opts.disabled_steps
        ]
