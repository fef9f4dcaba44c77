package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// apiDocumentInput is the body of POST /api/v1/staff/documents. The column
// is column_id, or column: a name or path of the unit's catalog
// ("政策文件/行政规范性文件").
type apiDocumentInput struct {
	Unit         string `json:"unit"` // unit code
	ColumnID     int64  `json:"column_id"`
	Column       string `json:"column"`
	Title        string `json:"title"`
	DocNo        string `json:"doc_no"`
	Publisher    string `json:"publisher"`
	WrittenOn    string `json:"written_on"` // YYYY-MM-DD
	Topic        string `json:"topic"`
	Genre        string `json:"genre"`
	Keywords     string `json:"keywords"`
	BodyHTML     string `json:"body_html"`
	InterpretsID int64  `json:"interprets_id"`
}

// apiDocumentPatch is the body of PATCH /api/v1/staff/documents/{id}:
// version is the one the client read; absent fields keep their values.
type apiDocumentPatch struct {
	Version      *int    `json:"version"`
	ColumnID     *int64  `json:"column_id"`
	Column       *string `json:"column"`
	Title        *string `json:"title"`
	DocNo        *string `json:"doc_no"`
	Publisher    *string `json:"publisher"`
	WrittenOn    *string `json:"written_on"`
	Topic        *string `json:"topic"`
	Genre        *string `json:"genre"`
	Keywords     *string `json:"keywords"`
	BodyHTML     *string `json:"body_html"`
	InterpretsID *int64  `json:"interprets_id"`
}

// staffDoc loads the document in the path and checks that the user may do
// a to it, answering 404 or 403 itself.
func (s *Server) staffDoc(w http.ResponseWriter, r *http.Request, acts ...auth.Action) (disclosure.Document, org.Unit, bool) {
	id, ok := apiPathID(w, r, "id")
	if !ok {
		return disclosure.Document{}, org.Unit{}, false
	}
	d, err := s.docs.Get(r.Context(), id)
	if err != nil {
		s.apiDocFail(w, r, err)
		return d, org.Unit{}, false
	}
	u, ok := s.apiUnitAllows(w, r, d.UnitID, acts...)
	return d, u, ok
}

// resolveColumn sets in.ColumnID from a column name or path when one was given.
func (s *Server) resolveColumn(r *http.Request, unitID int64, column string, in *disclosure.Input) error {
	if column = strings.TrimSpace(column); column == "" {
		return nil
	}
	c, err := s.cat.ResolvePath(r.Context(), unitID, column)
	if err != nil {
		in.ColumnID = 0 // so that nothing is saved: the domain refuses a missing column
		return err
	}
	if in.ColumnID != 0 && in.ColumnID != c.ID {
		in.ColumnID = 0
		return valid.New("column", fmt.Sprintf("column_id 与栏目“%s”不一致，请只给出其中一个", column))
	}
	in.ColumnID = c.ID
	return nil
}

