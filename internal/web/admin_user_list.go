package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

const usersPerPage = 50

// adminUserList lists the users the viewer may see, with filters (unit and
// the units under it, role, text, locked only, inactive too), 50 a page.
func (s *Server) adminUserList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := currentUser(r)
	if !s.can(r, auth.ActUserView, me) {
		s.forbidden(w, r)
		return
	}
	q := r.URL.Query()
	f := auth.UserFilter{UnderPath: s.scopePath(r, auth.ActUserView), Query: q.Get("q"),
		LockedOnly: checked(q.Get("locked")), IncludeInactive: checked(q.Get("inactive"))}
	if v := q.Get("unit"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		u, err := s.orgs.Get(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			s.notFound(w, r)
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if !s.can(r, auth.ActUserView, u) {
			s.forbidden(w, r)
			return
		}
		f.UnderPath = u.Path
	}
	if role := auth.Role(q.Get("role")); role.Valid() {
		f.Role = role
	}
	page := pageNumber(q)
	f.Limit, f.Offset = usersPerPage, (page-1)*usersPerPage
	users, total, err := s.auth.ListUsers(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	units, err := s.unitsFor(r, auth.ActUserView)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	creatable, err := s.unitsFor(r, auth.ActUserCreate)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, "用户管理")
	p.Section = "users"
	p.Form = q
	p.Data = struct {
		Users     []auth.User
		Units     []org.Unit
		Pager     pager
		CanCreate bool
		Now       time.Time
	}{users, units, newPager("/admin/users", q, page, total, usersPerPage), len(creatable) > 0 && len(grantableRoles(me)) > 0, time.Now()}
	s.render(w, r, http.StatusOK, "admin_users", p)
}
