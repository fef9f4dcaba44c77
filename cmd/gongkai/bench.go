package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/web"
)

// Performance targets of the portal (issue 3): at 50 concurrent clients,
// each page's p99 below 20 ms and its throughput at least 30 % of a bare
// net/http handler serving a constant page of the same size.
const (
	benchMaxPage     = 500
	benchTargetP99   = 20 * time.Millisecond
	benchTargetRatio = 0.30
)

var benchCmd = &command{
	name:    "bench",
	args:    "portal [--docs 1000000] [--concurrency 50] [--duration 30s] [--warmup 5s] [--reuse] [--json] [--cpuprofile FILE]",
	summary: "性能基准：用演示数据压测公开门户的文件页和栏目列表页 (benchmark the portal's document and column pages on demo data)",
	detail: `建立（或用 --reuse 复用）一个含演示县和 N 件公开文件的数据库（默认在数据目录下的 bench-portal-N.db，也可用 --db 指定），
在本机回环地址上启动真实的网站服务，以及一个返回同样大小固定页面的最简 net/http 服务作为基线；然后用内置的负载生成器
（--concurrency 个并发客户端，长连接，先预热再计时）依次请求：基线页、随机的已发布文件页、最大栏目的列表页（第一页和随机的更深页码）。
对每项报告请求数、吞吐量、p50/p90/p99/最大延迟（记录全部延迟，精确分位数）和错误数，以及相对基线的吞吐量比例，
并按目标（p99 < 20 ms，吞吐量 ≥ 基线的 30%）判定 PASS/FAIL。负载生成器与服务在同一进程、同一批 CPU 上运行，结果偏保守。
全部达标时退出码为 0，否则为 1。
(Builds — or, with --reuse, reuses — a database with the demo county and N documents (by default
bench-portal-N.db in the data directory, or --db), starts the real web server on a loopback port and a
bare net/http server returning a constant page of the same size as the baseline, then runs the built-in
load generator (--concurrency clients, keep-alive, warm-up then a timed run) against, in turn: the
baseline, random published document pages, and the biggest column's listing (its first page and random
deeper pages). For each it reports requests, throughput, p50/p90/p99/max latency (every latency recorded,
exact percentiles) and errors, the throughput as a share of the baseline's, and PASS/FAIL against the
targets (p99 < 20 ms, throughput ≥ 30 % of the baseline). The load generator runs in the same process on
the same CPUs as the servers, so the figures are conservative. Exits 0 when every target is met, else 1.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		var o benchOptions
		fs.IntVar(&o.docs, "docs", 1_000_000, "演示文件数量 (number of demo `DOCUMENTS`)")
		fs.IntVar(&o.concurrency, "concurrency", 50, "并发客户端数 (concurrent `CLIENTS`)")
		fs.DurationVar(&o.duration, "duration", 30*time.Second, "每项计时运行的时长 (timed run per page, a `DURATION`)")
		fs.DurationVar(&o.warmup, "warmup", 5*time.Second, "每项计时前的预热时长 (warm-up before each timed run, a `DURATION`)")
		fs.IntVar(&o.pageSize, "page-size", 20, "栏目列表每页的文件数，用于计算页码范围 (documents per listing page, for the range of page `NUMBER`s)")
		fs.Int64Var(&o.seed, "seed", 1, "演示数据和随机请求的种子 (`SEED` of the demo data and of the random requests)")
		fs.BoolVar(&o.reuse, "reuse", false, "数据库已有演示数据时直接使用，不重建 (use the database as it is when it already holds the demo)")
		fs.BoolVar(&o.json, "json", false, "以 JSON 输出结果 (print the results as JSON)")
		fs.StringVar(&o.cpuprofile, "cpuprofile", "", "把计时运行期间的 CPU 剖析写入此文件，用 go tool pprof 查看 (write a CPU profile of the timed runs to `FILE`, for go tool pprof)")
		return func(c *cli, args []string) int {
			if len(args) != 1 || args[0] != "portal" {
				return c.usageError("用法：gongkai bench portal [参数] (usage: gongkai bench portal [flags]); 目前只有 portal 一项基准 (portal is the only benchmark)")
			}
			switch {
			case o.docs < 1 || o.docs > maxDemoDocs:
				return c.usageError("--docs 应为 1 至 %d (must be between 1 and %d)", maxDemoDocs, maxDemoDocs)
			case o.concurrency < 1 || o.concurrency > 10_000:
				return c.usageError("--concurrency 应为 1 至 10000 (must be between 1 and 10000)")
			case o.duration <= 0 || o.warmup < 0:
				return c.usageError("--duration 应为正数，--warmup 不能为负 (--duration must be positive, --warmup not negative)")
			case o.pageSize < 1:
				return c.usageError("--page-size 应为正整数 (must be positive)")
			}
			return c.benchPortal(o)
		}
	},
}

type benchOptions struct {
	docs, concurrency, pageSize int
	duration, warmup            time.Duration
	seed                        int64
	reuse, json                 bool
	cpuprofile                  string
}

// benchReport is the result of a run, also its JSON form.
type benchReport struct {
	Documents   int     `json:"documents"` // documents in the database
	Dialect     string  `json:"dialect"`
	Database    string  `json:"database"`
	LoadSeconds float64 `json:"load_seconds,omitempty"` // building the database, 0 when reused
	Concurrency int     `json:"concurrency"`
	Duration    string  `json:"duration"`
	Warmup      string  `json:"warmup"`
	CPUs        int     `json:"cpus"`
	GoVersion   string  `json:"go_version"`
	PageBytes   int     `json:"page_bytes"` // size of the baseline's constant page
	Column      string  `json:"column"`     // the listing benchmarked
	ColumnDocs  int     `json:"column_documents"`
	// LoadAvg is the machine's 1-minute load average before and after the
	// runs (Linux): other work on the machine skews the figures.
	LoadAvg [2]string     `json:"load_average,omitzero"`
	Results []benchResult `json:"results"`
	Pass    bool          `json:"pass"`
	Note    string        `json:"note"`
}

// benchResult is one page's figures.
type benchResult struct {
	Name       string         `json:"name"` // baseline, document, listing
	Label      string         `json:"label"`
	Example    string         `json:"example_url"`
	Requests   int            `json:"requests"`
	Errors     int            `json:"errors"`
	Statuses   map[string]int `json:"statuses,omitempty"` // non-200 statuses and transport errors
	RPS        float64        `json:"rps"`
	P50        float64        `json:"p50_ms"`
	P90        float64        `json:"p90_ms"`
	P99        float64        `json:"p99_ms"`
	Max        float64        `json:"max_ms"`
	AvgBytes   int            `json:"avg_bytes"`
	Ratio      float64        `json:"ratio_to_baseline"`
	Pass       bool           `json:"pass"`
	FailReason string         `json:"fail_reason,omitempty"`
}

const benchNote = "负载生成器与被测服务在同一进程、同一批 CPU 上运行，分走一部分 CPU，结果偏保守；请求走本机回环 TCP，不压缩，不写访问日志。" +
	" (The load generator runs in the same process on the same CPUs as the servers and takes part of the CPU, so the figures are conservative;" +
	" requests go over loopback TCP, uncompressed, without the access log.)"

func (c *cli) benchPortal(o benchOptions) int {
	out := c.stdout
	if o.json {
		out = c.stderr // progress to stderr, the JSON alone to stdout
	}
	rep := benchReport{Concurrency: o.concurrency, Duration: o.duration.String(), Warmup: o.warmup.String(),
		CPUs: runtime.GOMAXPROCS(0), GoVersion: runtime.Version(), Note: benchNote}

	db, code := c.benchDatabase(o, out, &rep)
	if db == nil {
		return code
	}
	defer db.Close()

	loc, err := location("")
	if err != nil {
		return c.fail(err)
	}
	logger := slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := web.New(db, web.Config{Version: version, Logger: logger, Location: loc, Auth: authConfig(),
		DataDir: filepath.Dir(sqlitePath(c.dbDSN()))})
	if err != nil {
		return c.failf("无法启动网站服务：%v (cannot start the web server)", err)
	}
	appURL, stopApp, err := benchServe(srv.Handler(), logger)
	if err != nil {
		return c.fail(err)
	}
	defer stopApp()

	// What to request.
	ids, err := benchDocumentIDs(c.ctx, db)
	if err != nil {
		return c.fail(err)
	}
	if len(ids) == 0 {
		return c.failf("数据库中没有已发布的文件 (no published documents in the database)")
	}
	colPath, colDocs, err := benchBiggestColumn(c.ctx, db)
	if err != nil {
		return c.fail(err)
	}
	rep.Column, rep.ColumnDocs = colPath, colDocs
	// The portal serves pages 1..500 of a listing (older documents are
	// reached with the year filter), so deeper pages are drawn from those.
	pages := min(benchMaxPage, max(1, (colDocs+o.pageSize-1)/o.pageSize))

	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			Proxy:               nil,
			MaxIdleConns:        o.concurrency * 2,
			MaxIdleConnsPerHost: o.concurrency,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer client.CloseIdleConnections()

	// The baseline serves a real document page, cut or padded to the mean
	// size of a sample of document pages.
	page, err := benchSamplePage(c.ctx, client, appURL, ids, o.seed)
	if err != nil {
		return c.fail(err)
	}
	rep.PageBytes = len(page)
	bareURL, stopBare, err := benchServe(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		w.Write(page)
	}), logger)
	if err != nil {
		return c.fail(err)
	}
	defer stopBare()

	targets := []struct {
		name, label string
		next        func(r *rand.Rand) string
	}{
		{"baseline", "基线：固定页面 (bare net/http, constant page)", func(*rand.Rand) string { return bareURL + "/" }},
		{"document", "文件页 (document page)", func(r *rand.Rand) string {
			return appURL + "/documents/" + strconv.FormatInt(ids[r.IntN(len(ids))], 10)
		}},
		{"listing", "栏目列表页 (column listing)", func(r *rand.Rand) string {
			if pages == 1 || r.IntN(2) == 0 {
				return appURL + colPath
			}
			return appURL + colPath + "?page=" + strconv.Itoa(2+r.IntN(pages-1))
		}},
	}

	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err != nil {
			return c.failf("无法创建 %s：%v (cannot create the profile)", o.cpuprofile, err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return c.fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	rep.LoadAvg[0] = loadAverage()
	for i, t := range targets {
		fmt.Fprintf(out, "压测 (running) %s：预热 %s，计时 %s，%d 个并发客户端 (warm-up, timed run, clients)…\n",
			t.label, o.warmup, o.duration, o.concurrency)
		res := runLoad(c.ctx, client, o.concurrency, o.warmup, o.duration, o.seed+int64(i)*1000, t.next)
		res.Name, res.Label, res.Example = t.name, t.label, t.next(rand.New(rand.NewPCG(1, 2)))
		rep.Results = append(rep.Results, res)
	}
	if o.cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	rep.LoadAvg[1] = loadAverage()
	judge(&rep)

	if o.json {
		if err := writeJSON(c.stdout, rep); err != nil {
			return c.fail(err)
		}
	} else {
		printBench(c.stdout, rep)
	}
	if !rep.Pass {
		return exitFail
	}
	return exitOK
}

// benchDatabase opens the benchmark's database, loading the demo with
// o.docs documents unless it is reused.
func (c *cli) benchDatabase(o benchOptions, out io.Writer, rep *benchReport) (*store.DB, int) {
	explicit := c.dsn != ""
	if !explicit {
		if err := os.MkdirAll(c.dataDir, 0o750); err != nil {
			return nil, c.failf("无法创建数据目录 %s：%v (cannot create the data directory)", c.dataDir, err)
		}
		c.dsn = filepath.Join(c.dataDir, fmt.Sprintf("bench-portal-%d.db", o.docs))
		if !o.reuse {
			// Our own scratch file: start afresh.
			for _, suffix := range []string{"", "-wal", "-shm"} {
				if err := os.Remove(c.dsn + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
					return nil, c.fail(err)
				}
			}
		}
	}
	db, ok := c.openDB()
	if !ok {
		return nil, exitFail
	}
	rep.Dialect, rep.Database = db.Dialect().String(), store.RedactDSN(c.dbDSN())
	empty, err := demo.Empty(c.ctx, db)
	if err != nil {
		db.Close()
		return nil, c.fail(err)
	}
	switch {
	case empty:
		fmt.Fprintf(out, "正在生成演示数据库：演示县和 %d 件文件 (building the demo database with %d documents)…\n", o.docs, o.docs)
		start := time.Now()
		_, err := demo.Load(c.ctx, db, demo.Options{Seed: o.seed, Out: out, AuthConfig: authConfig(), Docs: o.docs})
		if err != nil {
			db.Close()
			return nil, c.failf("载入演示数据失败：%v (loading the demo failed)", err)
		}
		rep.LoadSeconds = math.Round(time.Since(start).Seconds()*10) / 10
	case !o.reuse:
		db.Close()
		return nil, c.failf("数据库 %s 中已有数据；加 --reuse 直接使用，或换一个空数据库 (the database is not empty: pass --reuse to use it as it is, or use an empty one)",
			store.RedactDSN(c.dbDSN()))
	default:
		fmt.Fprintf(out, "复用已有数据库 (reusing) %s\n", store.RedactDSN(c.dbDSN()))
	}
	if err := db.QueryRow(c.ctx, `SELECT COUNT(*) FROM documents`).Scan(&rep.Documents); err != nil {
		db.Close()
		return nil, c.fail(err)
	}
	return db, exitOK
}

// benchServe serves h on a loopback port until stop is called.
func benchServe(h http.Handler, log *slog.Logger) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
	}, nil
}

// benchDocumentIDs lists the ids of the documents the public may open.
func benchDocumentIDs(ctx context.Context, db *store.DB) ([]int64, error) {
	rows, err := db.Query(ctx, `SELECT id FROM documents WHERE state = 'published' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("document ids: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// benchBiggestColumn finds the list column with the most published
// documents and returns its portal path.
func benchBiggestColumn(ctx context.Context, db *store.DB) (string, int, error) {
	var colID int64
	var n int
	if err := db.QueryRow(ctx, `SELECT column_id, COUNT(*) FROM documents WHERE state = 'published'
		GROUP BY column_id ORDER BY COUNT(*) DESC, column_id LIMIT 1`).Scan(&colID, &n); err != nil {
		return "", 0, fmt.Errorf("biggest column: %w", err)
	}
	var unitCode, colCode string
	if err := db.QueryRow(ctx, `SELECT u.code, c.code FROM catalog_columns c JOIN units u ON u.id = c.unit_id
		WHERE c.id = $1`, colID).Scan(&unitCode, &colCode); err != nil {
		return "", 0, fmt.Errorf("column %d: %w", colID, err)
	}
	return "/units/" + unitCode + "/gk/" + colCode, n, nil
}

// benchSamplePage fetches a few random document pages and returns the first
// one cut or padded (with an HTML comment) to their mean size.
func benchSamplePage(ctx context.Context, client *http.Client, base string, ids []int64, seed int64) ([]byte, error) {
	r := rand.New(rand.NewPCG(uint64(seed), 99))
	var first []byte
	total, n := 0, 0
	for range 20 {
		url := base + "/documents/" + strconv.FormatInt(ids[r.IntN(len(ids))], 10)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", url, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", url, err)
		}
		if first == nil {
			first = body
		}
		total += len(body)
		n++
	}
	size := total / n
	if size < 64 {
		size = 64 // no document page yet: still measure a small page
	}
	page := make([]byte, 0, size)
	page = append(page, first[:min(len(first), size)]...)
	if pad := size - len(page); pad > 0 {
		page = append(page, "<!--"+strings.Repeat(" ", max(pad-7, 0))+"-->"...)
		page = page[:min(len(page), size)]
	}
	for len(page) < size {
		page = append(page, '\n')
	}
	return page, nil
}

