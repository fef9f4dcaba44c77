package web

import (
	"errors"
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// The back office of proactive disclosure (信息发布): editors draft, attach
// and mask, reviewers record the confidentiality review, approvers publish,
// withdraw and mark documents 失效/废止. Every handler checks the action on
// the document's unit with s.can; the workflow's own rules (states, the
// drafter not approving their own draft, versions) are the domain's.
// Files: admin_document_NOUN_VERB.go, one use case each.

// registerAdminDocuments registers the back office for documents.
func (s *Server) registerAdminDocuments() {
	m := s.mux
	m.HandleFunc("GET /admin/documents", s.staff(s.adminDocumentList))
	m.HandleFunc("GET /admin/documents/new", s.staff(s.adminDocumentNew))
	m.HandleFunc("POST /admin/documents/new", s.staff(s.adminDocumentCreate))
	m.HandleFunc("GET /admin/documents/{id}", s.staff(s.adminDocumentView))
	m.HandleFunc("GET /admin/documents/{id}/edit", s.staff(s.adminDocumentEditForm))
	m.HandleFunc("POST /admin/documents/{id}/edit", s.staff(s.adminDocumentUpdate))
	m.HandleFunc("POST /admin/documents/{id}/attachments", s.staff(s.adminDocumentAttach))
	// The file plus the form fields; the domain reports a file over the
	// configured limit with its size.
	s.uploadLimit("POST /admin/documents/{id}/attachments", s.docs.Config().MaxAttachment+(1<<20))
	m.HandleFunc("GET /admin/documents/{id}/attachments/{aid}", s.staff(s.adminDocumentDownload))
	m.HandleFunc("POST /admin/documents/{id}/attachments/{aid}/remove", s.staff(s.adminDocumentDetach))
	m.HandleFunc("POST /admin/documents/{id}/mask", s.staff(s.adminDocumentMask))
	m.HandleFunc("POST /admin/documents/{id}/submit", s.staff(s.adminDocumentSubmit))
	m.HandleFunc("POST /admin/documents/{id}/review", s.staff(s.adminDocumentReview))
	m.HandleFunc("POST /admin/documents/{id}/return", s.staff(s.adminDocumentReturn))
	m.HandleFunc("POST /admin/documents/{id}/publish", s.staff(s.adminDocumentPublish))
	m.HandleFunc("POST /admin/documents/{id}/withdraw", s.staff(s.adminDocumentWithdraw))
	m.HandleFunc("POST /admin/documents/{id}/validity", s.staff(s.adminDocumentValidity))
}

func init() {
	for k, v := range map[string]string{
		"document.create": "起草文件", "document.update": "修改文件", "document.mask": "遮盖敏感信息",
		"document.attach": "添加附件", "document.detach": "删除附件", "document.submit": "提交保密审查",
		"document.review": "保密审查", "document.review_override": "带敏感信息放行", "document.return": "退回修改",
		"document.publish": "发布文件", "document.withdraw": "撤回文件", "document.validity": "变更有效性",
		"document.import": "导入文件",
	} {
		auditActionLabels[k] = v
	}
	auditObjectLabels["document"] = "文件"
}

// adminDocURL is a document's back-office page.
func adminDocURL(id int64) string { return "/admin/documents/" + strconv.FormatInt(id, 10) }

// loadAdminDocument fetches the document of the route's {id} and its unit, and
// checks that the current user may do a there. On failure it has answered
// (404, 403 or 500) and returns false.
func (s *Server) loadAdminDocument(w http.ResponseWriter, r *http.Request, a auth.Action) (disclosure.Document, org.Unit, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return disclosure.Document{}, org.Unit{}, false
	}
	d, err := s.docs.Get(r.Context(), id)
	if err == nil {
		var u org.Unit
		u, err = s.orgs.Get(r.Context(), d.UnitID)
		if err == nil {
			if !s.can(r, a, u) {
				s.forbidden(w, r)
				return disclosure.Document{}, org.Unit{}, false
			}
			return d, u, true
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
	} else {
		s.serverError(w, r, err)
	}
	return disclosure.Document{}, org.Unit{}, false
}

// docFormVersion is the hidden "version" field: the version of the document
// the person saw, which every change must name (optimistic locking). A
// missing or garbled one is a conflict, never "whatever is current".
func docFormVersion(r *http.Request) int {
	n, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || n < 1 {
		return -1
	}
	return n
}

// adminDocFailed answers a domain error that is not a validation problem:
// a conflict (someone changed it, or the state does not allow the action)
// is a 409 page with a link back to the document, the workflow's own
// refusals are 403, a missing attachment or document 404.
func (s *Server) adminDocFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	switch {
	case errors.Is(err, disclosure.ErrVersionConflict), errors.Is(err, disclosure.ErrWrongState),
		errors.Is(err, disclosure.ErrNotReviewed):
		msg := err.Error()
		if errors.Is(err, disclosure.ErrVersionConflict) {
			msg = "在您打开页面之后，其他人已修改或处理了这份文件，您的操作没有保存。请返回文件页面查看最新内容后重试。"
		}
		p := s.page(r, "操作未完成")
		p.Section = "documents"
		p.Data = struct {
			Message string
			Back    string
		}{msg, adminDocURL(id)}
		s.render(w, r, http.StatusConflict, "admin_document_conflict", p)
	case errors.Is(err, disclosure.ErrOwnDraft), errors.Is(err, disclosure.ErrNeedUser):
		s.errorPage(w, r, http.StatusForbidden, err.Error())
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
	default:
		s.serverError(w, r, err)
	}
}

// adminDocTopics are the usual 主题分类 of government information (the State
// Council's classification); other values from imports are kept as they are.
var adminDocTopics = []string{"综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源",
	"农业、林业、水利", "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护",
	"科技、教育", "文化、广电、新闻出版", "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察",
	"公安、安全、司法", "民政、扶贫、救灾", "其他"}

// adminDocStateErr says that d's state does not allow action.
func adminDocStateErr(d disclosure.Document, action string) error {
	return &disclosure.StateError{State: d.State, Action: action}
}
