# The two commands of the README: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
PORT   ?= 8000
HOST   ?= 127.0.0.1

.PHONY: run test test-ready setup translations translations-extract lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# The tests include the optional embeddings backend. torch first, pinned to the CPU build, so that pip
# never resolves plain torch (a CUDA build of several GB).
$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,embeddings]'
	touch $@ $(VENV)/.run-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.run-installed translations

## Compile the interface translations (translations/<lang>/LC_MESSAGES/messages.mo).
translations: $(VENV)/.run-installed
	@$(BIN)/pybabel -q compile -f -d translations

## Re-extract interface strings and merge them into every catalogue.
translations-extract: $(VENV)/.run-installed
	$(BIN)/pybabel extract -F translations/babel.cfg -k _l -k lazy_pgettext:1c,2 --no-location --sort-output --project surveyapp -o translations/messages.pot surveyapp
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching

run: setup
	@mkdir -p instance
	@$(FLASK) db upgrade
	@$(FLASK) demo
	@echo ""
	@echo "  surveyapp is starting on http://$(HOST):$(PORT)/"
	@echo "  Demo survey (public link):   http://$(HOST):$(PORT)/s/demo"
	@echo "  In Spanish / Arabic:         http://$(HOST):$(PORT)/s/demo?lang=es  ·  ?lang=ar"
	@echo "  Continue with a saved code:  http://$(HOST):$(PORT)/r"
	@echo "  Kiosk (shared tablet):       http://$(HOST):$(PORT)/k/demo-kiosk   (unlock as liaison@demo.test)"
	@echo "  Focus-group sign-up:         http://$(HOST):$(PORT)/g/demo-group"
	@echo "  Staff sign-in:               http://$(HOST):$(PORT)/login   (demo logins and password above)"
	@echo "  Core team's dashboard:       http://$(HOST):$(PORT)/team/   (sign in as analyst@demo.test)"
	@echo "  Health check:                http://$(HOST):$(PORT)/healthz"
	@echo ""
	$(BIN)/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT)

## What the suite needs: the test packages, axe-core (node_modules) and the compiled translations.
test-ready: $(VENV)/.test-installed node_modules/.installed translations

test: test-ready
	$(BIN)/pytest -q

## Lint and check the formatting of everything, and type-check analysis/ and surveyapp/services/
## (pyproject.toml [tool.mypy]).
lint: $(VENV)/.test-installed
	$(BIN)/ruff check surveyapp analysis tests bench
	$(BIN)/ruff format --check surveyapp analysis tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) node_modules instance .pytest_cache .ruff_cache .mypy_cache
