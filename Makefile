# The two commands a newcomer needs: `make demo` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/eventsift demo
	@echo "The demo's events on a map: open http://127.0.0.1:8000/ (Ctrl-C stops the server)"
	$(VENV)/bin/eventsift serve --db sqlite:///eventsift-demo.db

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(VENV) eventsift-demo.db build *.egg-info
