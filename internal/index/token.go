package index

import (
	"encoding/base64"
	"encoding/json"
	"hash/fnv"
)

// pageToken is where the next page starts: the sort values of the last hit
// of the previous page (bleve's SearchAfter), and a fingerprint of the
// query it belongs to, so a token is not applied to another query.
type pageToken struct {
	After []string `json:"a"`
	Query uint64   `json:"q"`
}

func fingerprint(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

func encodePageToken(after []string, fp uint64) string {
	b, _ := json.Marshal(pageToken{After: after, Query: fp}) // strings and a number cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodePageToken returns nil for an empty token.
func decodePageToken(tok string, fp uint64, n int) ([]string, error) {
	if tok == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return nil, invalidf("malformed page token")
	}
	var t pageToken
	if err := json.Unmarshal(b, &t); err != nil || len(t.After) != n {
		return nil, invalidf("malformed page token")
	}
	if t.Query != fp {
		return nil, invalidf("page token of another query")
	}
	return t.After, nil
}
