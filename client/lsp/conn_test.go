package lsp

import (
	"context"
	"encoding/json"
	"net"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Notifications frames writes itself, among jsonrpc2's own messages
// written at the same time, reach an editor's jsonrpc2 whole and in the
// form jsonrpc2 would have sent them.
func TestFramesNotifyBetweenMessages(t *testing.T) {
	ours, theirs := net.Pipe()
	f := &frames{stream: jsonrpc2.NewBufferedStream(ours, jsonrpc2.VSCodeObjectCodec{}), w: ours}
	ctx := context.Background()
	server := connect(ctx, f, &protocol.Handler{})
	defer server.Close()
	var mu sync.Mutex
	got := map[string][]json.RawMessage{}
	const n = 50
	done := make(chan struct{})
	editor := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(theirs, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			mu.Lock()
			defer mu.Unlock()
			got[req.Method] = append(got[req.Method], *req.Params)
			if len(got["ours"]) == n && len(got["theirs"]) == n {
				close(done)
			}
			return nil, nil
		}))
	defer editor.Close()
	params := struct {
		URI         string       `json:"uri"`
		Diagnostics []diagnostic `json:"diagnostics"`
	}{"file:///x", []diagnostic{{Code: "host-python", Source: "handover", Message: "no python \"here\"\n<fix>"}}}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if err := f.notify("ours", params); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			if err := server.Notify(ctx, "theirs", params); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("received %d and %d of %d notifications", len(got["ours"]), len(got["theirs"]), n)
	}
	data, _ := json.Marshal(params)
	var want any
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	for _, p := range append(got["ours"], got["theirs"]...) {
		var v any
		if err := json.Unmarshal(p, &v); err != nil || !reflect.DeepEqual(v, want) {
			t.Fatalf("params %s, want %s", p, data)
		}
	}
}
