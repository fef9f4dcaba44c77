package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// apiUser is a user as the API shows it: never a password hash or a TOTP
// secret.
type apiUser struct {
	ID                 int64      `json:"id"`
	Login              string     `json:"login"`
	Name               string     `json:"name"`
	UnitID             int64      `json:"unit_id"`
	UnitCode           string     `json:"unit_code"`
	UnitName           string     `json:"unit_name"`
	Role               auth.Role  `json:"role"`
	RoleLabel          string     `json:"role_label"`
	Email              string     `json:"email"`
	Phone              string     `json:"phone"`
	TOTPEnabled        bool       `json:"totp_enabled"`
	MustChangePassword bool       `json:"must_change_password"`
	Active             bool       `json:"active"`
	Locked             bool       `json:"locked"`
	LastLoginAt        *time.Time `json:"last_login_at"`
	CreatedAt          time.Time  `json:"created_at"`
}

func toAPIUser(u auth.User) apiUser {
	return apiUser{ID: u.ID, Login: u.Login, Name: u.Name, UnitID: u.UnitID, UnitCode: u.UnitCode, UnitName: u.UnitName,
		Role: u.Role, RoleLabel: u.Role.Label(), Email: u.Email, Phone: u.Phone, TOTPEnabled: u.TOTPEnabled,
		MustChangePassword: u.MustChangePassword, Active: u.Active, Locked: u.Locked(time.Now()),
		LastLoginAt: timePtr(u.LastLoginAt), CreatedAt: u.CreatedAt}
}

// apiUserCreated is a new user, with the generated password when the
// request gave none (shown this once).
type apiUserCreated struct {
	apiUser
	TemporaryPassword string `json:"temporary_password,omitempty"`
}

// apiUserInput is the body of POST /api/v1/users.
type apiUserInput struct {
	Login    string  `json:"login"`
	Name     string  `json:"name"`
	Unit     string  `json:"unit"` // unit code
	Role     string  `json:"role"` // role code or its Chinese name
	Email    string  `json:"email"`
	Phone    string  `json:"phone"`
	Password *string `json:"password"` // absent: a temporary password is generated
	// MustChangePassword defaults to true: a password an administrator
	// chose is not the user's own.
	MustChangePassword *bool `json:"must_change_password"`
}

// apiUserPatch is the body of PATCH /api/v1/users/{id}; absent fields keep
// their values.
type apiUserPatch struct {
	Name   *string `json:"name"`
	Unit   *string `json:"unit"`
	Role   *string `json:"role"`
	Email  *string `json:"email"`
	Phone  *string `json:"phone"`
	Active *bool   `json:"active"`
}

// apiTemporaryPassword answers a password reset.
type apiTemporaryPassword struct {
	TemporaryPassword string `json:"temporary_password"`
}

// apiSessionsRevoked answers revoke-sessions.
type apiSessionsRevoked struct {
	Revoked int `json:"revoked"`
}

// userByID loads the user named in the path, answering 404 itself.
func (s *Server) userByID(w http.ResponseWriter, r *http.Request) (auth.User, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		apiError(w, http.StatusNotFound, "not_found", "用户不存在")
		return auth.User{}, false
	}
	u, err := s.auth.GetUser(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		apiError(w, http.StatusNotFound, "not_found", "用户不存在")
		return u, false
	}
	if err != nil {
		s.apiFail(w, r, err)
		return u, false
	}
	return u, true
}

// unitField looks up a unit code sent in a body; an unknown code is a
// validation problem of field, answered here.
func (s *Server) unitField(w http.ResponseWriter, r *http.Request, field, code string) (org.Unit, bool) {
	code = strings.TrimSpace(code)
	if code == "" {
		apiInvalidField(w, field, "请填写单位编码")
		return org.Unit{}, false
	}
	u, err := s.orgs.GetByCode(r.Context(), code)
	if errors.Is(err, store.ErrNotFound) {
		apiInvalidField(w, field, fmt.Sprintf("单位编码“%s”不存在", code))
		return u, false
	}
	if err != nil {
		s.apiFail(w, r, err)
		return u, false
	}
	return u, true
}

