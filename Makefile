# Two commands for everyone: `make report` and `make test`. Everything else is set-up.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
JAREN  ?= 2026 2027

.PHONY: report test venv demo validate benchmark clean snapshots

# The venv is rebuilt whenever the lock file changes.
$(BIN)/.installed: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 ontbreekt ($(PYTHON) niet gevonden)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

venv: $(BIN)/.installed

# Builds the demo years end to end: synthetic data (only where data/raw/<jaar>/ is empty),
# papermill runs, HTML and PDF under report/<jaar>/.
report: venv
	@for jaar in $(JAREN); do \
	  $(BIN)/prestatiemonitor demo $$jaar --als-leeg || exit 1; \
	  $(BIN)/prestatiemonitor run $$jaar || exit 1; \
	done

test: venv
	$(BIN)/python -m pytest

validate: venv
	@for jaar in $(JAREN); do $(BIN)/prestatiemonitor validate $$jaar || exit 1; done

# Back-test snapshots of the demo years (tests/snapshots/<jaar>/): regenerate on purpose after an
# intended change of a number, and commit them with that change.
snapshots: venv
	$(BIN)/prestatiemonitor snapshot $(JAREN)

benchmark: venv
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) data/processed/20* report/20*
