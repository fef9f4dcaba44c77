package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// userPage is what admin_user.html shows.
type userPage struct {
	Target        auth.User
	Self          bool
	Locked        bool
	Sessions      int
	Units         []org.Unit
	Roles         []auth.Role
	CanEdit       bool
	CanDeactivate bool
	CanReset      bool
	CanUnlock     bool
	CanRevoke     bool
	UnitViewable  bool
}

// adminUserView shows a user and the actions the viewer may take on them.
func (s *Server) adminUserView(w http.ResponseWriter, r *http.Request) {
	u, ok := s.loadUser(w, r)
	if !ok {
		return
	}
	if !s.can(r, auth.ActUserView, u) {
		s.forbidden(w, r)
		return
	}
	s.renderUser(w, r, http.StatusOK, u, userForm(u), nil)
}

func userForm(u auth.User) url.Values {
	f := url.Values{}
	f.Set("name", u.Name)
	f.Set("unit_id", strconv.FormatInt(u.UnitID, 10))
	f.Set("role", string(u.Role))
	f.Set("email", u.Email)
	f.Set("phone", u.Phone)
	if u.Active {
		f.Set("active", "1")
	}
	return f
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, u auth.User, form url.Values, errs *valid.Errors) {
	ctx := r.Context()
	me := currentUser(r)
	d := userPage{
		Target: u, Self: me.ID == u.ID, Locked: u.Locked(time.Now()),
		CanEdit:       s.canManage(r, auth.ActUserEdit, u),
		CanDeactivate: s.canManage(r, auth.ActUserDeactivate, u) && me.ID != u.ID,
		CanReset:      s.canManage(r, auth.ActUserResetPassword, u) && me.ID != u.ID,
		CanUnlock:     s.canManage(r, auth.ActUserUnlock, u),
		CanRevoke:     s.canManage(r, auth.ActUserRevokeSessions, u),
		UnitViewable:  s.can(r, auth.ActUnitView, u),
	}
	var err error
	if d.Sessions, err = s.auth.CountSessions(ctx, u.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.CanEdit && !d.Self {
		if d.Units, err = s.unitsFor(r, auth.ActUserEdit); err != nil {
			s.serverError(w, r, err)
			return
		}
		d.Roles = grantableRoles(me)
		// The current unit and role stay selectable even where the editor
		// could not choose them (an inactive unit, a role they cannot grant),
		// so that saving other fields does not change them by accident.
		if !slices.ContainsFunc(d.Units, func(x org.Unit) bool { return x.ID == u.UnitID }) {
			d.Units = append([]org.Unit{{ID: u.UnitID, Name: u.UnitName}}, d.Units...)
		}
		if !slices.Contains(d.Roles, u.Role) {
			d.Roles = append([]auth.Role{u.Role}, d.Roles...)
		}
	}
	p := s.page(r, u.Name)
	p.Section = "users"
	p.Form, p.Errors = form, errs
	p.Data = d
	s.render(w, r, status, "admin_user", p)
}

// adminUserEdit saves a user's name, contact details and, for someone
// else, unit, role and status. A new role must be one the editor may
// grant; a new unit must be one they may edit users in, as must the old.
// Nobody changes their own role, unit or status here: that would let an
// administrator lock themselves out or slip out of their own scope.
func (s *Server) adminUserEdit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, ok := s.loadUser(w, r)
	if !ok {
		return
	}
	me := currentUser(r)
	if !s.canManage(r, auth.ActUserEdit, u) {
		s.forbidden(w, r)
		return
	}
	form := trimForm(r)
	name, email, phone := form.Get("name"), form.Get("email"), form.Get("phone")
	in := auth.UserUpdate{Name: &name, Email: &email, Phone: &phone}
	e := &valid.Errors{}
	self := me.ID == u.ID
	if role := auth.Role(form.Get("role")); role != "" && role != u.Role {
		switch {
		case self:
			e.Add("role", "不能修改自己的角色，请联系其他管理员")
		case role.Valid() && !auth.CanGrant(me.Subject(), role):
			s.forbidden(w, r)
			return
		default:
			in.Role = &role
		}
	}
	if v := form.Get("unit_id"); v != "" && v != strconv.FormatInt(u.UnitID, 10) {
		id, _ := strconv.ParseInt(v, 10, 64)
		nu, err := s.orgs.Get(ctx, id)
		switch {
		case self:
			e.Add("unit_id", "不能修改自己所在的单位，请联系其他管理员")
		case errors.Is(err, store.ErrNotFound):
			e.Add("unit_id", "所选单位不存在")
		case err != nil:
			s.serverError(w, r, err)
			return
		case !s.can(r, auth.ActUserEdit, nu):
			s.forbidden(w, r)
			return
		default:
			in.UnitID = &id
		}
	}
	if form.Get("has_active") == "1" {
		active := checked(form.Get("active"))
		if active != u.Active {
			switch {
			case self:
				e.Add("active", "不能停用自己的账户")
			case !s.canManage(r, auth.ActUserDeactivate, u):
				s.forbidden(w, r)
				return
			default:
				in.Active = &active
			}
		}
	}
	if e.Err() != nil {
		s.renderUser(w, r, http.StatusUnprocessableEntity, u, form, e)
		return
	}
	nu, err := s.auth.UpdateUser(ctx, s.actor(r), u.ID, in)
	if ve, ok := asValid(err); ok {
		s.renderUser(w, r, http.StatusUnprocessableEntity, u, form, ve)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10), "已保存用户“"+nu.Name+"”。")
}
