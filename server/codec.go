package server

import (
	"fmt"

	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"
)

// exactCodec is gRPC's proto codec with answers marshaled into buffers of
// their own size. The default takes them from a pool whose size classes
// jump from 32 KB to 1 MB, so that a 58 KB page of search results held
// for a slow reader took 1 MB, and 3,000 of them 3 GB (issue 16).
// Requests are read as the default reads them.
type exactCodec struct{ encoding.CodecV2 }

func (c exactCodec) Marshal(v any) (mem.BufferSlice, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("exactCodec: %T is not a proto.Message", v)
	}
	b, err := proto.MarshalOptions{}.MarshalAppend(make([]byte, 0, proto.Size(m)), m)
	if err != nil {
		return nil, err
	}
	return mem.BufferSlice{mem.SliceBuffer(b)}, nil
}
