// Command search benchmarks Gongkai's full-text search (issue 4) on a demo
// corpus: query latency at 20 concurrent clients through the real HTTP API,
// indexing speed, and the same queries answered by a LIKE '%word%' scan and
// by github.com/blevesearch/bleve/v2 (its CJK analyzer) over the same
// documents, in the same run.
//
// Usage (see bench/README.md):
//
//	go run ./bench/search --db data/bench-search.db --docs 1000000
//	go run ./bench/search --db 'postgres://…' --docs 1000000
//
// An empty database is filled with `gongkai demo --docs N` first (which
// indexes as it loads, and reports its rate); a database that already holds
// the demo is reused.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/web"
)

// targetP95 is issue 4's latency target for 1–3 word queries at 20 clients.
const targetP95 = 50 * time.Millisecond

// queries are everyday 1–3 word searches of a county portal; the words are
// ones the demo corpus uses (its topics and document families), plus a
// synonym (最低生活保障 for 低保) and a rare word.
var queries = []string{
	// one word
	"低保", "预算", "招聘", "医保", "防汛", "耕地", "学生资助", "行政处罚", "垃圾分类", "养老",
	"政府采购", "统计公报", "土地征收", "最低生活保障", "非物质文化遗产",
	// two words
	"低保 标准", "2025年 预算", "公开招聘 公告", "医疗 救助", "食品安全 抽检", "教师 招聘", "防汛 抗旱", "乡村 旅游",
	// three words
	"城乡 低保 公示", "部门 预算 说明", "行政 处罚 决定", "高标准 农田 建设", "老旧 小区 改造",
}

type options struct {
	dsn         string
	docs        int
	concurrency int
	duration    time.Duration
	warmup      time.Duration
	like        int
	bleveDir    string
	bleveDocs   int
	reindex     bool
	jsonOut     bool
	cpuprofile  string
	cached      bool
	publish     int
}

func main() {
	var o options
	flag.StringVar(&o.dsn, "db", "", "SQLite file or postgres:// DSN (required); an empty database gets the demo with --docs documents")
	flag.IntVar(&o.docs, "docs", 1_000_000, "documents to generate when the database is empty")
	flag.IntVar(&o.concurrency, "concurrency", 20, "concurrent clients of the load test")
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "timed load test")
	flag.DurationVar(&o.warmup, "warmup", 3*time.Second, "warm-up before the timed load test")
	flag.IntVar(&o.like, "like", 5, "how many of the queries to also answer with a LIKE '%word%' scan (slow: seconds each at 1M)")
	flag.StringVar(&o.bleveDir, "bleve", "", "directory for a bleve index of the same documents (built when missing); empty skips bleve")
	flag.IntVar(&o.bleveDocs, "bleve-docs", 0, "index only the newest N published documents in bleve (0: all)")
	flag.BoolVar(&o.reindex, "reindex", false, "time `gongkai reindex` (search.Reindex) over the whole database first")
	flag.BoolVar(&o.jsonOut, "json", false, "print the report as JSON")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the load test to `FILE`")
	flag.BoolVar(&o.cached, "cached", true, "also run the load test with the result cache on (as deployed); false: only uncached")
	flag.IntVar(&o.publish, "publish", 0, "publish N more documents one at a time into the newest month, each in its own transaction, timing the index's part (search.Sync), then withdraw and delete them")
	flag.Parse()
	if o.dsn == "" {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/search --db FILE|DSN [flags]")
		flag.PrintDefaults()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := run(ctx, o, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench search:", err)
		os.Exit(1)
	}
	if o.jsonOut {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		printReport(os.Stdout, rep)
	}
	if !rep.Pass {
		os.Exit(1)
	}
}

