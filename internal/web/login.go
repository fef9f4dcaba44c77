package web

import (
	"errors"
	"net/http"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/valid"
)

func (s *Server) registerLogin() {
	s.mux.HandleFunc("GET /admin/login", s.loginForm)
	s.mux.HandleFunc("POST /admin/login", s.loginSubmit)
	s.mux.HandleFunc("GET /admin/login/totp", s.totpForm)
	s.mux.HandleFunc("POST /admin/login/totp", s.totpSubmit)
	s.mux.HandleFunc("POST /admin/logout", s.logout)
	s.mux.HandleFunc("/", s.notFound)
}

// badLogin is the one message for every failed login: wrong login, wrong
// password, locked or disabled account. Telling them apart would tell an
// attacker which logins exist.
const badLogin = "登录名或密码错误，或账户已被锁定。"

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if currentUser(r) != nil {
		http.Redirect(w, r, safeReturn(r.URL.Query().Get("next"), "/admin/"), http.StatusSeeOther)
		return
	}
	p := s.page(r, "工作人员登录")
	p.Form.Set("next", r.URL.Query().Get("next"))
	s.render(w, r, http.StatusOK, "login", p)
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	login := strings.TrimSpace(r.PostFormValue("login"))
	next := safeReturn(r.PostFormValue("next"), "/admin/")
	u, err := s.auth.Authenticate(r.Context(), login, r.PostFormValue("password"), info(r).ip)
	if err != nil {
		p := s.page(r, "工作人员登录")
		p.Form.Set("login", login)
		p.Form.Set("next", r.PostFormValue("next"))
		p.Errors = &valid.Errors{}
		status := http.StatusUnauthorized
		switch {
		case errors.Is(err, auth.ErrThrottled):
			p.Errors.Add("login", "登录失败次数过多，请 15 分钟后再试。")
			status = http.StatusTooManyRequests
		case errors.Is(err, auth.ErrInvalidCredentials):
			p.Errors.Add("login", badLogin)
		default:
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, status, "login", p)
		return
	}
	// A fresh session id at every login (no fixation); the old one is dropped.
	if old := info(r).token; old != "" {
		s.auth.DeleteSession(r.Context(), old)
	}
	token, _, err := s.auth.CreateSession(r.Context(), u, info(r).ip, r.UserAgent(), u.TOTPEnabled)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setSessionCookie(w, r, token)
	if u.TOTPEnabled {
		http.Redirect(w, r, "/admin/login/totp?next="+urlQueryEscape(next), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	// No Max-Age: the cookie ends with the browser; the server enforces the
	// idle and absolute timeouts.
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

func (s *Server) totpForm(w http.ResponseWriter, r *http.Request) {
	sess := info(r).session
	if sess == nil || !sess.MFAPending {
		http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
		return
	}
	p := s.page(r, "两步验证")
	p.Form.Set("next", r.URL.Query().Get("next"))
	s.render(w, r, http.StatusOK, "login_totp", p)
}

func (s *Server) totpSubmit(w http.ResponseWriter, r *http.Request) {
	sess := info(r).session
	if sess == nil || !sess.MFAPending {
		http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
		return
	}
	code := strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("code")), " ", "")
	if _, err := s.auth.CompleteMFA(r.Context(), info(r).token, code); err != nil {
		if !errors.Is(err, auth.ErrInvalidCredentials) && !errors.Is(err, auth.ErrNoSession) {
			s.serverError(w, r, err)
			return
		}
		if errors.Is(err, auth.ErrNoSession) {
			s.redirect(w, r, "/admin/login", "登录已失效，请重新登录。")
			return
		}
		p := s.page(r, "两步验证")
		p.Form.Set("next", r.PostFormValue("next"))
		p.Errors = &valid.Errors{}
		p.Errors.Add("code", "验证码不正确或已过期，请输入验证器中当前显示的验证码。")
		s.render(w, r, http.StatusUnauthorized, "login_totp", p)
		return
	}
	http.Redirect(w, r, safeReturn(r.PostFormValue("next"), "/admin/"), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if t := info(r).token; t != "" {
		if err := s.auth.DeleteSession(r.Context(), t); err != nil {
			s.log.Error("logout: delete session", "err", err)
		}
	}
	s.clearCookie(w, r, sessionCookie)
	s.redirect(w, r, "/admin/login", "您已安全退出。")
}
