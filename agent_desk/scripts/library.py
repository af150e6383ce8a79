"""The bundled call scripts and the choice of a script for a cancellation reason.

The scripts that ship with agent-desk live in ``resources/call_scripts/*.yaml`` (in a wheel,
``agent_desk/_bundled/resources/call_scripts``). A call picks its script by the reason the
agent chose: the script that lists the reason, else one that lists its parent in the reason
tree (``too_expensive`` -> ``price``), else the general fallback script. Qt-free; the
published versions in the database are read by :mod:`agent_desk.scripts.publish`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from agent_desk.data.reference import CANCELLATION_REASONS
from agent_desk.paths import resource
from agent_desk.scripts.loader import load_script
from agent_desk.scripts.model import REQUIRED_LANGUAGES, Script

BUNDLED_FOLDER = "call_scripts"
REASON_PARENTS: Mapping[str, str | None] = {code: parent for code, parent, *_ in CANCELLATION_REASONS}


def bundled_dir() -> Path:
    return resource(BUNDLED_FOLDER)


def bundled_script_files() -> list[Path]:
    return sorted(p for p in bundled_dir().iterdir() if p.suffix in (".yaml", ".yml"))


def load_bundled_scripts() -> list[Script]:
    """Every bundled script; raises :class:`~agent_desk.scripts.model.ScriptError` on a broken one."""
    return [load_script(path) for path in bundled_script_files()]


def select_script(
    scripts: Iterable[Script],
    reason_code: str | None,
    parents: Mapping[str, str | None] = REASON_PARENTS,
) -> Script:
    """The script for a call with this reason (None: not known yet -> the general script).

    Raises LookupError when no script answers the reason and none is marked ``fallback``.
    """
    scripts = list(scripts)
    seen: set[str] = set()
    code = reason_code
    while code is not None and code not in seen:
        seen.add(code)
        for script in scripts:
            if code in script.reason_codes:
                return script
        code = parents.get(code)
    for script in scripts:
        if script.fallback:
            return script
    raise LookupError(f"no call script answers the reason {reason_code!r} and there is no fallback script")


def script_language(script: Script, preferred: str | None, screen: str) -> str:
    """The language the customer hears: their preferred one where the script has it (Hebrew
    and English always; another when the script declares it in ``languages:``), else the
    agent's screen language."""
    code = (preferred or "").strip().lower()[:2]
    if code and code in (*REQUIRED_LANGUAGES, *script.languages):
        return code
    return screen
