package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// The connection to the editor is glsp's (jsonrpc2 over stdio, requests
// dispatched to a protocol.Handler), set up here rather than by glsp's
// server for one reason: jsonrpc2 encodes a notification's params, then
// re-validates and compacts them once per wrapping object (three times).
// For 5,100 diagnostics, 1.8 MB of JSON, that cost more than linting
// them; publishing encodes them once, between jsonrpc2's own messages.

// connect serves the editor over f with h.
func connect(ctx context.Context, f *frames, h *protocol.Handler) *jsonrpc2.Conn {
	return jsonrpc2.NewConn(ctx, f, jsonrpc2.HandlerWithError(func(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
		return dispatch(ctx, h, conn, req)
	}))
}

// dispatch hands a request to h, as glsp's server does.
func dispatch(ctx context.Context, h *protocol.Handler, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	gc := &glsp.Context{
		Method: req.Method,
		Notify: func(method string, params any) { _ = conn.Notify(ctx, method, params) },
		Call:   func(method string, params, result any) { _ = conn.Call(ctx, method, params, result) },
	}
	if req.Params != nil {
		gc.Params = *req.Params
	}
	if req.Method == "exit" {
		h.Handle(gc)
		return nil, conn.Close()
	}
	r, validMethod, validParams, err := h.Handle(gc)
	switch {
	case !validMethod:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		e := &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams}
		if err != nil {
			e.Message = err.Error()
		}
		return nil, e
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return r, nil
}

// frames is the stream of messages to and from the editor: jsonrpc2's,
// and between them the notifications notify writes itself.
type frames struct {
	stream jsonrpc2.ObjectStream
	w      io.Writer // under stream, which flushes after each message

	mu sync.Mutex // one message at a time
}

// stdioFrames is the stream of messages over stdin and stdout.
func stdioFrames() *frames {
	return &frames{stream: jsonrpc2.NewBufferedStream(stdio{}, jsonrpc2.VSCodeObjectCodec{}), w: stdio{}}
}

func (f *frames) WriteObject(obj any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stream.WriteObject(obj)
}

func (f *frames) ReadObject(v any) error { return f.stream.ReadObject(v) }

func (f *frames) Close() error { return f.stream.Close() }

// notify sends a notification whose params are encoded once.
func (f *frames) notify(method string, params any) error {
	body, err := json.Marshal(struct {
		JSONRPC string `json:"jsonrpc"`
		Method  string `json:"method"`
		Params  any    `json:"params"`
	}{"2.0", method, params})
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := fmt.Fprintf(f.w, "Content-Length: %d\r\n\r\n", len(body)); err != nil {
		return err
	}
	_, err = f.w.Write(body)
	return err
}

// stdio is the editor's end: stdin and stdout.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error {
	if err := os.Stdin.Close(); err != nil {
		return err
	}
	return os.Stdout.Close()
}
