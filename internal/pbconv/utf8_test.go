package pbconv

import (
	"testing"

	"google.golang.org/protobuf/proto"

	pb "handover/proto/handover/v1"
)

func TestValidUTF8RepairsEveryString(t *testing.T) {
	bad := "bad\xffbyte"
	r := &pb.Repository{
		Name:     bad,
		Path:     "dir/\xfe",
		Problems: []*pb.Problem{{Message: bad}},
	}
	p := &pb.Problem{Message: bad, Source: &pb.Source{Path: "hosts\xff"}}
	ValidUTF8(r)
	ValidUTF8(p)
	if _, err := proto.Marshal(r); err != nil {
		t.Fatalf("repository still unmarshalable: %v", err)
	}
	if _, err := proto.Marshal(p); err != nil {
		t.Fatalf("problem still unmarshalable: %v", err)
	}
	if p.Message != "bad\uFFFDbyte" || p.Source.Path != "hosts\uFFFD" {
		t.Errorf("got %q %q", p.Message, p.Source.Path)
	}
}
