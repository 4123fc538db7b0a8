package index

// For the benchmarks of the external test package (ask_bench_test.go):
// the generated 100k-host snapshot and the wait for merges to settle.

var GenSnapshot = genSnapshot

func Settle(s *Store, repo string) string { return settle(s, repo) }
