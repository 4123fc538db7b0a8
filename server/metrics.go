package server

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc/codes"

	"handover/internal/index"
	"handover/internal/ingest"
)

// Metrics is what handoverd tells Prometheus, on its own listen address
// ([server] metrics), beside /healthz and /readyz: calls by method and
// code with their latency, rebuilds by repository with their duration,
// and what each repository's live index holds, read from the store at
// every scrape so it cannot drift. A nil *Metrics measures nothing.
type Metrics struct {
	registry *prometheus.Registry
	rpcs     *prometheus.HistogramVec
	reindex  *prometheus.HistogramVec
	ready    atomic.Bool
}

// NewMetrics registers handoverd's metrics, and Go's and the process's.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		rpcs: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "handover_rpc_duration_seconds",
			Help:    "Time to answer a gRPC call, by method and status code; its _count is the number of calls.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "code"}),
		reindex: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "handover_reindex_duration_seconds",
			Help:    "Time to read and index a repository (fetch included), by repository and result (ok, failed, or updated for a live update in place).",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 14), // 50 ms to 7 min
		}, []string{"repo", "result"}),
	}
	m.registry.MustRegister(m.rpcs, m.reindex, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *Metrics) observeRPC(method string, code codes.Code, took time.Duration) {
	if m != nil {
		m.rpcs.WithLabelValues(method, code.String()).Observe(took.Seconds())
	}
}

// ObserveReindex counts one rebuild or live update (result "updated"); it
// is an ingest.Reindexer's Reindexed.
func (m *Metrics) ObserveReindex(res ingest.Result) {
	if m == nil {
		return
	}
	result := "ok"
	switch {
	case res.Err != nil:
		result = "failed"
	case res.Updated:
		result = "updated"
	}
	m.reindex.WithLabelValues(res.Repo, result).Observe(res.Took.Seconds())
}

// watch adds the gauges read at each scrape: the store's repositories and
// the calls running and waiting.
func (m *Metrics) watch(store *index.Store, a *admission) {
	m.registry.MustRegister(storeCollector{store},
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "handover_rpcs_running", Help: "Calls running now (at most max-concurrent-rpcs)."},
			func() float64 { return float64(len(a.running)) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "handover_rpcs_queued", Help: "Calls waiting for a slot (at most max-queued-rpcs)."},
			func() float64 { return float64(a.queued.Load()) }),
	)
}

// SetReady marks the server ready: /readyz answers 200 from then on.
func (m *Metrics) SetReady() {
	if m != nil {
		m.ready.Store(true)
	}
}

// Handler serves /metrics, /healthz (200 while the process runs) and
// /readyz (200 once the first index is served, 503 before).
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !m.ready.Load() {
			http.Error(w, "not ready: the first index is being built", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	return mux
}

var (
	docsDesc = prometheus.NewDesc("handover_documents", "Documents in the live index, by repository and kind.", []string{"repo", "kind"}, nil)
	hostDesc = prometheus.NewDesc("handover_hosts", "Distinct hosts in the live index, by repository.", []string{"repo"}, nil)
	probDesc = prometheus.NewDesc("handover_problems", "Problems found reading the repository at its last index (files not understood).", []string{"repo"}, nil)
	findDesc = prometheus.NewDesc("handover_lint_findings", "Lint findings at the repository's last index.", []string{"repo"}, nil)
	lastDesc = prometheus.NewDesc("handover_last_index_timestamp_seconds", "When the live index of the repository was built (Unix time).", []string{"repo"}, nil)
)

// storeCollector reads the live index's counts at each scrape.
type storeCollector struct{ store *index.Store }

func (c storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{docsDesc, hostDesc, probDesc, findDesc, lastDesc} {
		ch <- d
	}
}

func (c storeCollector) Collect(ch chan<- prometheus.Metric) {
	for _, r := range c.store.Repos() {
		for kind, n := range r.Docs {
			ch <- prometheus.MustNewConstMetric(docsDesc, prometheus.GaugeValue, float64(n), r.Name, string(kind))
		}
		ch <- prometheus.MustNewConstMetric(hostDesc, prometheus.GaugeValue, float64(r.Hosts), r.Name)
		ch <- prometheus.MustNewConstMetric(probDesc, prometheus.GaugeValue, float64(len(r.Problems)), r.Name)
		ch <- prometheus.MustNewConstMetric(findDesc, prometheus.GaugeValue, float64(len(r.Findings)), r.Name)
		ch <- prometheus.MustNewConstMetric(lastDesc, prometheus.GaugeValue, float64(r.IndexedAt.Unix()), r.Name)
	}
}
