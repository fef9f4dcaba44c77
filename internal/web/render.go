package web

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/valid"
)

//go:embed all:templates static
var assets embed.FS

// Page is what every template receives.
type Page struct {
	Title    string
	SiteName string
	Admin    bool // back-office chrome instead of the portal's
	Section  string
	User     *auth.User
	CSRF     string
	Elderly  bool
	Flash    string
	Path     string
	Errors   *valid.Errors
	Form     url.Values
	Data     any
	Feed     string // an Atom feed of the page's documents, announced in the head
	NoIndex  bool   // ask search engines not to index the page (withdrawal notices)
	SearchQ  string // the query shown in the header's search box (the search page sets it)
	Now      time.Time
	loc      *time.Location
}

// Can lets templates ask the policy function about the current user, so a
// button is shown only when the action would be allowed.
func (p *Page) Can(action string, target any) bool {
	if p.User == nil {
		return false
	}
	return auth.Can(p.User.Subject(), auth.Action(action), unitRef(target))
}

// Err is the message for a form field, or "".
func (p *Page) Err(field string) string {
	if p.Errors == nil {
		return ""
	}
	return p.Errors.For(field)
}

// Val is the submitted value of a form field (to redisplay a rejected form).
func (p *Page) Val(field string) string { return p.Form.Get(field) }

// unitRef turns what templates and handlers hold into the policy's UnitRef.
func unitRef(v any) auth.UnitRef {
	switch u := v.(type) {
	case org.Unit:
		return auth.UnitRef{ID: u.ID, Path: u.Path}
	case *org.Unit:
		return auth.UnitRef{ID: u.ID, Path: u.Path}
	case auth.User:
		return auth.UnitRef{ID: u.UnitID, Path: u.UnitPath}
	case *auth.User:
		return auth.UnitRef{ID: u.UnitID, Path: u.UnitPath}
	case auth.UnitRef:
		return u
	}
	return auth.UnitRef{}
}

var funcs = template.FuncMap{
	"roleLabel": func(r auth.Role) string { return r.Label() },
	"typeLabel": func(t org.Type) string { return t.Label() },
	"asset":     assetURL,
	"indent":    func(depth int) string { return strings.Repeat("　", depth) },
	"add":       func(a, b int) int { return a + b },
	"roles":     auth.Roles,
	"unitTypes": org.Types,
	"join":      strings.Join,
}

// fmtTime and fmtDate are added per page so they use the county's zone.
func (p *Page) FmtTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(p.loc).Format("2006-01-02 15:04")
}

func (p *Page) FmtDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(p.loc).Format("2006-01-02")
}

// parseTemplates parses layout.html and the partials (_*.html) once, then
// each page on a clone of them; a page is rendered by its file name.
func parseTemplates() (map[string]*template.Template, error) {
	base := template.New("layout.html").Funcs(funcs)
	if _, err := base.ParseFS(assets, "templates/layout.html", "templates/_*.html"); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	pages, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := path.Base(p)
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(assets, p)
		if err != nil {
			return nil, fmt.Errorf("templates: %s: %w", name, err)
		}
		out[strings.TrimSuffix(name, ".html")] = t
	}
	return out, nil
}

// page starts the data for a template from the request.
func (s *Server) page(r *http.Request, title string) *Page {
	ri := info(r)
	return &Page{
		Title: title, SiteName: s.siteName(r), User: ri.user, CSRF: ri.csrf, Elderly: ri.elderly,
		Path: r.URL.Path, Admin: strings.HasPrefix(r.URL.Path, "/admin"), Form: url.Values{},
		Now: time.Now(), loc: s.cfg.Location,
	}
}

// siteName is the name of the top unit (the county government), shown in
// every header.
// It is cached for a few seconds: every page shows it, and a county renames
// its government rarely (other processes sharing the database see a rename
// within siteNameTTL).
func (s *Server) siteName(r *http.Request) string {
	if c := s.siteNameCache.Load(); c != nil && time.Since(c.at) < siteNameTTL {
		return c.name
	}
	name := "政务公开平台"
	roots, err := s.orgs.Roots(r.Context())
	if err != nil {
		s.log.Error("site name: root units", "err", err)
		return name
	}
	if len(roots) > 0 {
		name = roots[0].Name
	}
	s.siteNameCache.Store(&cachedName{name: name, at: time.Now()})
	return name
}

