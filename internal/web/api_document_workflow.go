package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/review"
)

// Bodies of the workflow actions. Each carries the version the client read:
// an action on a document someone changed since is 409.

type apiVersion struct {
	Version *int `json:"version"`
}

type apiMaskInput struct {
	Version  *int             `json:"version"`
	Findings []apiMaskFinding `json:"findings"`
	All      bool             `json:"all"` // every maskable finding in the title and body
}

// apiMaskFinding names a finding to mask, as GET …/findings returned it.
type apiMaskFinding struct {
	Kind review.Kind `json:"kind"`
	Text string      `json:"text"`
}

type apiReviewInput struct {
	Version        *int                  `json:"version"`
	Conclusion     disclosure.Conclusion `json:"conclusion"`
	Comment        string                `json:"comment"`
	OverrideReason string                `json:"override_reason"` // required when findings remain and the conclusion lets it go on
}

type apiReasonInput struct {
	Version *int   `json:"version"`
	Reason  string `json:"reason"`
}

type apiValidityInput struct {
	Version  *int                `json:"version"`
	Validity disclosure.Validity `json:"validity"` // expired or repealed
	Date     string              `json:"date"`     // YYYY-MM-DD
	Reason   string              `json:"reason"`
}

// apiFinding is one of the scanner's findings, with where it is in Chinese.
type apiFinding struct {
	disclosure.Finding
	Where string `json:"where"`
}

type apiFindings struct {
	Items []apiFinding `json:"items"`
}

// apiRevision is one entry of a document's history.
type apiRevision struct {
	ID          int64                    `json:"id"`
	Version     int                      `json:"version"`
	Action      string                   `json:"action"`
	ActionLabel string                   `json:"action_label"`
	Actor       string                   `json:"actor"`
	At          time.Time                `json:"at"`
	Reason      string                   `json:"reason"`
	State       string                   `json:"state"`
	Changes     []disclosure.FieldChange `json:"changes"`
}

type apiRevisions struct {
	Items []apiRevision `json:"items"`
}

// needVersion answers 422 when the body lacks the version.
func needVersion(w http.ResponseWriter, v *int) bool {
	if v == nil {
		apiInvalidField(w, "version", "请提供文件的版本号（version，取自读取时的文件）")
		return false
	}
	return true
}

// docAction runs a workflow step that takes only a version and answers with
// the document.
func (s *Server) docAction(w http.ResponseWriter, r *http.Request, act auth.Action,
	step func(id int64, version int) (disclosure.Document, error)) {
	d, u, ok := s.staffDoc(w, r, act)
	if !ok {
		return
	}
	var in apiVersion
	if !decodeAPI(w, r, &in) || !needVersion(w, in.Version) {
		return
	}
	nd, err := step(d.ID, *in.Version)
	if err != nil {
		s.apiDocFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIDocument(nd, u, true))
}

// queryVersion reads ?version= of the requests that have no JSON body.
func queryVersion(w http.ResponseWriter, r *http.Request) (int, bool) {
	v, err := strconv.Atoi(r.URL.Query().Get("version"))
	if err != nil {
		apiInvalidField(w, "version", "请在地址中提供文件的版本号，如 ?version=3")
		return 0, false
	}
	return v, true
}

// apiStaffAttach adds the raw body as an attachment named ?name=.
func (s *Server) apiStaffAttach(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, u, ok := s.staffDoc(w, r, auth.ActDocumentEdit)
	if !ok {
		return
	}
	version, ok := queryVersion(w, r)
	if !ok {
		return
	}
	name := strings.TrimSpace(r.URL.Query().Get("name"))
	if name == "" {
		apiInvalidField(w, "name", "请在地址中提供附件的文件名，如 ?name=附件1.pdf")
		return
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			apiError(w, http.StatusRequestEntityTooLarge, "too_large", "附件过大：不能超过 "+
				strconv.FormatInt(s.docs.Config().MaxAttachment>>20, 10)+" MiB")
			return
		}
		apiBadRequest(w, "无法读取请求体")
		return
	}
	if _, err := s.docs.Attach(r.Context(), s.actor(r), d.ID, version, name, data); err != nil {
		s.apiDocFail(w, r, err)
		return
	}
	nd, err := s.docs.Get(r.Context(), d.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIDocument(nd, u, true))
}

