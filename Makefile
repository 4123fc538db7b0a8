GO        ?= go
BUF       := $(GO) tool buf
LISTEN    ?= 127.0.0.1:7457
PROTO_TMP := $(shell mktemp -u /tmp/handover-proto.XXXXXX)

FUZZTIME  ?= 30s
# Each new input the fuzzer finds is minimised for at most this long. Go's
# default, 60s, left the fuzzers minimising, not fuzzing, for most of a run.
FUZZMINTIME ?= 2s

.PHONY: all build run test race eval proto proto-check proto-breaking lint bench fuzz clean

all: build

## build: both binaries into bin/
build:
	$(GO) build -o bin/ ./server/cmd/handoverd ./client/cmd/handover

## run: build, index the bundled example repository and serve it on $(LISTEN)
run: build
	./bin/handoverd --config examples/handover.ini --listen $(LISTEN) --data data

## test: everything CI checks
test: proto-check proto-breaking lint race
	$(GO) test ./...

# The tests of what runs concurrently with live updates, under the race
# detector (the whole suite under -race takes too long for CI).
race:
	$(GO) test -race -run 'WhileUpdating' ./internal/ingest/ ./internal/index/

## eval: answer a question file against repositories and print the score;
## QUESTIONS and REPOS default to the project's own set (client/cli/testdata/eval),
## which make test runs too and which must stay at 100%. Another set only reports:
##   make eval QUESTIONS=$(abspath ../shared/realworld-dev/questions.tsv) REPOS=$(abspath ../shared/realworld-dev/repos)
QUESTIONS ?= testdata/eval/questions.tsv
REPOS     ?= testdata/eval/repos
eval:
	$(GO) test -count=1 -v -run '^TestEval$$' ./client/cli/ -args -eval.questions=$(QUESTIONS) -eval.repos=$(REPOS) \
		-eval.all=$(if $(filter testdata/eval/questions.tsv,$(QUESTIONS)),true,false)

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

## proto-breaking: fail when handover.v1 breaks its clients: against the previous
## commit, and against API_BASE, the API as issue 10 tightened it (a field added
## since and then removed is caught by the first, any other break by both). A
## change that must break the API says why and moves API_BASE in the same commit.
API_BASE := 10f737263059285ad6786618f01d64098edef7bc
proto-breaking:
	@if git rev-parse -q --verify 'HEAD~1^{commit}' >/dev/null; then \
		$(BUF) breaking --against '.git#ref=HEAD~1'; \
	else echo "proto-breaking: no previous commit (shallow clone?): only API_BASE is checked" >&2; fi
	$(BUF) breaking --against '.git#ref=$(API_BASE)'

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed" >&2; exit 1; }
	$(GO) vet ./...

## bench: parse, index and query benchmarks (see BENCHMARKS.md)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/inventory/ ./internal/repo/ ./internal/ingest/ ./internal/markdown/ ./internal/history/ ./internal/hostpattern/ ./internal/terraform/
	$(GO) test -run '^$$' -bench 'Replace|RawBleveBatch' -benchmem -benchtime 3x ./internal/index/
	$(GO) test -run '^$$' -bench Query -benchtime 3s ./internal/index/

## fuzz: run every fuzz target for $(FUZZTIME) each (make test runs their seeds)
FUZZ_TARGETS := \
	FuzzINIInventory:./internal/inventory FuzzYAMLInventory:./internal/inventory FuzzHostRange:./internal/inventory \
	FuzzText:./internal/redact FuzzValue:./internal/redact FuzzURL:./internal/redact FuzzPrefilters:./internal/redact \
	FuzzParse:./internal/ask
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "== $${t%%:*} ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$${t%%:*}$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) $${t#*:}; \
	done

clean:
	rm -rf bin data
