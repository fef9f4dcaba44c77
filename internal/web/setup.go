package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/valid"
)

// The first-run setup page: `gongkai serve` on an empty database prints a
// one-time link /setup/TOKEN. It creates the top unit (if there is none yet)
// and the first system administrator.

func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) {
	if !s.setupTokenOK(w, r) {
		return
	}
	s.renderSetup(w, r, http.StatusOK, url.Values{}, nil)
}

func (s *Server) renderSetup(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs *valid.Errors) {
	roots, err := s.orgs.Roots(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, "初始设置")
	p.Form, p.Errors = form, errs
	p.Data = len(roots) == 0 // ask for the top unit too
	s.render(w, r, status, "setup", p)
}

func (s *Server) setupSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.setupTokenOK(w, r) {
		return
	}
	r.ParseForm()
	f := r.PostForm
	login := strings.ToLower(strings.TrimSpace(f.Get("login")))
	errs := &valid.Errors{}
	if f.Get("password") != f.Get("password2") {
		errs.Add("password2", "两次输入的密码不一致")
	}
	if err := auth.CheckPassword(login, f.Get("password")); err != nil {
		var ve *valid.Errors
		if errors.As(err, &ve) {
			errs.Problems = append(errs.Problems, ve.Problems...)
		}
	}
	if errs.Err() != nil {
		s.renderSetup(w, r, http.StatusUnprocessableEntity, f, errs)
		return
	}
	roots, err := s.orgs.Roots(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var root org.Unit
	if len(roots) > 0 {
		root = roots[0]
	} else {
		root, err = s.orgs.Create(ctx, audit.Actor{Login: "setup", IP: info(r).ip}, org.Input{
			Code: f.Get("unit_code"), Name: f.Get("unit_name"), Type: org.TypeCountyGovernment,
		})
		var ve *valid.Errors
		if errors.As(err, &ve) {
			s.renderSetup(w, r, http.StatusUnprocessableEntity, f, ve)
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	u, err := s.auth.CompleteSetup(ctx, r.PathValue("token"), auth.NewUser{
		Login: login, Name: f.Get("name"), UnitID: root.ID, Role: auth.RoleSystemAdmin, Password: f.Get("password"),
	})
	var ve *valid.Errors
	switch {
	case errors.As(err, &ve):
		// The form's "name" field is the person's name; the unit's is unit_name.
		for i := range ve.Problems {
			if ve.Problems[i].Field == "name" {
				ve.Problems[i].Field = "user_name"
			}
		}
		s.renderSetup(w, r, http.StatusUnprocessableEntity, f, ve)
		return
	case errors.Is(err, auth.ErrBadSetupToken):
		s.notFound(w, r)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	token, _, err := s.auth.CreateSession(ctx, u, info(r).ip, r.UserAgent(), false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setSessionCookie(w, r, token)
	s.redirect(w, r, "/admin/", "初始设置完成。欢迎使用！接下来可以在“单位管理”中建立各单位，在“用户管理”中创建账户。")
}

// setupTokenOK answers 404 unless the path carries the live setup token
// (a wrong, used or absent link looks like any missing page).
func (s *Server) setupTokenOK(w http.ResponseWriter, r *http.Request) bool {
	err := s.auth.CheckSetupToken(r.Context(), r.PathValue("token"))
	switch {
	case errors.Is(err, auth.ErrBadSetupToken):
		s.notFound(w, r)
		return false
	case err != nil:
		s.serverError(w, r, err)
		return false
	}
	return true
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