// report is the run's figures.
type report struct {
	Dialect      string         `json:"dialect"`
	Published    int            `json:"published_documents"`
	CPUs         int            `json:"cpus"`
	LoadAvg      [2]string      `json:"load_average"`
	DemoSeconds  float64        `json:"demo_seconds,omitempty"`    // building the demo, indexing included
	DemoDocsRate float64        `json:"demo_docs_per_s,omitempty"` // documents per second of that
	ReindexRate  float64        `json:"reindex_docs_per_s,omitempty"`
	Publish      *publishResult `json:"publish,omitempty"`
	Loads        []loadResult   `json:"loads"` // per mode (cached, uncached): all queries, then by number of words
	Queries      []queryResult  `json:"queries"`
	Bleve        *bleveResult   `json:"bleve,omitempty"`
	Pass         bool           `json:"pass"`
}

type loadResult struct {
	Label    string  `json:"label"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	RPS      float64 `json:"rps"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
	Pass     bool    `json:"pass,omitempty"`
}

// queryResult compares one query's single-client latency across engines.
type queryResult struct {
	Q          string  `json:"q"`
	Total      int     `json:"total"`
	OursMS     float64 `json:"ours_ms"`
	LikeTotal  int     `json:"like_total,omitempty"`
	LikeMS     float64 `json:"like_ms,omitempty"`
	BleveTotal int     `json:"bleve_total,omitempty"`
	BleveMS    float64 `json:"bleve_ms,omitempty"`
}

func run(ctx context.Context, o options, log io.Writer) (report, error) {
	rep := report{CPUs: runtime.GOMAXPROCS(0)}
	if !store.IsPostgresDSN(o.dsn) {
		if err := os.MkdirAll(filepath.Dir(o.dsn), 0o750); err != nil {
			return rep, err
		}
	}
	db, err := store.Open(ctx, o.dsn, store.Options{})
	if err != nil {
		return rep, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return rep, err
	}
	rep.Dialect = db.Dialect().String()
	empty, err := demo.Empty(ctx, db)
	if err != nil {
		return rep, err
	}
	if empty {
		fmt.Fprintf(log, "building the demo with %d documents (indexed as they load)…\n", o.docs)
		start := time.Now()
		if _, err := demo.Load(ctx, db, demo.Options{Seed: 1, Out: log, AuthConfig: auth.DefaultConfig(), Docs: o.docs}); err != nil {
			return rep, err
		}
		rep.DemoSeconds = round1(time.Since(start).Seconds())
		rep.DemoDocsRate = round1(float64(o.docs) / time.Since(start).Seconds())
	}
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM documents WHERE state = 'published'`).Scan(&rep.Published); err != nil {
		return rep, err
	}
	if o.reindex {
		fmt.Fprintln(log, "reindexing…")
		start := time.Now()
		if err := search.Reindex(ctx, db, nil); err != nil {
			return rep, err
		}
		rep.ReindexRate = round1(float64(rep.Published) / time.Since(start).Seconds())
	}

	if o.publish > 0 {
		fmt.Fprintf(log, "publishing %d documents one at a time…\n", o.publish)
		if rep.Publish, err = publishOneByOne(ctx, db, o.publish); err != nil {
			return rep, err
		}
	}

	rep.LoadAvg[0] = loadAverage()
	// Single-client latency of each query: ours, then LIKE and bleve.
	s := search.NewSearcherTTL(db, 0)
	for _, q := range queries {
		start := time.Now()
		res, err := s.Search(ctx, search.Request{Q: q})
		if err != nil {
			return rep, fmt.Errorf("search %q: %w", q, err)
		}
		rep.Queries = append(rep.Queries, queryResult{Q: q, Total: res.Total, OursMS: ms(time.Since(start))})
	}

	// The load test through the HTTP API: as deployed (results cached for
	// search.DefaultCacheTTL, so repeated popular queries are cheap), then
	// with the cache off (every request searches the index).
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err != nil {
			return rep, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return rep, err
		}
	}
	for _, mode := range []struct {
		label string
		ttl   time.Duration
	}{{"cached", 0}, {"uncached", -1}} {
		if mode.ttl == 0 && !o.cached {
			continue
		}
		srv, err := web.New(db, web.Config{Version: "bench", Logger: logger, Auth: auth.DefaultConfig(), SearchCacheTTL: mode.ttl})
		if err != nil {
			return rep, err
		}
		base, stopSrv, err := serve(srv.Handler())
		if err != nil {
			return rep, err
		}
		fmt.Fprintf(log, "load test (%s): %d clients, warm-up %s, timed %s…\n", mode.label, o.concurrency, o.warmup, o.duration)
		all, byWords := load(ctx, base, o, mode.label)
		stopSrv()
		rep.Loads = append(rep.Loads, append([]loadResult{all}, byWords...)...)
		all.Pass = all.Errors == 0 && all.Requests > 0 && all.P95 < ms(targetP95)
		rep.Loads[len(rep.Loads)-1-len(byWords)].Pass = all.Pass
		if mode.ttl < 0 {
			rep.Pass = all.Pass
		}
	}
	if o.cpuprofile != "" {
		pprof.StopCPUProfile()
	}

	for i := range rep.Queries[:min(o.like, len(rep.Queries))] {
		q := &rep.Queries[i]
		fmt.Fprintf(log, "LIKE scan for %q…\n", q.Q)
		start := time.Now()
		n, err := likeScan(ctx, db, q.Q)
		if err != nil {
			return rep, err
		}
		q.LikeMS, q.LikeTotal = ms(time.Since(start)), n
	}
	if o.bleveDir != "" {
		b, err := runBleve(ctx, db, o, rep.Queries, log)
		if err != nil {
			return rep, fmt.Errorf("bleve: %w", err)
		}
		rep.Bleve = b
	}
	rep.LoadAvg[1] = loadAverage()
	return rep, nil
}

// likeScan answers q the naive way: every word a substring of the title or
// the body, newest first, with the count.
func likeScan(ctx context.Context, db *store.DB, q string) (int, error) {
	var conds []string
	var args []any
	for _, w := range strings.Fields(q) {
		args = append(args, "%"+w+"%")
		n := len(args)
		conds = append(conds, fmt.Sprintf("(title LIKE $%d OR body_html LIKE $%d)", n, n))
	}
	where := "state = 'published' AND " + strings.Join(conds, " AND ")
	var total int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM documents WHERE `+where, args...).Scan(&total); err != nil {
		return 0, err
	}
	rows, err := db.Query(ctx, `SELECT id FROM documents WHERE `+where+` ORDER BY published_on DESC, id DESC LIMIT 20`, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return total, rows.Err()
}

