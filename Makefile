# agent-desk: the two commands are `make run` (the app on demo data) and `make test`.
# Both set up .venv from pyproject.toml first; nothing needs to be installed by hand.

PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system-deps run test lint translations bench-demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("agent-desk needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: system-deps $(STAMP)

# Qt's runtime libraries, fonts with Hebrew, and the PostgreSQL server the tests start.
system-deps:
	@bash tools/system-deps.sh

# Options for the app go in ARGS, e.g. make run ARGS="--lang he" (Hebrew) or ARGS="--view lead".
# No display (a server, a container, CI): the app runs on a virtual X server instead of
# aborting; with a display it opens there.
run: setup
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ] && command -v xvfb-run >/dev/null 2>&1; then \
		echo "agent-desk: no display; starting on a virtual one (xvfb-run)"; \
		xvfb-run -a -s "-screen 0 1366x768x24" $(BIN)/agent-desk $(ARGS); \
	else \
		$(BIN)/agent-desk $(ARGS); \
	fi

lint: setup
	$(BIN)/ruff check agent_desk tests bench tools migrations

test: setup lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

translations: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tools/i18n.py update

bench-demo: setup
	$(BIN)/python bench/demo_data.py --backend sqlite --customers 100000
	$(BIN)/python bench/demo_data.py --backend postgresql --customers 100000

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
