package index

import "testing"

func TestCamelWords(t *testing.T) {
	for in, want := range map[string]string{
		"KubePodCrashLooping":            "Kube Pod Crash Looping",
		"HTTPServerDown":                 "HTTP Server Down",
		"etcdMembersDown":                "etcd Members Down",
		"Restart the database":           "",
		"PostgreSQL":                     "Postgre SQL",
		"ManagedClusterConditionUnknown": "Managed Cluster Condition Unknown",
	} {
		if got := camelWords(in); got != want {
			t.Errorf("camelWords(%q) = %q, want %q", in, got, want)
		}
	}
}