// load runs the clients against /api/v1/search with queries drawn at random.
func load(ctx context.Context, base string, o options, mode string) (loadResult, []loadResult) {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{Proxy: nil,
		MaxIdleConnsPerHost: o.concurrency, DisableCompression: true}}
	defer client.CloseIdleConnections()
	samples := drive(ctx, o, 7, func(q string) bool {
		return get(ctx, client, base+"/api/v1/search?q="+url.QueryEscape(q))
	})
	all := summarize(mode+": all queries", samples, o.duration, func(sample) bool { return true })
	var by []loadResult
	for n := 1; n <= 3; n++ {
		by = append(by, summarize(fmt.Sprintf("%s: %d-word queries", mode, n), samples, o.duration, func(s sample) bool { return s.words == n }))
	}
	return all, by
}

// sample is one timed request.
type sample struct {
	words int
	d     time.Duration
	err   bool
}

// drive runs o.concurrency goroutines calling fn (true: success) with
// queries drawn at random, for the warm-up and then the timed run, and
// returns the timed run's samples.
func drive(ctx context.Context, o options, seed uint64, fn func(q string) bool) []sample {
	start := time.Now()
	from, end := start.Add(o.warmup), start.Add(o.warmup+o.duration)
	per := make([][]sample, o.concurrency)
	var wg sync.WaitGroup
	for w := range per {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(seed, uint64(w)))
			for {
				t0 := time.Now()
				if !t0.Before(end) || ctx.Err() != nil {
					return
				}
				q := queries[r.IntN(len(queries))]
				ok := fn(q)
				if t0.Before(from) {
					continue
				}
				per[w] = append(per[w], sample{len(strings.Fields(q)), time.Since(t0), !ok})
			}
		})
	}
	wg.Wait()
	return slices.Concat(per...)
}

