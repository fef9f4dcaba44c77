package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"gongkai/internal/disclosure"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/jobs"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/web"
)

// Timeouts of the HTTP server. Uploads and exports stream within WriteTimeout;
// slow clients cannot hold a connection open with a trickle of headers.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 2 * time.Minute
	writeTimeout      = 5 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 20 * time.Second
)

// serveDemoDocs is how many documents `serve --demo` adds to the demo county
// (about a second to load; `gongkai demo --docs N` makes any number).
const serveDemoDocs = 5000

var serveCmd = &command{
	name:    "serve",
	args:    "[--addr 127.0.0.1:8080] [--demo] [--trust-proxy] [--tz ZONE]",
	summary: "启动网站服务：公开门户、后台和 API (run the web server: public portal, back office and API)",
	detail: `启动时自动迁移数据库。数据库中还没有用户时，显示一次性的初始化链接，用于创建系统管理员；加 --demo 且数据库为空时，
先载入演示数据并显示演示账号。收到 SIGINT 或 SIGTERM 后处理完正在进行的请求再退出。
日志写到标准错误；环境变量 GONGKAI_LOG_FORMAT=json 时输出 JSON 日志。
(Migrates the database on start. While the database has no user, prints a one-time setup link to
create the system administrator; with --demo and an empty database, loads the demo first and prints its
accounts. On SIGINT or SIGTERM, finishes the requests in progress, then exits. Logs go to stderr, as
JSON when GONGKAI_LOG_FORMAT=json.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		addr := fs.String("addr", "127.0.0.1:8080", "监听地址；对外服务时一般放在反向代理之后 (listen `ADDRESS` host:port; put a reverse proxy in front for public service)")
		withDemo := fs.Bool("demo", false, "数据库中没有单位时先载入演示数据（种子 1，含 5000 件公开文件） (load the demo, seed 1, with 5,000 documents, when the database has no units)")
		trustProxy := fs.Bool("trust-proxy", false, "信任反向代理设置的 X-Forwarded-For 和 X-Forwarded-Proto，仅在反向代理之后使用 (trust X-Forwarded-For and X-Forwarded-Proto; only behind a reverse proxy that sets them)")
		tz := fs.String("tz", "", "本县所在时区，默认 "+defaultTZ+"，也可用环境变量 "+envTZ+" 设置 (the county's time `ZONE`; default "+defaultTZ+"; env "+envTZ+")")
		indexPattern := fs.String("index-pattern", os.Getenv(envIndexPattern), "索引号格式，可用 {code}（单位编码）、{year}（发布年份）、{seq:N}（流水号，补零到 N 位），默认 "+
			disclosure.DefaultIndexPattern+"；也可用环境变量 "+envIndexPattern+" 设置 (index number `PATTERN` with {code}, {year} and {seq:N}; default "+
			disclosure.DefaultIndexPattern+"; env "+envIndexPattern+")")
		maxAttachMB := fs.Int("max-attachment-mb", 50, "单个附件的大小上限（MiB） (largest attachment, in `MiB`)")
		return func(c *cli, args []string) int {
			if code, ok := noArgs(c, args); !ok {
				return code
			}
			loc, err := location(*tz)
			if err != nil {
				return c.usageError("--tz：%v", err)
			}
			if _, err := disclosure.ParsePattern(*indexPattern); *indexPattern != "" && err != nil {
				return c.usageError("--index-pattern：%v", err)
			}
			if *maxAttachMB <= 0 {
				return c.usageError("--max-attachment-mb 应为正整数 (must be a positive number)")
			}
			return c.serve(*addr, *withDemo, *trustProxy, loc, *indexPattern, int64(*maxAttachMB)<<20)
		}
	},
}

// newLogger logs to w as text, or as JSON when GONGKAI_LOG_FORMAT=json.
func newLogger(w io.Writer) *slog.Logger {
	if strings.EqualFold(os.Getenv(envLogFormat), "json") {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func (c *cli) serve(addr string, withDemo, trustProxy bool, loc *time.Location, indexPattern string, maxAttachment int64) int {
	log := newLogger(c.stderr)
	db, ok := c.openDB()
	if !ok {
		return exitFail
	}
	defer db.Close()
	log.Info("database ready", "dialect", db.Dialect().String(), "dsn", store.RedactDSN(c.dbDSN()))

	if withDemo {
		empty, err := demo.Empty(c.ctx, db)
		if err != nil {
			return c.fail(err)
		}
		if empty {
			// Enough documents for every column to have something to click.
			if code := c.loadDemoOpts(db, demo.Options{Seed: 1, Docs: serveDemoDocs}); code != exitOK {
				return code
			}
		} else {
			fmt.Fprintln(c.stdout, "数据库中已有单位，不载入演示数据 (the database already has units: the demo is not loaded)")
		}
	}

	cfg := authConfig()
	srv, err := web.New(db, web.Config{
		Version: version, Logger: log, Location: loc, Auth: cfg, TrustProxy: trustProxy,
		DataDir: c.dataDir, IndexPattern: indexPattern, MaxAttachment: maxAttachment,
	})
	if err != nil {
		return c.failf("无法启动网站服务：%v (cannot start the web server)", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return c.failf("无法监听 %s：%v (cannot listen on %s)", addr, err, addr)
	}
	base := "http://" + browserAddr(addr, ln.Addr())

	as := auth.NewService(db, cfg)
	needs, err := as.NeedsSetup(c.ctx)
	if err != nil {
		ln.Close()
		return c.fail(err)
	}
	if needs {
		tok, err := as.CreateSetupToken(c.ctx)
		if err != nil {
			ln.Close()
			return c.fail(err)
		}
		link := base + "/setup/" + tok
		fmt.Fprintf(c.stdout, "首次使用：请在浏览器打开 %s 创建系统管理员 (first run: open %s to create the system administrator)\n", link, link)
	}

	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(c.stdout, "正在监听 %s (listening on %s)\n", base, base)
	log.Info("listening", "addr", ln.Addr().String(), "version", version, "tz", loc.String(), "trust_proxy", trustProxy)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()

	// An index emptied by a migration that changed its format is rebuilt in
	// the background; searches find only what is rebuilt until it is done.
	rebuildDone := make(chan struct{})
	go func() {
		defer close(rebuildDone)
		rebuildSearchIndex(c.ctx, db, log)
	}()
	defer func() { <-rebuildDone }()

	// Background jobs, hourly, under a lease shared by every process.
	jobsCtx, stopJobs := context.WithCancel(c.ctx)
	jobsDone := make(chan struct{})
	go func() {
		defer close(jobsDone)
		reqs := srv.Requests()
		(&jobs.Runner{DB: db, Logger: log, Jobs: []jobs.Job{
			{Name: "requests.close_expired", Every: time.Hour, Run: func(ctx context.Context) error {
				_, err := reqs.CloseExpired(ctx, audit.System)
				return err
			}},
			{Name: "requests.reminders", Every: time.Hour, Run: func(ctx context.Context) error {
				_, err := reqs.SendReminders(ctx)
				return err
			}},
		}}).Run(jobsCtx)
	}()
	defer func() { stopJobs(); <-jobsDone }()
	select {
	case err := <-errc:
		return c.failf("网站服务异常退出：%v (the web server stopped)", err)
	case <-c.ctx.Done():
	}
	log.Info("shutting down", "timeout", shutdownTimeout.String())
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		log.Error("shutdown", "err", err)
		return exitFail
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("serve", "err", err)
	}
	log.Info("stopped")
	return exitOK
}

// rebuildSearchIndex runs search.Reindex when the index is empty while
// documents are published, logging its progress every tenth.
func rebuildSearchIndex(ctx context.Context, db *store.DB, log *slog.Logger) {
	need, err := search.NeedsRebuild(ctx, db)
	if err != nil {
		log.Error("search index check", "err", err)
		return
	}
	if !need {
		return
	}
	log.Warn("search index is empty: rebuilding it in the background")
	start, next := time.Now(), int64(0)
	err = search.Reindex(ctx, db, func(done, total int64) {
		if done >= next {
			log.Info("search index rebuild", "done", done, "total", total)
			next = done + max(total/10, 1)
		}
	})
	if err != nil {
		log.Error("search index rebuild", "err", err)
		return
	}
	log.Info("search index rebuilt", "took", time.Since(start).Round(time.Millisecond).String())
}

// browserAddr is the host:port to put in links printed for a person: the
// listener's real port (for :0) and, when listening on every interface,
// this machine's loopback address.
func browserAddr(requested string, actual net.Addr) string {
	host, _, err := net.SplitHostPort(requested)
	_, port, err2 := net.SplitHostPort(actual.String())
	if err != nil || err2 != nil {
		return actual.String()
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