// apiUserList lists the users the token's user may see: everyone for a
// county-wide user.view, their own unit's subtree otherwise.
func (s *Server) apiUserList(w http.ResponseWriter, r *http.Request, u *auth.User) {
	if !s.can(r, auth.ActUserView, *u) {
		apiForbidden(w)
		return
	}
	p, err := parsePaging(r)
	if err != nil {
		apiBadRequest(w, err.Error())
		return
	}
	q := r.URL.Query()
	f := auth.UserFilter{Query: q.Get("q"), Limit: p.PerPage, Offset: p.offset(), UnderPath: s.scopePath(r, auth.ActUserView)}
	if f.LockedOnly, err = queryBool(r, "locked"); err != nil {
		apiBadRequest(w, err.Error())
		return
	}
	if f.IncludeInactive, err = queryBool(r, "include_inactive"); err != nil {
		apiBadRequest(w, err.Error())
		return
	}
	if v := q.Get("role"); v != "" {
		if f.Role, err = auth.ParseRole(v); err != nil {
			apiBadRequest(w, fmt.Sprintf("参数 role：未知的角色“%s”", v))
			return
		}
	}
	if code := q.Get("unit"); code != "" {
		un, err := s.orgs.GetByCode(r.Context(), code)
		if errors.Is(err, store.ErrNotFound) {
			apiBadRequest(w, fmt.Sprintf("参数 unit：单位“%s”不存在", code))
			return
		}
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		if !s.can(r, auth.ActUserView, un) {
			apiForbidden(w)
			return
		}
		f.UnderPath = un.Path
	}
	users, total, err := s.auth.ListUsers(r.Context(), f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := apiList[apiUser]{Items: make([]apiUser, len(users)), Total: total, Page: p.Page, PerPage: p.PerPage}
	for i, x := range users {
		out.Items[i] = toAPIUser(x)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiUserGet(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	target, ok := s.userByID(w, r)
	if !ok {
		return
	}
	if !s.can(r, auth.ActUserView, target) {
		apiForbidden(w)
		return
	}
	writeJSON(w, http.StatusOK, toAPIUser(target))
}

// apiUserCreate creates a user in a unit the token's user may create users
// in, with a role they may grant.
func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request, u *auth.User) {
	var in apiUserInput
	if !decodeAPI(w, r, &in) {
		return
	}
	unit, ok := s.unitField(w, r, "unit", in.Unit)
	if !ok {
		return
	}
	if !s.can(r, auth.ActUserCreate, unit) {
		apiForbidden(w)
		return
	}
	role, err := auth.ParseRole(in.Role)
	if err != nil {
		apiInvalidField(w, "role", "请选择有效的角色："+roleList())
		return
	}
	if !auth.CanGrant(u.Subject(), role) {
		apiError(w, http.StatusForbidden, "forbidden", fmt.Sprintf("您不能授予“%s”角色", role.Label()))
		return
	}
	nu := auth.NewUser{Login: in.Login, Name: in.Name, UnitID: unit.ID, Role: role, Email: in.Email, Phone: in.Phone,
		MustChangePassword: true}
	if in.MustChangePassword != nil {
		nu.MustChangePassword = *in.MustChangePassword
	}
	var temp string
	if in.Password != nil {
		nu.Password = *in.Password
	} else {
		temp = auth.TempPassword(in.Login)
		nu.Password, nu.MustChangePassword = temp, true
	}
	created, err := s.auth.CreateUser(r.Context(), s.actor(r), nu)
	if err != nil {
		s.apiFail(w, r, renameProblems(err, "unit_id", "unit"))
		return
	}
	w.Header().Set("Location", "/api/v1/users/"+strconv.FormatInt(created.ID, 10))
	writeJSON(w, http.StatusCreated, apiUserCreated{apiUser: toAPIUser(created), TemporaryPassword: temp})
}

func roleList() string {
	var s []string
	for _, r := range auth.Roles() {
		s = append(s, fmt.Sprintf("%s（%s）", r.Label(), r))
	}
	return strings.Join(s, "、")
}

// apiUserUpdate changes the fields present in the body. Moving a user to
// another unit needs user.create there; giving a role needs CanGrant;
// (de)activating needs user.deactivate. Nobody changes their own unit, role
// or active state, so that an administrator cannot lock themselves out.
func (s *Server) apiUserUpdate(w http.ResponseWriter, r *http.Request, u *auth.User) {
	target, ok := s.userByID(w, r)
	if !ok {
		return
	}
	if !s.canManage(r, auth.ActUserEdit, target) {
		apiForbidden(w)
		return
	}
	var p apiUserPatch
	if !decodeAPI(w, r, &p) {
		return
	}
	upd := auth.UserUpdate{Name: p.Name, Email: p.Email, Phone: p.Phone}
	self := target.ID == u.ID
	if p.Unit != nil {
		unit, ok := s.unitField(w, r, "unit", *p.Unit)
		if !ok {
			return
		}
		if unit.ID != target.UnitID {
			if self || !s.can(r, auth.ActUserCreate, unit) {
				apiForbidden(w)
				return
			}
			upd.UnitID = &unit.ID
		}
	}
	if p.Role != nil {
		role, err := auth.ParseRole(*p.Role)
		if err != nil {
			apiInvalidField(w, "role", "请选择有效的角色："+roleList())
			return
		}
		if role != target.Role {
			if self || !auth.CanGrant(u.Subject(), role) {
				apiError(w, http.StatusForbidden, "forbidden", fmt.Sprintf("您不能授予“%s”角色", role.Label()))
				return
			}
			upd.Role = &role
		}
	}
	if p.Active != nil && *p.Active != target.Active {
		if self || !s.canManage(r, auth.ActUserDeactivate, target) {
			apiForbidden(w)
			return
		}
		upd.Active = p.Active
	}
	got, err := s.auth.UpdateUser(r.Context(), s.actor(r), target.ID, upd)
	if err != nil {
		s.apiFail(w, r, renameProblems(err, "unit_id", "unit"))
		return
	}
	writeJSON(w, http.StatusOK, toAPIUser(got))
}

// apiUserResetPassword gives the user a temporary password (returned once)
// that must be changed at the next login, ends their sessions and lifts a
// lockout. 三员分立: only the security admin (or a unit admin within their
// unit) may do it.
func (s *Server) apiUserResetPassword(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	target, ok := s.userByID(w, r)
	if !ok {
		return
	}
	if !s.canManage(r, auth.ActUserResetPassword, target) {
		apiForbidden(w)
		return
	}
	pw, err := s.auth.ResetPassword(r.Context(), s.actor(r), target.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiTemporaryPassword{TemporaryPassword: pw})
}

func (s *Server) apiUserUnlock(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	target, ok := s.userByID(w, r)
	if !ok {
		return
	}
	if !s.canManage(r, auth.ActUserUnlock, target) {
		apiForbidden(w)
		return
	}
	if err := s.auth.Unlock(r.Context(), s.actor(r), target.ID); err != nil {
		s.apiFail(w, r, err)
		return
	}
	got, err := s.auth.GetUser(r.Context(), target.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIUser(got))
}

// apiUserRevokeSessions ends every back-office session of the user. Their
// API tokens stay valid: auth has no call yet to revoke another user's tokens.
func (s *Server) apiUserRevokeSessions(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	target, ok := s.userByID(w, r)
	if !ok {
		return
	}
	if !s.canManage(r, auth.ActUserRevokeSessions, target) {
		apiForbidden(w)
		return
	}
	n, err := s.auth.DeleteUserSessions(r.Context(), s.actor(r), target.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiSessionsRevoked{Revoked: n})
}
