"""The call-script engine: guided retention call scripts, Qt-free.

* :mod:`~agent_desk.scripts.loader` reads a YAML script into a :class:`Script` (file:line:column
  on every problem); :mod:`~agent_desk.scripts.lint` checks it (references, reachability,
  dead ends, loops, translations, variables, codes, and that "cancel now" is always there).
* :class:`ScriptRunner` walks a script during a call: deterministic, with back/undo, the
  objection library and a recorded path for the call log.
* :mod:`~agent_desk.scripts.facts` and :mod:`~agent_desk.scripts.variables` turn the caller
  360 into branch facts and filled-in text.
* :mod:`~agent_desk.scripts.library` holds the bundled scripts and picks one for a reason;
  :mod:`~agent_desk.scripts.publish` stores immutable versions in the database.

Nothing here imports PySide6 (``tests/test_layers.py``). The format is documented in
``docs/call-scripts.md``.
"""

from agent_desk.scripts.facts import ScriptFacts, facts_from_profile
from agent_desk.scripts.library import bundled_dir, load_bundled_scripts, script_language, select_script
from agent_desk.scripts.lint import KnownCodes, lint_file, lint_paths, lint_script, lint_text
from agent_desk.scripts.loader import LoadResult, load_file, load_script, load_text
from agent_desk.scripts.model import (
    CAPTURE_FIELDS,
    CaptureKind,
    LintMessage,
    Script,
    ScriptError,
    Severity,
    StepKind,
)
from agent_desk.scripts.runner import (
    CapturePrompt,
    Choice,
    PathEntry,
    RecordedAction,
    RenderedStep,
    RunnerError,
    RunnerState,
    ScriptRunner,
)
from agent_desk.scripts.variables import Segment, format_date, format_price

__all__ = [
    "CAPTURE_FIELDS",
    "CaptureKind",
    "CapturePrompt",
    "Choice",
    "KnownCodes",
    "LintMessage",
    "LoadResult",
    "PathEntry",
    "RecordedAction",
    "RenderedStep",
    "RunnerError",
    "RunnerState",
    "Script",
    "ScriptError",
    "ScriptFacts",
    "ScriptRunner",
    "Segment",
    "Severity",
    "StepKind",
    "bundled_dir",
    "facts_from_profile",
    "format_date",
    "format_price",
    "lint_file",
    "lint_paths",
    "lint_script",
    "lint_text",
    "load_bundled_scripts",
    "load_file",
    "load_script",
    "load_text",
    "script_language",
    "select_script",
]
