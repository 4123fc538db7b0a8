GO ?= go

.PHONY: all build run test proto proto-check lint bench clean

all: build

build:
	$(GO) build -o bin/ ./server/cmd/handoverd ./client/cmd/handover

test: proto-check
	$(GO) vet ./...
	$(GO) test ./...

proto-check:
	@true

clean:
	rm -rf bin data
