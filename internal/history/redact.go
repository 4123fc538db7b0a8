package history

import "handover/internal/redact"

// RedactURL removes user:password@ and tokens from a remote URL; see
// redact.URL, which decides. It stays for callers outside this package.
func RedactURL(u string) string { return redact.URL(u) }
