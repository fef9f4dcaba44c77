package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// apiUnit is a unit with its type's Chinese name.
type apiUnit struct {
	org.Unit
	TypeLabel string `json:"type_label"`
}

func toAPIUnit(u org.Unit) apiUnit { return apiUnit{Unit: u, TypeLabel: u.Type.Label()} }

// apiUnitPatch is the body of PATCH /api/v1/units/{code}: absent fields keep
// their values. The code never changes and moves go through .../move; both
// are accepted only when unchanged, so a client may send back what it read.
type apiUnitPatch struct {
	Code        *string   `json:"code"`
	Parent      *string   `json:"parent"`
	Name        *string   `json:"name"`
	Type        *org.Type `json:"type"`
	SortOrder   *int      `json:"sort_order"`
	Address     *string   `json:"address"`
	Phone       *string   `json:"phone"`
	Email       *string   `json:"email"`
	OfficeHours *string   `json:"office_hours"`
	Website     *string   `json:"website"`
	Description *string   `json:"description"`
}

// apiUnitMove is the body of POST /api/v1/units/{code}/move.
type apiUnitMove struct {
	Parent *string `json:"parent"` // new parent's code; "" makes the unit a root
}

// unitByCode loads the unit named in the path, answering 404 itself.
func (s *Server) unitByCode(w http.ResponseWriter, r *http.Request, code string) (org.Unit, bool) {
	u, err := s.orgs.GetByCode(r.Context(), code)
	if errors.Is(err, store.ErrNotFound) {
		apiError(w, http.StatusNotFound, "not_found", fmt.Sprintf("单位“%s”不存在", code))
		return u, false
	}
	if err != nil {
		s.apiFail(w, r, err)
		return u, false
	}
	return u, true
}

// apiUnitList lists the units the user may see, in tree order.
func (s *Server) apiUnitList(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	p, err := parsePaging(r)
	if err != nil {
		apiBadRequest(w, err.Error())
		return
	}
	q := r.URL.Query()
	f := org.Filter{Query: strings.TrimSpace(q.Get("q"))}
	if f.IncludeInactive, err = queryBool(r, "include_inactive"); err != nil {
		apiBadRequest(w, err.Error())
		return
	}
	if v := q.Get("type"); v != "" {
		if f.Type, err = org.ParseType(v); err != nil {
			apiBadRequest(w, fmt.Sprintf("参数 type：未知的单位类型“%s”", v))
			return
		}
	}
	if code := q.Get("under"); code != "" {
		under, err := s.orgs.GetByCode(r.Context(), code)
		if errors.Is(err, store.ErrNotFound) {
			apiBadRequest(w, fmt.Sprintf("参数 under：单位“%s”不存在", code))
			return
		}
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		f.UnderPath = under.Path
	}
	units, err := s.orgs.List(r.Context(), f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := []apiUnit{}
	for _, u := range units {
		if s.can(r, auth.ActUnitView, u) {
			out = append(out, toAPIUnit(u))
		}
	}
	writeJSON(w, http.StatusOK, pageOf(out, p))
}

func (s *Server) apiUnitGet(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	u, ok := s.unitByCode(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	if !s.can(r, auth.ActUnitView, u) {
		apiForbidden(w)
		return
	}
	writeJSON(w, http.StatusOK, toAPIUnit(u))
}

// apiUnitCreate creates a unit under in.parent (or a root unit, which only a
// role acting for every unit may do).
func (s *Server) apiUnitCreate(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in org.Input
	if !decodeAPI(w, r, &in) {
		return
	}
	parent := auth.UnitRef{}
	if code := strings.TrimSpace(in.ParentCode); code != "" {
		p, err := s.orgs.GetByCode(r.Context(), code)
		if errors.Is(err, store.ErrNotFound) {
			apiInvalidField(w, "parent", fmt.Sprintf("上级单位编码“%s”不存在", code))
			return
		}
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		parent = unitRef(p)
	}
	if !s.can(r, auth.ActUnitCreate, parent) {
		apiForbidden(w)
		return
	}
	u, err := s.orgs.Create(r.Context(), s.actor(r), in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/units/"+u.Code)
	writeJSON(w, http.StatusCreated, toAPIUnit(u))
}

// apiUnitUpdate changes the fields present in the body and keeps the others.
func (s *Server) apiUnitUpdate(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	u, ok := s.unitByCode(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	if !s.can(r, auth.ActUnitEdit, u) {
		apiForbidden(w)
		return
	}
	var p apiUnitPatch
	if !decodeAPI(w, r, &p) {
		return
	}
	if p.Code != nil && strings.TrimSpace(*p.Code) != u.Code {
		apiInvalidField(w, "code", "单位编码创建后不能修改")
		return
	}
	if p.Parent != nil && strings.TrimSpace(*p.Parent) != u.ParentCode {
		apiInvalidField(w, "parent", "调整上级单位请使用 POST /api/v1/units/{code}/move")
		return
	}
	in := u.Input()
	setIf(&in.Name, p.Name)
	setIf(&in.Type, p.Type)
	setIf(&in.SortOrder, p.SortOrder)
	setIf(&in.Address, p.Address)
	setIf(&in.Phone, p.Phone)
	setIf(&in.Email, p.Email)
	setIf(&in.OfficeHours, p.OfficeHours)
	setIf(&in.Website, p.Website)
	setIf(&in.Description, p.Description)
	got, err := s.orgs.Update(r.Context(), s.actor(r), u.ID, in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIUnit(got))
}

// setIf copies *src into *dst when the client sent the field.
func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// apiUnitMove puts a unit under another parent. Besides unit.move on the
// unit, the user needs unit.create on the new parent: placing a unit there
// is like creating one there, and a unit admin must not push a unit out of
// their reach or into someone else's.
func (s *Server) apiUnitMove(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	u, ok := s.unitByCode(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	if !s.can(r, auth.ActUnitMove, u) {
		apiForbidden(w)
		return
	}
	var in apiUnitMove
	if !decodeAPI(w, r, &in) {
		return
	}
	if in.Parent == nil {
		apiInvalidField(w, "parent", "请填写新的上级单位编码；要设为顶级单位请填空字符串")
		return
	}
	target := auth.UnitRef{}
	var parentID int64
	if code := strings.TrimSpace(*in.Parent); code != "" {
		p, err := s.orgs.GetByCode(r.Context(), code)
		if errors.Is(err, store.ErrNotFound) {
			apiInvalidField(w, "parent", fmt.Sprintf("上级单位编码“%s”不存在", code))
			return
		}
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		target, parentID = unitRef(p), p.ID
	}
	if !s.can(r, auth.ActUnitCreate, target) {
		apiForbidden(w)
		return
	}
	got, err := s.orgs.Move(r.Context(), s.actor(r), u.ID, parentID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIUnit(got))
}

func (s *Server) apiUnitDeactivate(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	s.apiUnitSetActive(w, r, false)
}

func (s *Server) apiUnitActivate(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	s.apiUnitSetActive(w, r, true)
}

// apiUnitSetActive deactivates or reactivates a unit; both need
// unit.deactivate (the policy has one action for both).
func (s *Server) apiUnitSetActive(w http.ResponseWriter, r *http.Request, active bool) {
	u, ok := s.unitByCode(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	if !s.can(r, auth.ActUnitDeactivate, u) {
		apiForbidden(w)
		return
	}
	got, err := s.orgs.SetActive(r.Context(), s.actor(r), u.ID, active)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIUnit(got))
}
