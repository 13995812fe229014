# The two set-up commands of the README are `make run` and `make test`; both create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test` (0 runs the suite in one process); one test file stays on
# one worker, so a file's module-wide server or browser starts once.
TEST_WORKERS ?= 2

.PHONY: install run test lint format translations-extract translations-update translations-compile

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/raviv db upgrade
	$(BIN)/raviv demo --if-missing
	$(BIN)/raviv serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The web pages' texts (docs/web.md): French in the code, English in the catalog. The service
# compiles the .po in memory when it starts; `translations-compile` checks that it compiles.
TRANSLATIONS := raviv/web/translations
translations-extract: install
	$(BIN)/pybabel extract -F raviv/web/babel.cfg -k N_ -k gettext:2 --no-location --sort-output \
	  --project raviv --copyright-holder raviv -o $(TRANSLATIONS)/messages.pot .

translations-update: translations-extract
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

translations-compile: install
	$(BIN)/pybabel compile -d $(TRANSLATIONS) --statistics