// summarize gives the figures of the samples keep selects.
func summarize(label string, samples []sample, duration time.Duration, keep func(sample) bool) loadResult {
	var lat []time.Duration
	res := loadResult{Label: label}
	for _, s := range samples {
		if keep(s) {
			lat = append(lat, s.d)
			if s.err {
				res.Errors++
			}
		}
	}
	slices.Sort(lat)
	res.Requests = len(lat)
	res.RPS = round1(float64(len(lat)) / duration.Seconds())
	if len(lat) > 0 {
		res.P50, res.P95, res.P99 = ms(pct(lat, .50)), ms(pct(lat, .95)), ms(pct(lat, .99))
		res.Max = ms(lat[len(lat)-1])
	}
	return res
}

func get(ctx context.Context, c *http.Client, u string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false
	}
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err == nil && resp.StatusCode == http.StatusOK
}

func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "serve:", err)
		}
	}()
	return "http://" + ln.Addr().String(), func() { hs.Close() }, nil
}

func pct(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return math.Round(float64(d.Microseconds())/10) / 100 }

func round1(f float64) float64 { return math.Round(f*10) / 10 }

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return ""
}

func printReport(w io.Writer, rep report) {
	fmt.Fprintf(w, "\nSearch benchmark: %s, %d published documents, %d CPUs, load average %s → %s\n",
		rep.Dialect, rep.Published, rep.CPUs, rep.LoadAvg[0], rep.LoadAvg[1])
	if rep.DemoSeconds > 0 {
		fmt.Fprintf(w, "demo load with indexing: %.1f s, %.0f documents/s\n", rep.DemoSeconds, rep.DemoDocsRate)
	}
	if rep.ReindexRate > 0 {
		fmt.Fprintf(w, "reindex: %.0f documents/s\n", rep.ReindexRate)
	}
	if p := rep.Publish; p != nil {
		fmt.Fprintf(w, "one at a time, %d documents into the newest month: publishing indexes in %.2f ms (p95 %.2f), withdrawing in %.2f ms (p95 %.2f)",
			p.Documents, p.PublishMean, p.PublishP95, p.WithdrawMean, p.WithdrawP95)
		if p.WALPerDoc > 0 {
			fmt.Fprintf(w, "; %.0f KB of WAL a publish", p.WALPerDoc)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\n| Load (HTTP API) | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, l := range rep.Loads {
		fmt.Fprintf(w, "| %s | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %d |\n", l.Label, l.Requests, l.RPS, l.P50, l.P95, l.P99, l.Max, l.Errors)
	}
	verdict := "PASS"
	if !rep.Pass {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "\np95 target < %d ms, judged with the cache off: %s\n", targetP95.Milliseconds(), verdict)
	fmt.Fprintf(w, "\n| Query | matches | ours ms | LIKE matches | LIKE ms | LIKE/ours | bleve matches | bleve ms | bleve/ours |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, q := range rep.Queries {
		fmt.Fprintf(w, "| %s | %d | %.2f | %s | %s | %s | %s | %s | %s |\n", q.Q, q.Total, q.OursMS,
			optInt(q.LikeTotal, q.LikeMS), optF(q.LikeMS), ratio(q.LikeMS, q.OursMS),
			optInt(q.BleveTotal, q.BleveMS), optF(q.BleveMS), ratio(q.BleveMS, q.OursMS))
	}
	if b := rep.Bleve; b != nil {
		fmt.Fprintf(w, "\nbleve (CJK analyzer): %d documents indexed in %.1f s = %.0f documents/s, index %.0f MB\n",
			b.Docs, b.IndexSeconds, b.DocsPerSecond, b.IndexMB)
		fmt.Fprintf(w, "\n| In-process, %d clients | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n", b.Clients)
		for _, l := range []loadResult{b.Ours, b.Load} {
			fmt.Fprintf(w, "| %s | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %d |\n", l.Label, l.Requests, l.RPS, l.P50, l.P95, l.P99, l.Max, l.Errors)
		}
	}
}

func optInt(n int, msv float64) string {
	if msv == 0 {
		return "—"
	}
	return fmt.Sprint(n)
}

func optF(f float64) string {
	if f == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", f)
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f×", a/b)
}

// publishResult is what indexing one document at a time costs.
type publishResult struct {
	Documents    int     `json:"documents"`
	PublishMean  float64 `json:"publish_index_mean_ms"` // search.Sync of a newly published document
	PublishP95   float64 `json:"publish_index_p95_ms"`
	WithdrawMean float64 `json:"withdraw_index_mean_ms"` // search.Sync of a withdrawn one
	WithdrawP95  float64 `json:"withdraw_index_p95_ms"`
	WALPerDoc    float64 `json:"wal_kb_per_publish,omitempty"` // PostgreSQL: WAL written per publish, the whole transaction
}

// publishOneByOne copies the newest published document n (+1, untimed)
// times, each copy published in its own transaction as the workflow does (the row,
// then search.Sync), then withdraws each the same way, timing Sync; the
// copies are deleted afterwards.
func publishOneByOne(ctx context.Context, db *store.DB, n int) (*publishResult, error) {
	var src int64
	if err := db.QueryRow(ctx, `SELECT id FROM documents WHERE state = 'published' ORDER BY published_on DESC, id DESC LIMIT 1`).Scan(&src); err != nil {
		return nil, err
	}
	walLSN := func() string {
		var lsn string
		if db.Dialect() == store.Postgres {
			db.QueryRow(ctx, `SELECT pg_current_wal_lsn()::text`).Scan(&lsn)
		}
		return lsn
	}
	res := &publishResult{Documents: n}
	var pub, wd []time.Duration
	var ids []int64
	var lsn0 string
	for i := range n + 1 { // the first, untimed, loads the segmentation dictionary
		if i == 1 {
			lsn0 = walLSN()
		}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO documents (unit_id, column_id, title, doc_no, publisher, written_on, published_on,
				topic, genre, keywords, validity, body_html, index_no, state, created_at, updated_at, published_at)
				SELECT unit_id, column_id, title, '', publisher, written_on, published_on, topic, genre, keywords, validity,
				body_html, $2, 'published', created_at, updated_at, published_at FROM documents WHERE id = $1 RETURNING id`,
				src, fmt.Sprintf("BENCH-PUBLISH-%d", i)).Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			start := time.Now()
			err := search.Sync(ctx, tx, id)
			if i > 0 {
				pub = append(pub, time.Since(start))
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	if lsn1 := walLSN(); lsn0 != "" {
		var bytes float64
		if err := db.QueryRow(ctx, `SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)`, lsn1, lsn0).Scan(&bytes); err != nil {
			return nil, err
		}
		res.WALPerDoc = round1(bytes / 1024 / float64(n))
	}
	for _, id := range ids {
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, `UPDATE documents SET state = 'withdrawn' WHERE id = $1`, id); err != nil {
				return err
			}
			start := time.Now()
			err := search.Sync(ctx, tx, id)
			wd = append(wd, time.Since(start))
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		if _, err := db.Exec(ctx, `DELETE FROM documents WHERE id = $1`, id); err != nil {
			return nil, err
		}
	}
	res.PublishMean, res.PublishP95 = meanP95(pub)
	res.WithdrawMean, res.WithdrawP95 = meanP95(wd)
	return res, nil
}

// meanP95 are the mean and the 95th percentile of ds, in milliseconds.
func meanP95(ds []time.Duration) (float64, float64) {
	if len(ds) == 0 {
		return 0, 0
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	sorted := slices.Sorted(slices.Values(ds))
	return ms(sum / time.Duration(len(ds))), ms(sorted[len(sorted)*95/100])
}
