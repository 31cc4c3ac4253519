# Trellis: `make run` starts the app, `make test` runs every test. Both set up .venv first,
# installing exactly the versions in requirements.lock (the set the suite last passed on).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run demo test lint bench screenshots system-deps system-deps-window upgrade-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Hashes make pip refuse anything but the tested files; the project itself goes in
# without resolving again, so nothing newer can slip in beside the lock.
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

# Upgrading is a deliberate step: resolve the newest allowed versions into the lock,
# install them, check PySide6 for the None leak (#4), and run the whole suite.
upgrade-deps: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
		--generate-hashes --no-header --upgrade --quiet -o requirements.lock
	rm -f $(STAMP)
	$(MAKE) $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/pyside_none_refcount.py
	$(MAKE) test

system-deps:
	@sh tools/system-deps.sh offscreen

system-deps-window:
	@sh tools/system-deps.sh window

run: system-deps-window $(STAMP)
	$(BIN)/python app.py

demo: system-deps-window $(STAMP)
	$(BIN)/python app.py --demo

test: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

screenshots: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.screenshots docs/screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
