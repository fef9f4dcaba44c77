package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/review"
	"gongkai/internal/safehtml"
	"gongkai/internal/valid"
)

// adminDocPage is what admin_document.html shows: the document, what the
// scanner finds in it now, its reviews and history, and the forms the
// user may use in its current state.
type adminDocPage struct {
	Doc             disclosure.Document
	Unit            org.Unit
	ColumnPath      string
	Body            template.HTML
	Interprets      *disclosure.Document
	Interpretations []disclosure.Document
	IsPolicy        bool
	Attachments     []adminDocAttachment
	Findings        []adminDocFinding
	Maskable        int  // findings the one-click mask can fix
	InAttachments   bool // some findings are in attachments
	Reviews         []adminDocReview
	Revisions       []disclosure.Revision // newest first
	CreatorName     string
	PublicURL       string
	LateIfToday     bool // publishing today would be late (Art. 26)
	MaxAttachment   string
	Conclusions     []disclosure.Conclusion
	Validities      []disclosure.Validity
	Today           string

	Own                                                                 bool // the user drafted it
	CanEdit, CanReview, CanReturn, CanPublish, CanWithdraw, CanValidity bool
	// ErrorsFor names the form the errors belong to: "attach", "mask",
	// "review", "return", "withdraw" or "validity".
	ErrorsFor string
}

// adminDocAttachment is an attachment with its size for people.
type adminDocAttachment struct {
	disclosure.Attachment
	SizeText string
	URL      string
}

// adminDocFinding is a scanner finding with what the editor can do about it.
type adminDocFinding struct {
	disclosure.Finding
	Maskable bool
	Advice   string
}

// adminDocReview is a confidentiality review with the reviewer's name.
type adminDocReview struct {
	disclosure.Review
	Reviewer string
}

// adminFileSize renders a byte count for people.
func adminFileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// adminDocumentView shows a document to those who may see its unit's
// unpublished documents.
func (s *Server) adminDocumentView(w http.ResponseWriter, r *http.Request) {
	d, unit, ok := s.loadAdminDocument(w, r, auth.ActDocumentView)
	if !ok {
		return
	}
	s.renderDocument(w, r, http.StatusOK, d, unit, nil, nil, "")
}

// renderDocument shows the document page; form and errs redisplay a
// rejected form (errorsFor says which).
func (s *Server) renderDocument(w http.ResponseWriter, r *http.Request, status int, d disclosure.Document, unit org.Unit,
	form url.Values, errs *valid.Errors, errorsFor string) {
	ctx := r.Context()
	me := currentUser(r)
	p := adminDocPage{Doc: d, Unit: unit, ErrorsFor: errorsFor, Body: template.HTML(safehtml.Clean(d.BodyHTML)),
		MaxAttachment: adminFileSize(s.docs.Config().MaxAttachment), Conclusions: []disclosure.Conclusion{
			disclosure.Publishable, disclosure.Partial, disclosure.NotPublishable},
		Today: civil.Today(s.cfg.Location).String()}

	cols, err := s.cat.ListColumns(ctx, unit.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, c := range cols {
		if c.ID == d.ColumnID {
			p.ColumnPath = c.Path
		}
	}
	if p.ColumnPath == "" { // a hidden column
		if c, err := s.cat.Get(ctx, d.ColumnID); err == nil {
			p.ColumnPath = c.Name + "（已隐藏）"
		}
	}
	if d.Interprets != 0 {
		if pol, err := s.docs.Get(ctx, d.Interprets); err == nil {
			p.Interprets = &pol
		}
	}
	p.IsPolicy = slices.Contains(disclosure.PolicyGenres, d.Genre)
	if p.IsPolicy && d.IsPublic() {
		if p.Interpretations, err = s.docs.InterpretationsOf(ctx, d.ID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	for _, a := range d.Attachments {
		p.Attachments = append(p.Attachments, adminDocAttachment{Attachment: a, SizeText: adminFileSize(a.Size),
			URL: adminDocURL(d.ID) + "/attachments/" + strconv.FormatInt(a.ID, 10)})
	}

	findings, err := s.docs.Findings(ctx, d.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, f := range findings {
		df := adminDocFinding{Finding: f}
		switch {
		case f.Source == disclosure.SourceAttachment:
			df.Advice = "附件中的内容不能在此遮盖：请修改原文件，删除此附件后重新上传。"
			p.InAttachments = true
		case f.Kind == review.KindSecrecyMark:
			df.Advice = review.SecrecyAdvice
		case f.Mask != "":
			df.Maskable = true
			p.Maskable++
		}
		p.Findings = append(p.Findings, df)
	}

	names := map[int64]string{}
	userName := func(id int64) string {
		if id == 0 {
			return "系统"
		}
		if n, ok := names[id]; ok {
			return n
		}
		n := fmt.Sprintf("用户 #%d", id)
		if u, err := s.auth.GetUser(ctx, id); err == nil {
			n = u.Name + "（" + u.Login + "）"
		}
		names[id] = n
		return n
	}
	reviews, err := s.docs.Reviews(ctx, d.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, rv := range reviews {
		p.Reviews = append(p.Reviews, adminDocReview{Review: rv, Reviewer: userName(rv.ReviewerID)})
	}
	revs, err := s.docs.Revisions(ctx, d.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	slices.Reverse(revs)
	p.Revisions = revs
	p.CreatorName = userName(d.CreatedBy)

	if d.IsPublic() {
		p.PublicURL = "/documents/" + strconv.FormatInt(d.ID, 10)
	} else {
		p.LateIfToday = disclosure.IsLate(s.docs.Config().Workdays, d.WrittenOn, civil.Today(s.cfg.Location))
	}
	p.Own = d.CreatedBy != 0 && d.CreatedBy == me.ID
	p.CanEdit = d.State.Editable() && s.can(r, auth.ActDocumentEdit, unit)
	p.CanReview = d.State == disclosure.StatePendingReview && s.can(r, auth.ActDocumentReview, unit)
	p.CanReturn = s.canReturnDocument(r, d, unit)
	p.CanPublish = d.State == disclosure.StatePendingApproval && s.can(r, auth.ActDocumentPublish, unit)
	p.CanWithdraw = d.State == disclosure.StatePublished && s.can(r, auth.ActDocumentWithdraw, unit)
	p.CanValidity = p.CanWithdraw && d.Validity != disclosure.Repealed
	if d.Validity == disclosure.Expired {
		p.Validities = []disclosure.Validity{disclosure.Repealed}
	} else {
		p.Validities = []disclosure.Validity{disclosure.Expired, disclosure.Repealed}
	}

	pg := s.page(r, d.Title)
	pg.Section = "documents"
	if form != nil {
		pg.Form = form
	}
	pg.Errors = errs
	pg.Data = p
	s.render(w, r, status, "admin_document", pg)
}

// canReturnDocument: under review the reviewer may send a document back, awaiting
// approval the approver.
func (s *Server) canReturnDocument(r *http.Request, d disclosure.Document, unit org.Unit) bool {
	switch d.State {
	case disclosure.StatePendingReview:
		return s.can(r, auth.ActDocumentReview, unit)
	case disclosure.StatePendingApproval:
		return s.can(r, auth.ActDocumentPublish, unit)
	}
	return false
}
