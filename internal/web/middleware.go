package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"gongkai/internal/auth"
)

// reqInfo travels in the request context; the outermost middleware creates
// it and inner layers fill it in, so the request log sees the route and user.
type reqInfo struct {
	route   string
	ip      string
	user    *auth.User
	session *auth.Session
	token   string // session cookie value, for logout; never logged
	viaAPI  bool   // authenticated with an API token
	csrf    string // the token forms must carry
	elderly bool
}

type ctxKey struct{}

func info(r *http.Request) *reqInfo {
	if ri, ok := r.Context().Value(ctxKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

// currentUser is the signed-in user (session with the second factor done, or
// API token), or nil.
func currentUser(r *http.Request) *auth.User { return info(r).user }

type statusWriter struct {
	http.ResponseWriter
	code  int
	bytes int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// middleware wraps the mux: logging and metrics outermost, then recovery,
// security headers, body limits, CSRF checks and authentication.
func (s *Server) middleware(mux *http.ServeMux) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.csrfFailed(w, r, "cross-origin request")
	}))
	routed := http.HandlerFunc(mux.ServeHTTP)
	inner := s.authenticate(s.checkCSRF(routed))
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{ip: s.clientIP(r)}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, ri))
		w := &statusWriter{ResponseWriter: rw}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic serving request", "method", r.Method, "route", ri.route, "panic", p, "stack", string(debug.Stack()))
				if w.code == 0 {
					s.errorPage(w, r, http.StatusInternalServerError, "服务器内部错误，请稍后再试。")
				}
			}
			d := time.Since(start)
			s.metrics.observe(ri.route, r.Method, w.code, d)
			if !s.log.Enabled(r.Context(), slog.LevelInfo) {
				return // the access log is off: do not build its record
			}
			attrs := []any{"method", r.Method, "path", logPath(r), "route", ri.route, "status", w.code,
				"bytes", w.bytes, "ms", float64(d.Microseconds()) / 1000, "ip", ri.ip}
			if ri.user != nil {
				attrs = append(attrs, "user", ri.user.ID)
			}
			s.log.Info("http request", attrs...)
		}()
		_, ri.route = mux.Handler(r)
		securityHeaders(w.Header(), r)
		if r.Body != nil && r.ContentLength != 0 {
			r.Body = http.MaxBytesReader(w, r.Body, s.bodyLimit(ri.route))
		}
		cop.Handler(inner).ServeHTTP(w, r)
	})
}

// bodyLimit bounds the request body of a route: MaxBodyBytes, or more for
// the upload routes that registered a limit of their own (uploadLimit).
func (s *Server) bodyLimit(route string) int64 {
	if n, ok := s.uploadLimits[route]; ok {
		return max(n, s.cfg.MaxBodyBytes)
	}
	return s.cfg.MaxBodyBytes
}

// uploadLimit lets the route pattern take bodies of up to n bytes.
func (s *Server) uploadLimit(pattern string, n int64) {
	if s.uploadLimits == nil {
		s.uploadLimits = map[string]int64{}
	}
	s.uploadLimits[pattern] = n
}

// logPath is the path for logs, with secrets (one-time setup links) cut out.
// Query strings are never logged.
func logPath(r *http.Request) string {
	p := r.URL.Path
	if strings.HasPrefix(p, "/setup/") {
		return "/setup/…"
	}
	return p
}

// csp allows nothing inline and nothing from elsewhere: the platform must run
// without internet, and inline script is the usual XSS vector.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(h http.Header, r *http.Request) {
	// Shared values (len == cap: adding to one makes a new slice); every
	// response carries them, so they are not allocated per request.
	for _, kv := range securityHeaderValues {
		h[kv.key] = kv.value
	}
	if r.TLS != nil {
		h["Strict-Transport-Security"] = hstsValue
	}
}

