"""YAML from outside, read safely: no anchors or aliases, and a depth limit.

Every file the desk reads from people (call scripts, the offer catalog) goes through here.
PyYAML's ``SafeLoader`` refuses arbitrary Python objects but not the two other ways a tiny
file can hurt the reader:

* **aliases** (``&a`` … ``*a``): each alias is the whole anchored node again, so nine lines of
  ``[*a, *a, *a, …]`` make a billion entries for any code that walks the result (the
  "billion laughs"). A data file never needs them, so they are refused outright, with the
  place of the first ``&`` or ``*``;
* **nesting**: ``[[[[…]]]]`` ten thousand deep overflows Python's recursion in the composer
  and anything that walks the tree later. More than :data:`MAX_DEPTH` levels is refused.

Errors are :class:`yaml.MarkedYAMLError` subclasses, so callers that already report a YAML
syntax error with its line and column report these the same way. Qt-free.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError

MAX_DEPTH = 50  # a real script or catalog is under 15 levels deep
_WRITE_OUT = "write the value out in full"


class UnsafeYamlError(ComposerError):
    """The file uses a YAML feature the desk does not accept from outside."""


class SafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses anchors, aliases and nesting deeper than MAX_DEPTH."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise UnsafeYamlError(None, None, f"aliases (*{event.anchor}) are not allowed here: {_WRITE_OUT}",
                                  event.start_mark)
        if getattr(event, "anchor", None):
            raise UnsafeYamlError(None, None, f"anchors (&{event.anchor}) are not allowed here: {_WRITE_OUT}",
                                  event.start_mark)
        nests = isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent)
        if nests:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise UnsafeYamlError(None, None, f"the file nests deeper than {MAX_DEPTH} levels",
                                      event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            if nests:
                self._depth -= 1


def compose(text: str) -> yaml.Node | None:
    """The node tree of a single document (``None`` for an empty one)."""
    loader = SafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load(text: str) -> Any:
    """Plain Python data (dicts, lists, scalars) of a single document."""
    loader = SafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
