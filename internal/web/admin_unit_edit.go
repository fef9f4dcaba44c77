package web

import (
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/valid"
)

// unitPage is what admin_unit.html shows: the unit, its sub-units and the
// forms the user may use on it.
type unitPage struct {
	Unit          org.Unit
	Parent        *org.Unit
	Children      []org.Unit
	Users         int
	CanEdit       bool
	CanMove       bool
	CanActivate   bool
	CanViewUsers  bool
	CanCreateHere bool
	MoveTargets   []org.Unit
	MoveToRoot    bool
	// Which form the errors belong to: "edit", "move" or "active".
	ErrorsFor string
}

// adminUnitView shows a unit with its contact details and, when allowed,
// the forms to edit, move, deactivate or reactivate it.
func (s *Server) adminUnitView(w http.ResponseWriter, r *http.Request) {
	u, ok := s.loadUnit(w, r)
	if !ok {
		return
	}
	if !s.can(r, auth.ActUnitView, u) {
		s.forbidden(w, r)
		return
	}
	s.renderUnit(w, r, http.StatusOK, u, unitForm(u), nil, "")
}

// unitForm fills the edit form from the stored unit.
func unitForm(u org.Unit) url.Values {
	f := url.Values{}
	f.Set("name", u.Name)
	f.Set("type", string(u.Type))
	f.Set("sort_order", strconv.Itoa(u.SortOrder))
	f.Set("address", u.Address)
	f.Set("phone", u.Phone)
	f.Set("email", u.Email)
	f.Set("office_hours", u.OfficeHours)
	f.Set("website", u.Website)
	f.Set("description", u.Description)
	return f
}

func (s *Server) renderUnit(w http.ResponseWriter, r *http.Request, status int, u org.Unit, form url.Values, errs *valid.Errors, errorsFor string) {
	ctx := r.Context()
	d := unitPage{
		Unit: u, ErrorsFor: errorsFor,
		CanEdit: s.can(r, auth.ActUnitEdit, u), CanMove: s.can(r, auth.ActUnitMove, u),
		CanActivate: s.can(r, auth.ActUnitDeactivate, u), CanViewUsers: s.can(r, auth.ActUserView, u),
		CanCreateHere: u.Active && s.can(r, auth.ActUnitCreate, u),
	}
	if u.ParentID != 0 {
		if p, err := s.orgs.Get(ctx, u.ParentID); err == nil && s.can(r, auth.ActUnitView, p) {
			d.Parent = &p
		}
	}
	kids, err := s.orgs.List(ctx, org.Filter{UnderPath: u.Path, IncludeInactive: true})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, k := range kids {
		if k.ParentID == u.ID {
			d.Children = append(d.Children, k)
		}
	}
	if d.CanViewUsers {
		if _, d.Users, err = s.auth.ListUsers(ctx, auth.UserFilter{UnitID: u.ID, Limit: 1}); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if d.CanMove {
		targets, err := s.unitsFor(r, auth.ActUnitCreate)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, t := range targets {
			if !t.Within(u) && t.ID != u.ParentID {
				d.MoveTargets = append(d.MoveTargets, t)
			}
		}
		d.MoveToRoot = u.ParentID != 0 && s.countyWide(r, auth.ActUnitCreate)
	}
	p := s.page(r, u.Name)
	p.Section = "units"
	p.Form, p.Errors = form, errs
	p.Data = d
	s.render(w, r, status, "admin_unit", p)
}

// adminUnitEdit saves the name, type, order and contact details. The code
// and the parent are not edited here (moving is its own form).
func (s *Server) adminUnitEdit(w http.ResponseWriter, r *http.Request) {
	u, ok := s.loadUnit(w, r)
	if !ok {
		return
	}
	if !s.can(r, auth.ActUnitEdit, u) {
		s.forbidden(w, r)
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	in := unitInput(form, e)
	if e.Err() != nil {
		s.renderUnit(w, r, http.StatusUnprocessableEntity, u, form, e, "edit")
		return
	}
	nu, err := s.orgs.Update(r.Context(), s.actor(r), u.ID, in)
	if ve, ok := asValid(err); ok {
		s.renderUnit(w, r, http.StatusUnprocessableEntity, u, form, ve, "edit")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/units/"+strconv.FormatInt(u.ID, 10), "已保存单位“"+nu.Name+"”。")
}
