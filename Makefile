# Developer entry points; README.md names the two that matter: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run demo test lint typecheck unit system-deps bench clean i18n i18n-extract i18n-update i18n-compile

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Install (once) and open the desktop app on your own profile; `make demo` for sample data.
run: $(STAMP)
	$(BIN)/accountwatch $(ARGS)

demo: $(STAMP)
	$(BIN)/accountwatch --demo

## Install everything the tests need (system packages too) and run the whole suite.
test: system-deps $(STAMP) lint typecheck unit

system-deps:
	tools/install-system-deps

lint: $(STAMP)
	$(BIN)/ruff check app tests bench tools packaging
	$(BIN)/ruff format --check app tests bench tools packaging

typecheck: $(STAMP)
	$(BIN)/mypy

# The real Secret Service (gnome-keyring in a private D-Bus session) backs the keyring tests.
unit: $(STAMP)
	ACCOUNTWATCH_REQUIRE_KEYRING=1 QT_QPA_PLATFORM=offscreen tools/with-keyring $(BIN)/pytest $(PYTEST_ARGS)

## Translations (README "Languages"): extract the strings, merge them into each .po, compile.
i18n: i18n-extract i18n-update i18n-compile

i18n-extract: $(STAMP)
	$(BIN)/python tools/i18n.py extract

i18n-update: $(STAMP)
	$(BIN)/python tools/i18n.py update

i18n-compile: $(STAMP)
	$(BIN)/python tools/i18n.py compile

## Packages (README "Packages"): sdist and wheel in dist/, the desktop app in dist/AccountWatch/.
.PHONY: wheel package icons ci-package

wheel: $(STAMP)
	$(BIN)/python -m pip install --quiet build
	$(BIN)/python -m build --outdir dist .

package: $(STAMP)
	packaging/build.sh

# After changing resources/icons/accountwatch.svg: the PNG sizes, .ico and .icns (committed).
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/render_icons.py

# What CI runs after `make test`: wheel in a fresh venv, validators, frozen app, each smoke-run.
ci-package: $(STAMP)
	tools/ci-package

bench: $(STAMP)
	# Under a real keyring, as on a desktop: the fingerprint key lives there, not in a file.
	tools/with-keyring $(BIN)/python bench/check_scale.py
	tools/with-keyring $(BIN)/python bench/edit_scale.py
	QT_QPA_PLATFORM=offscreen tools/with-keyring $(BIN)/python bench/startup.py
	QT_QPA_PLATFORM=offscreen tools/with-keyring $(BIN)/python bench/pages.py
	QT_QPA_PLATFORM=offscreen tools/with-keyring $(BIN)/python bench/findings_page.py
	QT_QPA_PLATFORM=offscreen tools/with-keyring $(BIN)/python bench/weekly_check.py
	tools/with-keyring $(BIN)/python bench/password_scale.py
	$(BIN)/python bench/breach_lookup.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
