package web

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"gongkai/internal/catalog"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// The draft form, shared by "new" and "edit" (admin_document_form.html).

// adminDocFormPage is what admin_document_form.html shows.
type adminDocFormPage struct {
	Doc        *disclosure.Document // nil for a new draft
	Units      []org.Unit           // units the user may draft in (new only)
	Unit       org.Unit
	Columns    []catalog.Column
	Topics     []string
	Genres     []string
	Policies   []disclosure.Document // published policies an interpretation may explain
	ExtraTopic string                // a stored topic outside adminDocTopics (imports)
	ExtraGenre string
	Action     string
}

// adminMaxPolicyChoices bounds the policies offered in the select; older ones
// are chosen by 索引号.
const adminMaxPolicyChoices = 100

// adminRecentPolicies lists the newest published policies (规章, 行政规范性文件)
// of the whole county: a department often interprets the county
// government's policy, and published documents are public anyway. The
// policy with id keep is included even when older.
func (s *Server) adminRecentPolicies(ctx context.Context, keep int64) ([]disclosure.Document, error) {
	var out []disclosure.Document
	for _, g := range disclosure.PolicyGenres {
		docs, _, err := s.docs.List(ctx, disclosure.Filter{PublishedOnly: true, Genre: g, Limit: adminMaxPolicyChoices, SkipTotal: true})
		if err != nil {
			return nil, err
		}
		out = append(out, docs...)
	}
	slices.SortFunc(out, func(a, b disclosure.Document) int {
		return cmp.Or(b.PublishedOn.Compare(a.PublishedOn), cmp.Compare(b.ID, a.ID))
	})
	out = out[:min(len(out), adminMaxPolicyChoices)]
	if keep != 0 && !slices.ContainsFunc(out, func(d disclosure.Document) bool { return d.ID == keep }) {
		if d, err := s.docs.Get(ctx, keep); err == nil {
			out = append(out, d)
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	return out, nil
}

// adminDocInput reads the draft fields from a submitted form. Problems the
// domain cannot see (a garbled date, an unknown 索引号) go into e.
func (s *Server) adminDocInput(ctx context.Context, f url.Values, e *valid.Errors) (disclosure.Input, error) {
	in := disclosure.Input{
		Title: f.Get("title"), DocNo: f.Get("doc_no"), Publisher: f.Get("publisher"), Topic: f.Get("topic"),
		Genre: f.Get("genre"), Keywords: f.Get("keywords"), BodyHTML: f.Get("body_html"),
	}
	if v := f.Get("written_on"); v != "" {
		d, err := civil.Parse(v)
		if err != nil {
			e.Add("written_on", "成文日期的格式应为“年-月-日”，例如 2025-03-01")
		}
		in.WrittenOn = d
	}
	in.ColumnID, _ = strconv.ParseInt(f.Get("column_id"), 10, 64)
	if no := f.Get("interprets_index_no"); no != "" {
		p, err := s.docs.GetByIndexNo(ctx, no)
		switch {
		case errors.Is(err, store.ErrNotFound):
			e.Add("interprets_id", "没有索引号为“"+no+"”的文件")
		case err != nil:
			return in, err
		default:
			in.InterpretsID = p.ID
		}
	} else {
		in.InterpretsID, _ = strconv.ParseInt(f.Get("interprets_id"), 10, 64)
	}
	return in, nil
}

// adminDocFormValues fills the form from a document (edit) or an Input.
func adminDocFormValues(in disclosure.Input) url.Values {
	f := url.Values{}
	f.Set("title", in.Title)
	f.Set("doc_no", in.DocNo)
	f.Set("publisher", in.Publisher)
	f.Set("written_on", in.WrittenOn.String())
	f.Set("topic", in.Topic)
	f.Set("genre", in.Genre)
	f.Set("keywords", in.Keywords)
	f.Set("body_html", in.BodyHTML)
	if in.ColumnID != 0 {
		f.Set("column_id", strconv.FormatInt(in.ColumnID, 10))
	}
	if in.InterpretsID != 0 {
		f.Set("interprets_id", strconv.FormatInt(in.InterpretsID, 10))
	}
	return f
}

// renderDocForm shows the draft form for unit (doc nil: a new draft, with
// units to choose from).
func (s *Server) renderDocForm(w http.ResponseWriter, r *http.Request, status int, unit org.Unit, units []org.Unit,
	doc *disclosure.Document, form url.Values, errs *valid.Errors) {
	ctx := r.Context()
	cols, err := s.cat.ListColumns(ctx, unit.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	keep, _ := strconv.ParseInt(form.Get("interprets_id"), 10, 64)
	policies, err := s.adminRecentPolicies(ctx, keep)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := adminDocFormPage{Doc: doc, Units: units, Unit: unit, Columns: cols, Topics: adminDocTopics, Genres: disclosure.Genres,
		Policies: policies, Action: "/admin/documents/new"}
	if t := form.Get("topic"); t != "" && !slices.Contains(adminDocTopics, t) {
		d.ExtraTopic = t
	}
	if g := form.Get("genre"); g != "" && !slices.Contains(disclosure.Genres, g) {
		d.ExtraGenre = g
	}
	title := "起草文件"
	if doc != nil {
		title, d.Action = "修改文件", adminDocURL(doc.ID)+"/edit"
	}
	p := s.page(r, title)
	p.Section = "documents"
	p.Form, p.Errors = form, errs
	p.Data = d
	s.render(w, r, status, "admin_document_form", p)
}