// runLoad runs concurrency clients against next's URLs: warm-up first, then
// a timed run whose every latency is recorded.
func runLoad(ctx context.Context, client *http.Client, concurrency int, warmup, duration time.Duration,
	seed int64, next func(*rand.Rand) string) benchResult {
	start := time.Now()
	measureFrom := start.Add(warmup)
	end := measureFrom.Add(duration)
	type worker struct {
		lat      []time.Duration
		errs     int
		bytes    int64
		statuses map[string]int
	}
	workers := make([]worker, concurrency)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func(wk *worker, r *rand.Rand) {
			defer wg.Done()
			wk.lat = make([]time.Duration, 0, 1<<14)
			wk.statuses = map[string]int{}
			for {
				t0 := time.Now()
				if !t0.Before(end) || ctx.Err() != nil {
					return
				}
				status, n, err := benchGet(ctx, client, next(r))
				d := time.Since(t0)
				if t0.Before(measureFrom) {
					continue
				}
				wk.lat = append(wk.lat, d)
				wk.bytes += n
				switch {
				case err != nil:
					wk.errs++
					wk.statuses[benchErrKind(err)]++
				case status != http.StatusOK:
					wk.errs++
					wk.statuses[strconv.Itoa(status)]++
				}
			}
		}(&workers[w], rand.New(rand.NewPCG(uint64(seed), uint64(w))))
	}
	wg.Wait()

	var all []time.Duration
	res := benchResult{Statuses: map[string]int{}}
	var bytes int64
	for _, wk := range workers {
		all = append(all, wk.lat...)
		res.Errors += wk.errs
		bytes += wk.bytes
		for k, v := range wk.statuses {
			res.Statuses[k] += v
		}
	}
	slices.Sort(all)
	res.Requests = len(all)
	res.RPS = math.Round(float64(len(all))/duration.Seconds()*10) / 10
	if len(all) > 0 {
		res.P50, res.P90, res.P99 = ms(percentile(all, 0.50)), ms(percentile(all, 0.90)), ms(percentile(all, 0.99))
		res.Max = ms(all[len(all)-1])
		res.AvgBytes = int(bytes / int64(len(all)))
	}
	if len(res.Statuses) == 0 {
		res.Statuses = nil
	}
	return res
}

