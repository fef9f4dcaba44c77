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

// adminUnitNew shows the form for a new unit; the parent can be any unit
// the user may create units under.
func (s *Server) adminUnitNew(w http.ResponseWriter, r *http.Request) {
	form := url.Values{}
	form.Set("parent_id", r.URL.Query().Get("parent"))
	form.Set("sort_order", "0")
	s.renderUnitNew(w, r, http.StatusOK, form, nil)
}

func (s *Server) renderUnitNew(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs *valid.Errors) {
	parents, err := s.unitsFor(r, auth.ActUnitCreate)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rootOK := s.countyWide(r, auth.ActUnitCreate)
	if len(parents) == 0 && !rootOK {
		s.forbidden(w, r)
		return
	}
	p := s.page(r, "新建单位")
	p.Section = "units"
	p.Form, p.Errors = form, errs
	p.Data = struct {
		Parents []org.Unit
		RootOK  bool
	}{parents, rootOK}
	s.render(w, r, status, "admin_unit_new", p)
}

// unitInput reads the unit fields shared by the new and edit forms. A
// sort order that is not a number is reported like a domain problem.
func unitInput(f url.Values, e *valid.Errors) org.Input {
	in := org.Input{
		Code: f.Get("code"), Name: f.Get("name"), Type: org.Type(f.Get("type")),
		Address: f.Get("address"), Phone: f.Get("phone"), Email: f.Get("email"),
		OfficeHours: f.Get("office_hours"), Website: f.Get("website"), Description: f.Get("description"),
	}
	if v := f.Get("sort_order"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < -100000 || n > 100000 {
			e.Add("sort_order", "排序号须为整数，数字越小越靠前")
		}
		in.SortOrder = n
	}
	return in
}

// adminUnitCreate creates a unit under the chosen parent, which the user
// must be allowed to create units under (a top-level unit needs a
// county-wide permission).
func (s *Server) adminUnitCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	form := trimForm(r)
	e := &valid.Errors{}
	in := unitInput(form, e)
	if v := form.Get("parent_id"); v == "" || v == "0" {
		if !s.countyWide(r, auth.ActUnitCreate) {
			e.Add("parent", "请选择上级单位")
		}
	} else {
		id, _ := strconv.ParseInt(v, 10, 64)
		parent, err := s.orgs.Get(ctx, id)
		switch {
		case errors.Is(err, store.ErrNotFound):
			e.Add("parent", "所选上级单位不存在")
		case err != nil:
			s.serverError(w, r, err)
			return
		case !s.can(r, auth.ActUnitCreate, parent):
			s.forbidden(w, r)
			return
		default:
			in.ParentCode = parent.Code
		}
	}
	if e.Err() != nil {
		s.renderUnitNew(w, r, http.StatusUnprocessableEntity, form, e)
		return
	}
	u, err := s.orgs.Create(ctx, s.actor(r), in)
	if ve, ok := asValid(err); ok {
		s.renderUnitNew(w, r, http.StatusUnprocessableEntity, form, ve)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/units/"+strconv.FormatInt(u.ID, 10), "已创建单位“"+u.Name+"”。")
}
