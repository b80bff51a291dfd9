# The two commands the README names: `make up` (run wagate on the embedded defaults)
# and `make test` (everything CI checks). Both install what is missing into .venv first.

VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: install services tools up test lint typecheck pytest gotest tstest n8ntest imagecheck enginehost sdk screenshots bench clean

$(STAMP): pyproject.toml sdk/python/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "wagate needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,embedded,mcp]' -e sdk/python
	@touch $(STAMP)

# the Go engine host (docs/engine-host.md): built from connector/enginehost with the
# modules go.sum pins, fetched through the Go module proxy. Every go command gets
# -trimpath, so vet and test reuse what the build compiled (without it they compile
# whatsmeow and its dependencies again: about 40 s more on a cold cache).
GO       ?= go
GOBUILD  := -trimpath
HOST_DIR := connector/enginehost
HOST_BIN := $(VENV)/bin/wagate-engine-host
HOST_SRC := $(shell find $(HOST_DIR) -name '*.go') $(HOST_DIR)/go.mod $(HOST_DIR)/go.sum

$(HOST_BIN): $(HOST_SRC) | $(VENV)/bin
	@command -v $(GO) >/dev/null || { echo "the engine host needs Go (go.mod names the version)"; exit 1; }
	cd $(HOST_DIR) && $(GO) build $(GOBUILD) -ldflags='-s -w' -o $(abspath $(HOST_BIN)) .

enginehost: $(HOST_BIN)

# the deployment files' checker (infra/check: Helm's loader and template engine, the
# Kubernetes API types, BuildKit's Dockerfile parser), which tests/infra/test_helm_chart.py
# and test_image.py run; built once, as the engine host is. Cold, it compiles Helm,
# client-go and BuildKit's parser: about 2 CPU-minutes.
INFRA_CHECK     := $(VENV)/bin/wagate-infra-check
INFRA_CHECK_DIR := infra/check

$(INFRA_CHECK): $(wildcard $(INFRA_CHECK_DIR)/*.go) $(INFRA_CHECK_DIR)/go.mod $(INFRA_CHECK_DIR)/go.sum | $(VENV)/bin
	cd $(INFRA_CHECK_DIR) && $(GO) build $(GOBUILD) -o $(abspath $(INFRA_CHECK)) .

# the TypeScript SDK's packages (sdk/typescript), as its package-lock.json pins them;
# Node.js and npm from Debian's packages where the machine has none
TS_DIR   := sdk/typescript
TS_STAMP := $(TS_DIR)/node_modules/.package-lock.json

$(TS_STAMP): $(TS_DIR)/package-lock.json
	@command -v npm >/dev/null || infra/dev/apt-install nodejs npm
	cd $(TS_DIR) && npm ci --no-audit --no-fund --loglevel=error

# the n8n community nodes (integrations/n8n): they use the SDK above through a file:
# link, and n8n-workflow for its types only; --ignore-scripts, as nothing of it runs here
# (a native dependency of n8n's expression sandbox would otherwise be compiled)
N8N_DIR   := integrations/n8n
N8N_STAMP := $(N8N_DIR)/node_modules/.package-lock.json

$(N8N_STAMP): $(N8N_DIR)/package-lock.json $(TS_STAMP)
	cd $(N8N_DIR) && npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error

install: $(STAMP) $(HOST_BIN) $(INFRA_CHECK) $(TS_STAMP) $(N8N_STAMP)

# the Go builds need only the folder they write into, not the Python packages: with
# `make -j` they compile while pip downloads
$(VENV)/bin:
	mkdir -p $@

services:
	@infra/dev/ensure-services

# promtool checks and unit-tests the Prometheus rules in infra/ (Debian's prometheus);
# the console's test drives Debian's Chromium through Debian's chromedriver; ffmpeg
# converts voice notes; the event-stream tests start their own nats-server and RabbitMQ
# node (installed only, never started as services)
tools:
	@command -v promtool >/dev/null && command -v chromium >/dev/null && \
	  command -v chromedriver >/dev/null && command -v ffmpeg >/dev/null && \
	  command -v nats-server >/dev/null && test -x /usr/lib/rabbitmq/bin/rabbitmq-server || \
	  infra/dev/apt-install prometheus chromium chromium-driver ffmpeg nats-server rabbitmq-server

# no `services` here, and no engine host (the sim engine needs no Go): with no PostgreSQL
# or Redis configured or answering, wagate up runs embedded ones (data in .wagate/)
up: $(STAMP)
	$(VENV)/bin/wagate up

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy

# two workers, a test file each at a time (a file's deployment fixtures are made once);
# the slowest 25 listed at the end, to keep the whole under its 10 minutes
PYTEST_WORKERS ?= 2

pytest: install services tools
	$(VENV)/bin/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadfile --durations=25

gotest:
	@unformatted="$$(gofmt -l $(HOST_DIR) $(INFRA_CHECK_DIR))" && test -z "$$unformatted" || { echo "gofmt -w these: $$unformatted"; exit 1; }
	cd $(HOST_DIR) && $(GO) vet $(GOBUILD) ./... && $(GO) test $(GOBUILD) ./...

# the TypeScript SDK: compiled (tsc, strict) and its tests run by node's own runner,
# offline (the webhook vectors the Python side makes, a stand-in WebSocket server); ~8 s
tstest: $(TS_STAMP)
	cd $(TS_DIR) && npm test --silent

# the n8n nodes compiled and tested offline through a stand-in of n8n's contexts (after
# tstest, which compiles the SDK they import); the stack test is in tests/integrations
n8ntest: tstest $(N8N_STAMP)
	cd $(N8N_DIR) && npm test --silent

# what `install` fetches and builds is mostly waiting on the network (pip, the Go module
# proxy, npm) or on one compiler, so its parts run side by side; the checks after it
# run one at a time, their output in order
test:
	$(MAKE) -j4 --output-sync=target install
	$(MAKE) lint typecheck gotest tstest n8ntest pytest

# the SDKs' code generated from openapi.yaml, made again (docs/sdk.md); the generated
# code is committed, so users need no generator
sdk: install
	$(PY) sdk/python/generate.py
	cd $(TS_DIR) && npm run --silent generate
	$(PY) integrations/n8n/generate.py

# the console's screenshots (docs/console.md), taken by the browser test
screenshots: install services tools
	WAGATE_SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest -q -p no:cacheprovider \
	  tests -k "(console_browser and flow) or console_inbox"

# the image's build stage without Docker (none runs here): its venv built by the script
# the Dockerfile runs, in build/image-venv, with the package's dependencies from PyPI;
# about a minute, so not part of `make test` (docs/deploy.md)
imagecheck: install
	rm -rf build/image-venv
	infra/image/build-venv.sh build/image-venv

bench: install services
	bench/run

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
	rm -rf $(TS_DIR)/node_modules $(TS_DIR)/dist $(N8N_DIR)/node_modules $(N8N_DIR)/dist
