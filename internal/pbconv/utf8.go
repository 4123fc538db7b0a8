package pbconv

import (
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// ValidUTF8 replaces invalid bytes with U+FFFD in every string of m, its
// lists, maps and nested messages, in place. proto3 refuses to marshal an
// invalid string, and one such byte in one problem message used to fail a
// whole list RPC; the parsers already replace what they read, so this is
// the net under every other way a string arrives (paths, commit subjects).
func ValidUTF8(m proto.Message) {
	if m != nil {
		validMessage(m.ProtoReflect())
	}
}

func validMessage(m protoreflect.Message) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList():
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				if nv, ok := validValue(fd, l.Get(i)); ok {
					l.Set(i, nv)
				}
			}
		case fd.IsMap():
			mp := v.Map()
			var bad []protoreflect.MapKey
			mp.Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				if s, ok := k.Interface().(string); ok && !utf8.ValidString(s) {
					bad = append(bad, k)
				}
				if nv, ok := validValue(fd.MapValue(), mv); ok {
					mp.Set(k, nv)
				}
				return true
			})
			for _, k := range bad {
				mv := mp.Get(k)
				mp.Clear(k)
				mp.Set(protoreflect.ValueOfString(strings.ToValidUTF8(k.String(), "\uFFFD")).MapKey(), mv)
			}
		default:
			if nv, ok := validValue(fd, v); ok {
				m.Set(fd, nv)
			}
		}
		return true
	})
}

// validValue returns the repaired value and true when v is a string that
// needed repair; messages are repaired in place.
func validValue(fd protoreflect.FieldDescriptor, v protoreflect.Value) (protoreflect.Value, bool) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		if s := v.String(); !utf8.ValidString(s) {
			return protoreflect.ValueOfString(strings.ToValidUTF8(s, "\uFFFD")), true
		}
	case protoreflect.MessageKind, protoreflect.GroupKind:
		validMessage(v.Message())
	}
	return v, false
}