// apiStaffDocumentList lists documents in any state, within the user's
// reach, last changed first; state narrows it to one state.
func (s *Server) apiStaffDocumentList(w http.ResponseWriter, r *http.Request, u *auth.User) {
	f, p, ok := s.documentFilter(w, r)
	if !ok {
		return
	}
	if v := r.URL.Query().Get("state"); v != "" {
		st := disclosure.State(v)
		if st.Label() == v {
			apiBadRequest(w, "参数 state 应为 draft、pending_review、pending_approval、published、returned 或 withdrawn")
			return
		}
		f.States = []disclosure.State{st}
	}
	// Narrow to the reach: a named unit must be within it; without one, a
	// user whose reach is a subtree sees that subtree.
	ctx := r.Context()
	for _, code := range []string{r.URL.Query().Get("unit"), r.URL.Query().Get("under")} {
		if code = strings.TrimSpace(code); code == "" {
			continue
		}
		unit, err := s.orgs.GetByCode(ctx, code)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		if !s.can(r, auth.ActDocumentView, unit) {
			apiForbidden(w)
			return
		}
	}
	if !s.can(r, auth.ActDocumentView, auth.UnitRef{}) {
		if !s.can(r, auth.ActDocumentView, u) {
			apiForbidden(w)
			return
		}
		if f.UnitID == 0 && f.UnderPath == "" {
			f.UnderPath = u.UnitPath
		}
	}
	if f.ColumnID != 0 {
		c, err := s.cat.Get(ctx, f.ColumnID)
		if errors.Is(err, store.ErrNotFound) {
			apiBadRequest(w, "参数 column：栏目不存在")
			return
		}
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		cu, err := s.orgs.Get(ctx, c.UnitID)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		if !s.can(r, auth.ActDocumentView, cu) {
			apiForbidden(w)
			return
		}
	}
	f.Order = disclosure.OrderUpdated
	out, err := s.documentPage(r, f, p, true)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// apiStaffDocumentCreate drafts a document in a unit.
func (s *Server) apiStaffDocumentCreate(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	var in apiDocumentInput
	if !decodeAPI(w, r, &in) {
		return
	}
	code := strings.TrimSpace(in.Unit)
	if code == "" {
		apiInvalidField(w, "unit", "请填写单位编码")
		return
	}
	unit, err := s.orgs.GetByCode(r.Context(), code)
	if errors.Is(err, store.ErrNotFound) {
		apiInvalidField(w, "unit", fmt.Sprintf("单位“%s”不存在", code))
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if !s.can(r, auth.ActDocumentEdit, unit) {
		apiForbidden(w)
		return
	}
	written, ok := parseAPIDate(strings.TrimSpace(in.WrittenOn))
	if !ok {
		apiInvalidField(w, "written_on", "成文日期应写成 YYYY-MM-DD，如 2024-03-05")
		return
	}
	din := disclosure.Input{Title: in.Title, DocNo: in.DocNo, Publisher: in.Publisher, WrittenOn: written, Topic: in.Topic,
		Genre: in.Genre, Keywords: in.Keywords, ColumnID: in.ColumnID, BodyHTML: in.BodyHTML, InterpretsID: in.InterpretsID}
	colErr := s.resolveColumn(r, unit.ID, in.Column, &din)
	if colErr != nil && !isInvalid(colErr) {
		s.apiFail(w, r, colErr)
		return
	}
	d, err := s.docs.Create(r.Context(), s.actor(r), unit.ID, din)
	if err != nil || colErr != nil {
		s.apiDocFail(w, r, withColumnProblem(renameProblems(err, "unit_id", "unit"), colErr))
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/staff/documents/%d", d.ID))
	writeJSON(w, http.StatusCreated, toAPIDocument(d, unit, true))
}

// apiStaffDocumentGet returns a document in any state.
func (s *Server) apiStaffDocumentGet(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, u, ok := s.staffDoc(w, r, auth.ActDocumentView)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, toAPIDocument(d, u, true))
}

// apiStaffDocumentUpdate changes the fields present in the body of a draft
// or returned document, if it is still at the version the client read.
func (s *Server) apiStaffDocumentUpdate(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, u, ok := s.staffDoc(w, r, auth.ActDocumentEdit)
	if !ok {
		return
	}
	var p apiDocumentPatch
	if !decodeAPI(w, r, &p) {
		return
	}
	if p.Version == nil {
		apiInvalidField(w, "version", "请提供所修改的文件版本号（version，取自读取时的文件）")
		return
	}
	in := d.Input()
	setIf(&in.Title, p.Title)
	setIf(&in.DocNo, p.DocNo)
	setIf(&in.Publisher, p.Publisher)
	setIf(&in.Topic, p.Topic)
	setIf(&in.Genre, p.Genre)
	setIf(&in.Keywords, p.Keywords)
	setIf(&in.BodyHTML, p.BodyHTML)
	setIf(&in.InterpretsID, p.InterpretsID)
	if p.WrittenOn != nil {
		if in.WrittenOn, ok = parseAPIDate(strings.TrimSpace(*p.WrittenOn)); !ok {
			apiInvalidField(w, "written_on", "成文日期应写成 YYYY-MM-DD，如 2024-03-05")
			return
		}
	}
	var colErr error
	if p.ColumnID != nil || p.Column != nil {
		in.ColumnID = 0
		setIf(&in.ColumnID, p.ColumnID)
		if p.Column != nil {
			if colErr = s.resolveColumn(r, d.UnitID, *p.Column, &in); colErr != nil && !isInvalid(colErr) {
				s.apiFail(w, r, colErr)
				return
			}
		}
		// A genre that was the old column's default follows the column.
		if old, err := s.cat.Get(r.Context(), d.ColumnID); err == nil && p.Genre == nil && in.ColumnID != d.ColumnID && in.Genre == old.Genre {
			in.Genre = ""
		}
	}
	nd, err := s.docs.Update(r.Context(), s.actor(r), d.ID, *p.Version, in)
	if err != nil || colErr != nil {
		s.apiDocFail(w, r, withColumnProblem(err, colErr))
		return
	}
	writeJSON(w, http.StatusOK, toAPIDocument(nd, u, true))
}

func isInvalid(err error) bool {
	var ve *valid.Errors
	return errors.As(err, &ve)
}

// withColumnProblem reports a column name that did not resolve together with
// the domain's other problems (instead of its "请选择栏目"), so a client
// sees every problem at once.
func withColumnProblem(err, colErr error) error {
	if colErr == nil {
		return err
	}
	var ve, ce *valid.Errors
	if !errors.As(colErr, &ce) {
		return colErr
	}
	out := &valid.Errors{Problems: append([]valid.Problem(nil), ce.Problems...)}
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			if p.Field != "column_id" {
				out.Problems = append(out.Problems, p)
			}
		}
	} else if err != nil {
		return err
	}
	return out
}
