GO        ?= go
BUF       := $(GO) tool buf
LISTEN    ?= 127.0.0.1:7457
PROTO_TMP := $(shell mktemp -u /tmp/handover-proto.XXXXXX)

FUZZTIME  ?= 30s

.PHONY: all build run test proto proto-check lint bench fuzz clean

all: build

## build: both binaries into bin/
build:
	$(GO) build -o bin/ ./server/cmd/handoverd ./client/cmd/handover

## run: build, index the bundled example repository and serve it on $(LISTEN)
run: build
	./bin/handoverd --config examples/handover.ini --listen $(LISTEN) --data data

## test: everything CI checks
test: proto-check lint
	$(GO) test ./...

## proto: regenerate the Go code from proto/
proto:
	$(BUF) generate

## proto-check: fail when the committed generated code is stale or buf lint complains
proto-check:
	$(BUF) lint
	$(BUF) generate -o $(PROTO_TMP)
	diff -r --exclude='*.proto' proto/handover/v1 $(PROTO_TMP)/proto/handover/v1 || \
		{ echo "generated protobuf code is stale: run 'make proto' and commit" >&2; rm -rf $(PROTO_TMP); exit 1; }
	rm -rf $(PROTO_TMP)

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed" >&2; exit 1; }
	$(GO) vet ./...

## bench: parse, index and query benchmarks (see BENCHMARKS.md)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/inventory/ ./internal/repo/ ./internal/ingest/ ./internal/markdown/ ./internal/history/
	$(GO) test -run '^$$' -bench 'Replace|RawBleveBatch' -benchmem -benchtime 3x ./internal/index/
	$(GO) test -run '^$$' -bench Query -benchtime 3s ./internal/index/

## fuzz: run every fuzz target for $(FUZZTIME) each (make test runs their seeds)
FUZZ_TARGETS := \
	FuzzINIInventory:./internal/inventory FuzzYAMLInventory:./internal/inventory FuzzHostRange:./internal/inventory \
	FuzzText:./internal/redact FuzzValue:./internal/redact FuzzURL:./internal/redact \
	FuzzParse:./internal/ask
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "== $${t%%:*} ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$${t%%:*}$$" -fuzztime $(FUZZTIME) $${t#*:}; \
	done

clean:
	rm -rf bin data
