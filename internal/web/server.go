// Package web serves HTTP: the public portal, the back office under /admin/,
// the JSON API under /api/v1/, and health and metrics endpoints. Handlers
// parse a request, call a domain package, and render; rules and SQL live in
// the domain packages.
package web

import (
	"context"
	"fmt"
	"gongkai/internal/disclosure"
	"html/template"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/catalog"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// Config is what the server needs besides the database.
type Config struct {
	Version  string
	Logger   *slog.Logger
	Location *time.Location // the county's time zone; Asia/Shanghai by default
	Auth     auth.Config
	// TrustProxy makes the server read X-Forwarded-For and X-Forwarded-Proto
	// (set it only behind a reverse proxy that sets them).
	TrustProxy bool
	// MaxBodyBytes bounds request bodies (default 1 MiB; uploads have their own limit).
	MaxBodyBytes int64
	// DataDir holds attachments (DataDir/blobs) on SQLite. On PostgreSQL, or
	// when empty, attachments live in the database, so that several processes
	// need no shared disk.
	DataDir string
	// IndexPattern formats 索引号 (default disclosure.DefaultIndexPattern,
	// "{code}/{year}-{seq:5}"); provinces differ, so each deployment sets it.
	IndexPattern string
	// MaxAttachment bounds one attachment (default 50 MiB).
	MaxAttachment int64
	// SearchCacheTTL is how long search results are kept (0: the default,
	// search.DefaultCacheTTL; negative: not cached, for benchmarks).
	SearchCacheTTL time.Duration
	// Now returns the current instant; the default is time.Now. Tests pin
	// it to move "today" for the statutory clock and the calendar.
	Now func() time.Time
}

// Server holds the services the handlers call.
type Server struct {
	cfg    Config
	db     *store.DB
	log    *slog.Logger
	orgs   *org.Service
	cat    *catalog.Service
	auth   *auth.Service
	docs   *disclosure.Service
	search *search.Searcher
	days   *workday.Service // the working-day calendar
	reqs   *request.Service // disclosure on request (依申请公开)
	intake *intakeGuard     // the public request pages' challenge and rate limits (portal_request_guard.go)
	mux    *http.ServeMux
	h      http.Handler

	tmpl map[string]*template.Template

	siteNameCache atomic.Pointer[cachedName]
	uploadLimits  map[string]int64 // route pattern → body limit, for uploads
	metrics       *metrics
	api           apiRegistry // the /api/v1 routes and their OpenAPI document
	pages         *pageCache  // rendered public pages (pagecache.go)
}

// New builds the server and parses every template (a missing or broken
// template fails here, at start, not on a visitor's request).
func New(db *store.DB, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Location == nil {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			return nil, err
		}
		cfg.Location = loc
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.Auth.Argon2Time == 0 {
		cfg.Auth = auth.DefaultConfig()
	}
	s := &Server{
		cfg:  cfg,
		db:   db,
		log:  cfg.Logger,
		orgs: org.NewService(db),
		cat:  catalog.NewService(db),
		auth: auth.NewService(db, cfg.Auth),
		mux:  http.NewServeMux(),
	}
	var blobs disclosure.BlobStore = disclosure.NewDBBlobStore(db)
	if db.Dialect() == store.SQLite && cfg.DataDir != "" {
		blobs = disclosure.NewDiskBlobStore(filepath.Join(cfg.DataDir, "blobs"))
	}
	s.days = workday.NewService(db)
	docs, err := disclosure.NewService(db, disclosure.Config{Location: cfg.Location, IndexPattern: cfg.IndexPattern,
		MaxAttachment: cfg.MaxAttachment, Blobs: blobs, Workdays: s.days.Counter()})
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	s.docs = docs
	s.reqs = request.NewService(db, request.Config{Location: cfg.Location, Docs: docs, Now: cfg.Now,
		Calendar: func(ctx context.Context) (request.Calendar, error) { return s.days.Calendar(ctx) }})
	switch {
	case cfg.SearchCacheTTL < 0:
		s.search = search.NewSearcherTTL(db, 0)
	case cfg.SearchCacheTTL > 0:
		s.search = search.NewSearcherTTL(db, cfg.SearchCacheTTL)
	default:
		s.search = search.NewSearcher(db)
	}
	if s.tmpl, err = parseTemplates(); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(db)
	s.routes()
	s.h = s.middleware(s.mux)
	return s, nil
}

// today is the county's date now (Config.Now).
func (s *Server) today() civil.Date { return civil.Of(s.cfg.Now().In(s.cfg.Location)) }

// Handler is the whole site.
func (s *Server) Handler() http.Handler { return s.h }

// routes registers every route. Each area registers its own in its file.
func (s *Server) routes() {
	s.mux.Handle("GET /static/", staticHandler())
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.metricsHandler())
	s.mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, assetURL("favicon.svg"), http.StatusMovedPermanently)
	})
	s.mux.HandleFunc("POST /prefs/elderly", s.prefsElderly)

	s.mux.HandleFunc("GET /setup/{token}", s.setupForm)
	s.mux.HandleFunc("POST /setup/{token}", s.setupSubmit)

	s.registerPortal()
	s.registerPortalDocuments()
	s.registerAdminDocuments()
	s.registerCatalogPortal()
	s.registerSearch()
	s.registerLogin()
	s.registerAdmin()
	s.registerPortalRequests()
	s.registerAdminRequests()
	s.registerAdminCalendar()
	s.registerAdminReports()
	s.registerAPI()
}