// benchGet requests url and reads the whole body (so that the connection is
// reused).
func benchGet(ctx context.Context, client *http.Client, url string) (int, int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, n, err
}

func benchErrKind(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timeout"
	}
	return "transport error"
}

// percentile is the nearest-rank percentile of sorted latencies.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return math.Round(float64(d.Microseconds())/10) / 100 }

// loadAverage is the 1-minute load average, "" where /proc is missing.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// judge compares every page with the baseline and the targets.
func judge(rep *benchReport) {
	base := rep.Results[0].RPS
	rep.Pass = true
	for i := range rep.Results {
		r := &rep.Results[i]
		if base > 0 {
			r.Ratio = math.Round(r.RPS/base*1000) / 1000
		}
		if r.Name == "baseline" {
			r.Pass = r.Errors == 0
			continue
		}
		var why []string
		if r.Errors > 0 {
			why = append(why, fmt.Sprintf("%d 个错误 (errors)", r.Errors))
		}
		if r.Requests == 0 || r.P99 >= ms(benchTargetP99) {
			why = append(why, fmt.Sprintf("p99 %.2f ms ≥ %d ms", r.P99, benchTargetP99.Milliseconds()))
		}
		if r.Ratio < benchTargetRatio {
			why = append(why, fmt.Sprintf("吞吐量为基线的 %.1f%% < %.0f%% (throughput vs baseline)", r.Ratio*100, benchTargetRatio*100))
		}
		r.Pass = len(why) == 0
		r.FailReason = strings.Join(why, "；")
		rep.Pass = rep.Pass && r.Pass
	}
}