const siteNameTTL = 10 * time.Second

type cachedName struct {
	name string
	at   time.Time
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	s.renderPage(w, r, status, name, p, nil)
}

// contentWriter writes what a page's template "content" would, by hand
// (see portal_fast.go).
type contentWriter func(b *bytes.Buffer, p *Page)

// renderPage is render with the page's content written by content, or by
// its template when content is nil.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, name string, p *Page, content contentWriter) {
	if p.Flash == "" {
		p.Flash = s.takeFlash(w, r)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer putBuf(buf)
	if err := s.execPage(buf, name, p, content); err != nil {
		s.log.Error("render failed", "template", name, "err", err)
		http.Error(w, "内部错误", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h["Content-Type"] = htmlContentType
	h["Content-Length"] = []string{strconv.Itoa(buf.Len())}
	if p.User != nil || p.Admin {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// htmlContentType is shared by every response: net/http never changes a
// header's slice, and a handler that adds a value gets a new one (len ==
// cap).
var htmlContentType = []string{"text/html; charset=utf-8"}

// putBuf returns a buffer to the pool unless a huge page made it too big
// to keep.
func putBuf(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		bufPool.Put(b)
	}
}

// execPage writes the page: the back office through layout.html, the
// portal's layout by hand around the page's content (its template's
// "content", or content when given).
func (s *Server) execPage(buf *bytes.Buffer, name string, p *Page, content contentWriter) error {
	t, ok := s.tmpl[name]
	if !ok {
		return fmt.Errorf("no such template %q", name)
	}
	if p.Admin {
		return t.ExecuteTemplate(buf, "layout.html", p)
	}
	writeLayoutTop(buf, p)
	if content != nil {
		content(buf, p)
	} else if err := t.ExecuteTemplate(buf, "content", p); err != nil {
		return err
	}
	writeLayoutBottom(buf, p)
	return nil
}

// errorPage renders a plain page with a Chinese message.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p := s.page(r, http.StatusText(status))
	p.Title = map[int]string{400: "请求有误", 403: "无权访问", 404: "页面不存在", 405: "方法不允许",
		413: "内容过大", 429: "请求过于频繁", 500: "服务器错误", 503: "暂时无法服务"}[status]
	if p.Title == "" {
		p.Title = "出错了"
	}
	p.Data = msg
	s.render(w, r, status, "error", p)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "您访问的页面不存在或已被移除。")
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusForbidden, "您的账户没有执行此操作的权限。如需开通，请联系本单位管理员。")
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "method", r.Method, "path", logPath(r), "err", err)
	s.errorPage(w, r, http.StatusInternalServerError, "服务器内部错误，请稍后再试。如果问题持续，请联系系统管理员。")
}

// setFlash leaves a one-time message for the next page (after a redirect).
func (s *Server) setFlash(w http.ResponseWriter, r *http.Request, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: 60})
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil || c.Value == "" {
		return ""
	}
	s.clearCookie(w, r, flashCookie)
	msg, _ := url.QueryUnescape(c.Value)
	return msg
}

// redirect sends the browser on after a successful POST (303: see other).
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		s.setFlash(w, r, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// safeReturn keeps a return address on this site (no open redirects).
func safeReturn(to, fallback string) string {
	if to == "" || !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") || strings.HasPrefix(to, "/\\") {
		return fallback
	}
	return to
}

func randomToken() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Static files are embedded; their URLs carry a content hash so browsers
// may cache them for a year.
var assetHashes = func() map[string]string {
	m := map[string]string{}
	fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := assets.ReadFile(p)
		sum := sha256.Sum256(b)
		m[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:4])
		return nil
	})
	return m
}()

func assetURL(name string) string {
	return "/static/" + name + "?v=" + assetHashes[name]
}

func staticHandler() http.Handler {
	sub, _ := fs.Sub(assets, "static")
	fsrv := http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if h, ok := assetHashes[name]; ok && r.URL.Query().Get("v") == h {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		fsrv.ServeHTTP(w, r)
	})
}
