package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// adminUserNew shows the form for a new user: only units the user may
// create users in, only roles they may grant.
func (s *Server) adminUserNew(w http.ResponseWriter, r *http.Request) {
	form := url.Values{}
	form.Set("unit_id", r.URL.Query().Get("unit"))
	form.Set("must_change", "1")
	s.renderUserNew(w, r, http.StatusOK, form, nil)
}

func (s *Server) renderUserNew(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs *valid.Errors) {
	units, err := s.unitsFor(r, auth.ActUserCreate)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	roles := grantableRoles(currentUser(r))
	if len(units) == 0 || len(roles) == 0 {
		s.forbidden(w, r)
		return
	}
	p := s.page(r, "新建用户")
	p.Section = "users"
	p.Form, p.Errors = form, errs
	p.Data = struct {
		Units []org.Unit
		Roles []auth.Role
	}{units, roles}
	s.render(w, r, status, "admin_user_new", p)
}

// secretPage is a page that shows a password or token once. It is
// rendered in the response to the POST, never carried through a redirect
// or a cookie.
type secretPage struct {
	Heading string
	Intro   string
	Label   string
	Secret  string
	Warning string
	Back    string
	BackTo  string
}

// adminUserCreate creates the user. With no password given, a temporary
// one is generated, must be changed at the first login, and is shown once.
func (s *Server) adminUserCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	form := trimForm(r)
	me := currentUser(r)
	if len(grantableRoles(me)) == 0 {
		s.forbidden(w, r)
		return
	}
	in := auth.NewUser{Login: form.Get("login"), Name: form.Get("name"), Role: auth.Role(form.Get("role")),
		Email: form.Get("email"), Phone: form.Get("phone"), Password: form.Get("password"),
		MustChangePassword: checked(form.Get("must_change"))}
	if in.Role.Valid() && !auth.CanGrant(me.Subject(), in.Role) {
		s.forbidden(w, r)
		return
	}
	if v := form.Get("unit_id"); v != "" {
		in.UnitID, _ = strconv.ParseInt(v, 10, 64)
		u, err := s.orgs.Get(ctx, in.UnitID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			// auth reports the unknown unit on the form.
		case err != nil:
			s.serverError(w, r, err)
			return
		case !s.can(r, auth.ActUserCreate, u):
			s.forbidden(w, r)
			return
		}
	}
	generated := in.Password == ""
	if generated {
		in.Password = auth.TempPassword(in.Login)
		in.MustChangePassword = true
	}
	u, err := s.auth.CreateUser(ctx, s.actor(r), in)
	if ve, ok := asValid(err); ok {
		form.Del("password")
		s.renderUserNew(w, r, http.StatusUnprocessableEntity, form, ve)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	to := "/admin/users/" + strconv.FormatInt(u.ID, 10)
	if !generated {
		s.redirect(w, r, to, "已创建用户“"+u.Name+"”（"+u.Login+"）。")
		return
	}
	p := s.page(r, "用户已创建")
	p.Section = "users"
	p.Data = secretPage{
		Heading: "用户已创建", Intro: "已为 " + u.Name + "（登录名 " + u.Login + "，" + u.Role.Label() + "，" + u.UnitName + "）创建账户。",
		Label: "临时密码", Secret: in.Password,
		Warning: "临时密码只显示这一次，离开本页后无法再查看。请通过当面或电话等安全方式告知本人，不要通过短信、微信或邮件发送。本人首次登录后须立即修改密码。",
		Back:    "查看该用户", BackTo: to,
	}
	s.render(w, r, http.StatusOK, "admin_secret", p)
}