// staffAttachment checks that the attachment in the path belongs to the
// document in the path.
func staffAttachment(w http.ResponseWriter, r *http.Request, d disclosure.Document) (disclosure.Attachment, bool) {
	aid, ok := apiPathID(w, r, "aid")
	if !ok {
		return disclosure.Attachment{}, false
	}
	for _, a := range d.Attachments {
		if a.ID == aid {
			return a, true
		}
	}
	apiError(w, http.StatusNotFound, "not_found", "附件不存在")
	return disclosure.Attachment{}, false
}

// apiStaffAttachmentGet downloads an attachment of a document in any state.
func (s *Server) apiStaffAttachmentGet(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, _, ok := s.staffDoc(w, r, auth.ActDocumentView)
	if !ok {
		return
	}
	a, ok := staffAttachment(w, r, d)
	if !ok {
		return
	}
	a, rc, err := s.docs.OpenAttachment(r.Context(), a.ID)
	if err != nil {
		s.apiDocFail(w, r, err)
		return
	}
	defer rc.Close()
	serveAttachment(w, a, rc, "private, no-store")
}

// apiStaffDetach removes an attachment (?version= is required).
func (s *Server) apiStaffDetach(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, u, ok := s.staffDoc(w, r, auth.ActDocumentEdit)
	if !ok {
		return
	}
	a, ok := staffAttachment(w, r, d)
	if !ok {
		return
	}
	version, ok := queryVersion(w, r)
	if !ok {
		return
	}
	nd, err := s.docs.RemoveAttachment(r.Context(), s.actor(r), d.ID, version, a.ID)
	if err != nil {
		s.apiDocFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIDocument(nd, u, true))
}

