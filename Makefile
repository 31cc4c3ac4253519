# Trellis: `make run` starts the app, `make test` runs every test. Both set up .venv first,
# installing exactly the versions in requirements.lock (the set the suite last passed on).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run demo test lint bench screenshots system-deps system-deps-window system-deps-screens upgrade-deps clean \
	fuzz stress install-desktop uninstall-desktop

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Hashes make pip refuse anything but the tested files; the project itself goes in
# without resolving again, so nothing newer can slip in beside the lock.
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

# jrnl, measured beside the journal (#10), goes in only for `make bench`, from its own
# hashed lock: requirements.lock's pins plus the `bench` extra (made by upgrade-deps).
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): requirements-bench.lock $(STAMP)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-bench.lock
	$(BIN)/python -m pip check
	touch $(BENCH_STAMP)

# Upgrading is a deliberate step: resolve the newest allowed versions into the lock,
# install them, check PySide6 for the None leak (#4), and run the whole suite.
upgrade-deps: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
		--generate-hashes --no-header --upgrade --quiet -o requirements.lock
	cp requirements.lock requirements-bench.lock
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bench --universal --python-version 3.11 \
		--generate-hashes --no-header --quiet -o requirements-bench.lock
	rm -f $(STAMP) $(BENCH_STAMP)
	$(MAKE) $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/pyside_none_refcount.py
	$(MAKE) test

system-deps:
	@sh tools/system-deps.sh offscreen

system-deps-window:
	@sh tools/system-deps.sh window

system-deps-screens:
	@sh tools/system-deps.sh screens

run: system-deps-window $(STAMP)
	$(BIN)/python app.py

demo: system-deps-window $(STAMP)
	$(BIN)/python app.py --demo

test: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Every row of #9's table at 1k and 10k agreements (100k too with BENCH_FULL=1), each
# against its floor measured in the same run; REPEAT runs per size, medians printed.
REPEAT ?= 3
bench: system-deps $(STAMP) $(BENCH_STAMP)
	QT_QPA_PLATFORM=offscreen BENCH_FULL=$(BENCH_FULL) $(BIN)/python -m bench --repeat $(REPEAT)

# Every screen at 900x600 and 1400x900, light and dark, each size in its own Xvfb with a
# window manager if one is installed (offscreen, without frames, when xvfb-run is missing).
screenshots: system-deps-screens $(STAMP)
	$(BIN)/python -m tools.screenshots docs/screenshots

# The desktop menu entry, its icon and AppStream data, for this user only (no root).
# The entry starts app.py with this checkout's .venv; both absolute paths are filled in
# here, so run it again after moving the checkout.
APP_ID    := org.trellisworkbook.Trellis
DATA_HOME ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)
DESKTOP   := $(DATA_HOME)/applications/$(APP_ID).desktop
ICON      := $(DATA_HOME)/icons/hicolor/scalable/apps/$(APP_ID).svg
METAINFO  := $(DATA_HOME)/metainfo/$(APP_ID).metainfo.xml
install-desktop: $(STAMP)
	mkdir -p "$(dir $(DESKTOP))" "$(dir $(ICON))" "$(dir $(METAINFO))"
	sed -e 's|@PYTHON@|$(abspath $(BIN))/python|g' -e 's|@APP@|$(CURDIR)/app.py|g' \
		-e 's|@CHECKOUT@|$(CURDIR)|g' resources/desktop/$(APP_ID).desktop.in > "$(DESKTOP)"
	install -m 0644 resources/icons/trellis.svg "$(ICON)"
	install -m 0644 resources/desktop/$(APP_ID).metainfo.xml "$(METAINFO)"
	@command -v update-desktop-database >/dev/null 2>&1 && \
		update-desktop-database -q "$(dir $(DESKTOP))" || true
	@echo "Trellis is in your desktop menu (Office). make uninstall-desktop takes it out."

uninstall-desktop:
	rm -f "$(DESKTOP)" "$(ICON)" "$(METAINFO)"
	@command -v update-desktop-database >/dev/null 2>&1 && \
		update-desktop-database -q "$(dir $(DESKTOP))" || true

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Damaged copies of one known vault, read through the models with a time limit each;
# ends with "fuzz: N cases, E unhandled, H hangs, W silent wrong" (DEVELOPERS.md).
CASES ?= 10000
SEED  ?= 1
fuzz: $(STAMP)
	$(BIN)/python -m tools.fuzz_vault --cases $(CASES) --seed $(SEED)

# SIGKILL during writes (ROUNDS) and password changes (ROUNDS/5); ends with
# "stress: N rounds, K killed mid-write, L lost" and fails when anything was lost.
ROUNDS ?= 1000
stress: $(STAMP)
	$(BIN)/python -m tools.stress_vault --rounds $(ROUNDS)