var securityHeaderValues = []struct {
	key   string // canonical form
	value []string
}{
	{"Content-Security-Policy", []string{csp}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=()"}},
}

var hstsValue = []string{"max-age=31536000"}

// clientIP is the peer address, or the first X-Forwarded-For hop when the
// server sits behind a trusted proxy.
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			return strings.TrimSpace(strings.Split(xff, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// secure reports whether the client reached us over TLS (directly or, when
// trusted, through a proxy), so cookies get the Secure flag.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || (s.cfg.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https")
}

// csrfCookieAttrs follow the value of the CSRF cookie (see authenticate).
const (
	csrfCookieAttrs       = "; Path=/; HttpOnly; SameSite=Lax"
	csrfCookieAttrsSecure = "; Path=/; HttpOnly; Secure; SameSite=Lax"
)

const (
	sessionCookie = "gk_session"
	csrfCookie    = "gk_csrf"
	elderlyCookie = "gk_elderly"
	flashCookie   = "gk_flash"
	csrfField     = "csrf_token"
)

// authenticate resolves the API token or the session cookie into a user.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := info(r)
		if c, err := r.Cookie(elderlyCookie); err == nil && c.Value == "1" {
			ri.elderly = true
		}
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			u, err := s.auth.AuthenticateToken(r.Context(), strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
			if err != nil {
				if !errors.Is(err, auth.ErrInvalidCredentials) {
					s.log.Error("api token lookup failed", "err", err)
				}
				apiError(w, http.StatusUnauthorized, "unauthorized", "API 令牌无效、已过期或已吊销")
				return
			}
			ri.user, ri.viaAPI = &u, true
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			sess, u, err := s.auth.LookupSession(r.Context(), c.Value)
			switch {
			case err == nil:
				ri.session, ri.token, ri.csrf = &sess, c.Value, sess.CSRFToken
				if !sess.MFAPending {
					ri.user = &u
				} else {
					ri.user = nil
				}
			case errors.Is(err, auth.ErrNoSession):
				s.clearCookie(w, r, sessionCookie)
			default:
				s.log.Error("session lookup failed", "err", err)
			}
		}
		if ri.csrf == "" {
			if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
				ri.csrf = c.Value
			} else {
				ri.csrf = randomToken()
				// Every new visitor gets one (the load of a busy portal):
				// the header http.SetCookie would write, without its checks
				// of a name and a value that are always valid.
				attrs := csrfCookieAttrs
				if s.secure(r) {
					attrs = csrfCookieAttrsSecure
				}
				w.Header().Add("Set-Cookie", csrfCookie+"="+ri.csrf+attrs)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// checkCSRF requires, on every state-changing browser request, a form token
// that matches the session's (or, before login, the CSRF cookie's). It
// complements CrossOriginProtection, which lets through old browsers that
// send neither Sec-Fetch-Site nor Origin. API token requests carry no
// cookies and are exempt.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			next.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			apiError(w, http.StatusUnauthorized, "unauthorized", "API 请求需要 Authorization: Bearer 令牌")
			return
		}
		if r.URL.Path == "/prefs/elderly" && info(r).session == nil {
			// Cached public pages are shared by every visitor, so their 适老化
			// switch carries no form token. It only sets a display cookie;
			// CrossOriginProtection (outside) has refused cross-site posts.
			next.ServeHTTP(w, r)
			return
		}
		got := r.Header.Get("X-CSRF-Token")
		if got == "" {
			// PostFormValue drops parse errors: a body over the limit would
			// look like a missing token (403) instead of a 413.
			err := r.ParseForm() // urlencoded bodies
			if err == nil {
				err = r.ParseMultipartForm(32 << 20)
			}
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				s.errorPage(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(mbe.Limit))
				return
			}
			got = r.PostFormValue(csrfField) // parses urlencoded and multipart bodies
		}
		want := info(r).csrf
		var expectedFromCookie bool
		if info(r).session == nil {
			// Before login the token lives in a cookie; it must already have been
			// set by an earlier page, not minted on this very request.
			c, err := r.Cookie(csrfCookie)
			expectedFromCookie = err == nil && c.Value == want
		}
		if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 ||
			(info(r).session == nil && !expectedFromCookie) {
			s.csrfFailed(w, r, "missing or wrong form token")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) csrfFailed(w http.ResponseWriter, r *http.Request, why string) {
	s.log.Warn("csrf check failed", "method", r.Method, "path", logPath(r), "reason", why, "ip", info(r).ip)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		apiError(w, http.StatusForbidden, "forbidden", "跨站请求被拒绝")
		return
	}
	s.errorPage(w, r, http.StatusForbidden, "请求已失效或来源不明，已被拒绝。请返回上一页，刷新后重试。")
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}