func printBench(w io.Writer, rep benchReport) {
	fmt.Fprintf(w, "\n门户性能基准 (portal benchmark)\n")
	fmt.Fprintf(w, "数据 (dataset): %d 件文件 (documents), %s %s", rep.Documents, rep.Dialect, rep.Database)
	if rep.LoadSeconds > 0 {
		fmt.Fprintf(w, "，生成用时 (built in) %.1f s", rep.LoadSeconds)
	}
	fmt.Fprintf(w, "\n栏目 (listing): %s，%d 件 (documents)；基线页面 (baseline page): %d 字节 (bytes)\n", rep.Column, rep.ColumnDocs, rep.PageBytes)
	fmt.Fprintf(w, "并发 (concurrency): %d，计时 (duration): %s，预热 (warm-up): %s，CPU: %d，%s\n",
		rep.Concurrency, rep.Duration, rep.Warmup, rep.CPUs, rep.GoVersion)
	if rep.LoadAvg[0] != "" {
		fmt.Fprintf(w, "本机负载 (1-min load average): 开始 %s，结束 %s (before, after)；其他进程占用 CPU 时结果偏低 (other work on the machine lowers the figures)\n",
			rep.LoadAvg[0], rep.LoadAvg[1])
	}
	fmt.Fprintln(w)
	rows := make([][]string, 0, len(rep.Results))
	for _, r := range rep.Results {
		verdict := "PASS"
		if !r.Pass {
			verdict = "FAIL"
		}
		ratio := "—"
		if r.Name != "baseline" {
			ratio = fmt.Sprintf("%.1f%%", r.Ratio*100)
		}
		rows = append(rows, []string{r.Label, strconv.Itoa(r.Requests), fmt.Sprintf("%.1f", r.RPS),
			fmt.Sprintf("%.2f", r.P50), fmt.Sprintf("%.2f", r.P90), fmt.Sprintf("%.2f", r.P99), fmt.Sprintf("%.2f", r.Max),
			strconv.Itoa(r.Errors), ratio, verdict})
	}
	writeTable(w, []string{"页面 page", "请求 requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "错误 errors", "对基线 vs baseline", "结果 result"}, rows)
	fmt.Fprintln(w)
	for _, r := range rep.Results {
		if r.FailReason != "" {
			fmt.Fprintf(w, "FAIL %s：%s\n", r.Label, r.FailReason)
		}
		if len(r.Statuses) > 0 {
			keys := make([]string, 0, len(r.Statuses))
			for k := range r.Statuses {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			var parts []string
			for _, k := range keys {
				parts = append(parts, fmt.Sprintf("%s×%d", k, r.Statuses[k]))
			}
			fmt.Fprintf(w, "     %s 非 200 响应 (non-200): %s，例如 (e.g.) %s\n", r.Name, strings.Join(parts, ", "), r.Example)
		}
	}
	fmt.Fprintf(w, "目标 (targets): p99 < %d ms，吞吐量 ≥ 基线的 %.0f%% (throughput ≥ %.0f%% of the baseline)\n",
		benchTargetP99.Milliseconds(), benchTargetRatio*100, benchTargetRatio*100)
	if rep.Pass {
		fmt.Fprintln(w, "结论 (verdict): PASS")
	} else {
		fmt.Fprintln(w, "结论 (verdict): FAIL")
	}
	fmt.Fprintln(w, rep.Note)
}
