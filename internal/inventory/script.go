package inventory

import "bytes"

// isScript reports whether a file is a dynamic inventory script that lost
// its executable bit (a checkout, a zip): *.py or *.sh, or a #! first line.
// Read as INI it would give a parse error per line of code, so it is
// reported once as a script instead.
func isScript(ext string, data []byte) bool {
	return ext == ".py" || ext == ".sh" || bytes.HasPrefix(data, []byte("#!"))
}