// apiStaffFindings runs the scanner over the document now.
func (s *Server) apiStaffFindings(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, _, ok := s.staffDoc(w, r, auth.ActDocumentView)
	if !ok {
		return
	}
	fs, err := s.docs.Findings(r.Context(), d.ID)
	if err != nil {
		s.apiDocFail(w, r, err)
		return
	}
	out := apiFindings{Items: []apiFinding{}}
	for _, f := range fs {
		out.Items = append(out.Items, apiFinding{Finding: f, Where: f.Where()})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiStaffMask masks the chosen findings (or all maskable ones) in the
// title and body.
func (s *Server) apiStaffMask(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, u, ok := s.staffDoc(w, r, auth.ActDocumentEdit)
	if !ok {
		return
	}
	var in apiMaskInput
	if !decodeAPI(w, r, &in) || !needVersion(w, in.Version) {
		return
	}
	var chosen []review.Finding
	if in.All {
		fs, err := s.docs.Findings(r.Context(), d.ID)
		if err != nil {
			s.apiDocFail(w, r, err)
			return
		}
		for _, f := range fs {
			if f.Source != disclosure.SourceAttachment && f.Mask != "" {
				chosen = append(chosen, f.Finding)
			}
		}
	} else {
		for _, f := range in.Findings {
			chosen = append(chosen, review.Finding{Kind: f.Kind, Text: f.Text})
		}
	}
	if len(chosen) == 0 {
		apiInvalidField(w, "findings", "请选择要遮盖的敏感信息（findings），或用 all 遮盖全部可遮盖的项目")
		return
	}
	nd, err := s.docs.ApplyMasks(r.Context(), s.actor(r), d.ID, *in.Version, chosen)
	if err != nil {
		s.apiDocFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIDocument(nd, u, true))
}

func (s *Server) apiStaffSubmit(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	s.docAction(w, r, auth.ActDocumentEdit, func(id int64, v int) (disclosure.Document, error) {
		return s.docs.Submit(r.Context(), s.actor(r), id, v)
	})
}

func (s *Server) apiStaffPublish(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	s.docAction(w, r, auth.ActDocumentPublish, func(id int64, v int) (disclosure.Document, error) {
		return s.docs.Publish(r.Context(), s.actor(r), id, v)
	})
}

// apiStaffReview records the confidentiality review.
func (s *Server) apiStaffReview(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, u, ok := s.staffDoc(w, r, auth.ActDocumentReview)
	if !ok {
		return
	}
	var in apiReviewInput
	if !decodeAPI(w, r, &in) || !needVersion(w, in.Version) {
		return
	}
	nd, err := s.docs.RecordReview(r.Context(), s.actor(r), d.ID, *in.Version, in.Conclusion, in.Comment, in.OverrideReason)
	if err != nil {
		s.apiDocFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIDocument(nd, u, true))
}

// apiStaffReturn sends a document under review or awaiting approval back to
// its editor: the reviewer (during review) or the approver may.
func (s *Server) apiStaffReturn(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, u, ok := s.staffDoc(w, r, auth.ActDocumentReview, auth.ActDocumentPublish)
	if !ok {
		return
	}
	var in apiReasonInput
	if !decodeAPI(w, r, &in) || !needVersion(w, in.Version) {
		return
	}
	nd, err := s.docs.Return(r.Context(), s.actor(r), d.ID, *in.Version, in.Reason)
	if err != nil {
		s.apiDocFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIDocument(nd, u, true))
}

// apiStaffWithdraw withdraws a published document; its page becomes a notice.
func (s *Server) apiStaffWithdraw(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, u, ok := s.staffDoc(w, r, auth.ActDocumentWithdraw)
	if !ok {
		return
	}
	var in apiReasonInput
	if !decodeAPI(w, r, &in) || !needVersion(w, in.Version) {
		return
	}
	nd, err := s.docs.Withdraw(r.Context(), s.actor(r), d.ID, *in.Version, in.Reason)
	if err != nil {
		s.apiDocFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIDocument(nd, u, true))
}

// apiStaffValidity marks a published document expired or repealed.
func (s *Server) apiStaffValidity(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, u, ok := s.staffDoc(w, r, auth.ActDocumentWithdraw)
	if !ok {
		return
	}
	var in apiValidityInput
	if !decodeAPI(w, r, &in) || !needVersion(w, in.Version) {
		return
	}
	on, ok := parseAPIDate(strings.TrimSpace(in.Date))
	if !ok {
		apiInvalidField(w, "date", "日期应写成 YYYY-MM-DD，如 2024-03-05")
		return
	}
	nd, err := s.docs.SetValidity(r.Context(), s.actor(r), d.ID, *in.Version, in.Validity, on, in.Reason)
	if err != nil {
		s.apiDocFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIDocument(nd, u, true))
}

// apiStaffRevisions returns the document's history, oldest first.
func (s *Server) apiStaffRevisions(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	d, _, ok := s.staffDoc(w, r, auth.ActDocumentView)
	if !ok {
		return
	}
	revs, err := s.docs.Revisions(r.Context(), d.ID)
	if err != nil {
		s.apiDocFail(w, r, err)
		return
	}
	out := apiRevisions{Items: []apiRevision{}}
	for _, rv := range revs {
		ch := rv.Changes
		if ch == nil {
			ch = []disclosure.FieldChange{}
		}
		out.Items = append(out.Items, apiRevision{ID: rv.ID, Version: rv.Version, Action: rv.Action, ActionLabel: rv.ActionLabel(),
			Actor: rv.Actor, At: rv.At, Reason: rv.Reason, State: string(rv.Snapshot.State), Changes: ch})
	}
	writeJSON(w, http.StatusOK, out)
}
