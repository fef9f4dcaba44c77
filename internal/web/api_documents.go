package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// Documents in /api/v1: the public read API (published documents and
// withdrawal notices, no token) and the staff API under /api/v1/staff/
// (drafting, attachments, the scanner's findings, review, publication,
// withdrawal), with the same permissions as the back office.

// registerDocumentAPI registers /api/v1 routes for documents.
func (s *Server) registerDocumentAPI() {
	s.publicAPI("GET", "/api/v1/documents", s.apiDocumentList)
	s.publicAPI("GET", "/api/v1/documents/{id}", s.apiDocumentGet)
	s.publicAPI("GET", "/api/v1/documents/by-index/{indexNo...}", s.apiDocumentByIndex)

	s.handleAPI("GET", "/api/v1/staff/documents", s.apiStaffDocumentList)
	s.handleAPI("POST", "/api/v1/staff/documents", s.apiStaffDocumentCreate)
	s.handleAPI("GET", "/api/v1/staff/documents/{id}", s.apiStaffDocumentGet)
	s.handleAPI("PATCH", "/api/v1/staff/documents/{id}", s.apiStaffDocumentUpdate)
	s.handleAPI("POST", "/api/v1/staff/documents/{id}/attachments", s.apiStaffAttach)
	s.uploadLimit("POST /api/v1/staff/documents/{id}/attachments", s.docs.Config().MaxAttachment+1<<20)
	s.handleAPI("GET", "/api/v1/staff/documents/{id}/attachments/{aid}", s.apiStaffAttachmentGet)
	s.handleAPI("DELETE", "/api/v1/staff/documents/{id}/attachments/{aid}", s.apiStaffDetach)
	s.handleAPI("GET", "/api/v1/staff/documents/{id}/findings", s.apiStaffFindings)
	s.handleAPI("POST", "/api/v1/staff/documents/{id}/mask", s.apiStaffMask)
	s.handleAPI("POST", "/api/v1/staff/documents/{id}/submit", s.apiStaffSubmit)
	s.handleAPI("POST", "/api/v1/staff/documents/{id}/review", s.apiStaffReview)
	s.handleAPI("POST", "/api/v1/staff/documents/{id}/return", s.apiStaffReturn)
	s.handleAPI("POST", "/api/v1/staff/documents/{id}/publish", s.apiStaffPublish)
	s.handleAPI("POST", "/api/v1/staff/documents/{id}/withdraw", s.apiStaffWithdraw)
	s.handleAPI("POST", "/api/v1/staff/documents/{id}/validity", s.apiStaffValidity)
	s.handleAPI("GET", "/api/v1/staff/documents/{id}/revisions", s.apiStaffRevisions)
}

// apiDocument is a document as the API shows it. Dates the law counts are
// "YYYY-MM-DD" ("" when not set).
type apiDocument struct {
	ID            int64           `json:"id"`
	IndexNo       string          `json:"index_no"` // "" until first publication
	Title         string          `json:"title"`
	DocNo         string          `json:"doc_no"`
	Publisher     string          `json:"publisher"`
	WrittenOn     string          `json:"written_on"`
	PublishedOn   string          `json:"published_on"`
	Topic         string          `json:"topic"`
	Genre         string          `json:"genre"`
	Keywords      string          `json:"keywords"`
	Validity      string          `json:"validity"`
	ValidityLabel string          `json:"validity_label"`
	ValidityOn    string          `json:"validity_on"`
	State         string          `json:"state"`
	StateLabel    string          `json:"state_label"`
	StateReason   string          `json:"state_reason"` // why returned or withdrawn
	Late          bool            `json:"late"`
	Imported      bool            `json:"imported"`
	Version       int             `json:"version"`
	UnitCode      string          `json:"unit_code"`
	UnitName      string          `json:"unit_name"`
	ColumnID      int64           `json:"column_id"`
	InterpretsID  int64           `json:"interprets_id,omitempty"`
	BodyHTML      string          `json:"body_html,omitempty"`   // in single documents, not in lists
	Attachments   []apiAttachment `json:"attachments,omitempty"` // in single documents, not in lists
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
	PublishedAt   *time.Time      `json:"published_at"`
	URL           string          `json:"url"` // the portal page, "" while not public
}

// apiAttachment is an attachment with the URL it downloads from.
type apiAttachment struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Size    int64  `json:"size"`
	MIME    string `json:"mime"`
	SHA256  string `json:"sha256"`
	Scanned bool   `json:"scanned"` // its text was read by the scanner
	URL     string `json:"url"`
}

// apiDocumentList is a page of documents. Total is -1 when it was not
// counted (public lists without a unit or column filter: counting a whole
// county's documents costs more than the page); HasMore says whether
// another page follows.
type apiDocumentList struct {
	Items   []apiDocument `json:"items"`
	Total   int           `json:"total"`
	Page    int           `json:"page"`
	PerPage int           `json:"per_page"`
	HasMore bool          `json:"has_more"`
}

func dateString(d civil.Date) string { return d.String() }

// toAPIDocument converts d; staff documents link attachments to the staff
// download, public ones to the public one.
func toAPIDocument(d disclosure.Document, u org.Unit, staff bool) apiDocument {
	out := apiDocument{ID: d.ID, IndexNo: d.IndexNo, Title: d.Title, DocNo: d.DocNo, Publisher: d.Publisher,
		WrittenOn: dateString(d.WrittenOn), PublishedOn: dateString(d.PublishedOn), Topic: d.Topic, Genre: d.Genre,
		Keywords: d.Keywords, Validity: string(d.Validity), ValidityLabel: d.Validity.Label(), ValidityOn: dateString(d.ValidityOn),
		State: string(d.State), StateLabel: d.State.Label(), StateReason: d.StateReason, Late: d.Late, Imported: d.Imported,
		Version: d.Version, UnitCode: u.Code, UnitName: u.Name, ColumnID: d.ColumnID, InterpretsID: d.Interprets,
		BodyHTML: d.BodyHTML, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, PublishedAt: timePtr(d.PublishedAt)}
	for _, a := range d.Attachments {
		url := fmt.Sprintf("/documents/%d/attachments/%d", d.ID, a.ID) // the portal's download
		if staff {
			url = fmt.Sprintf("/api/v1/staff/documents/%d/attachments/%d", d.ID, a.ID)
		}
		out.Attachments = append(out.Attachments, apiAttachment{ID: a.ID, Name: a.Name, Size: a.Size, MIME: a.MIME,
			SHA256: a.SHA256, Scanned: a.Scanned, URL: url})
	}
	if d.IsPublic() {
		out.URL = "/documents/" + strconv.FormatInt(d.ID, 10)
	}
	if d.IsWithdrawn() && !staff {
		// A withdrawal notice: what was withdrawn and why, not its content.
		out.BodyHTML, out.Attachments = "", nil
	}
	return out
}

// unitCache loads the units of a page of documents once each.
type unitCache struct {
	s     *Server
	r     *http.Request
	units map[int64]org.Unit
}

func (s *Server) unitCache(r *http.Request) *unitCache {
	return &unitCache{s: s, r: r, units: map[int64]org.Unit{}}
}

func (c *unitCache) get(id int64) (org.Unit, error) {
	if u, ok := c.units[id]; ok {
		return u, nil
	}
	u, err := c.s.orgs.Get(c.r.Context(), id)
	if err != nil {
		return org.Unit{}, fmt.Errorf("unit %d: %w", id, err)
	}
	c.units[id] = u
	return u, nil
}

// apiDocFail maps the workflow's errors: a stale version or a state that
// does not allow the action is 409, the drafter acting on their own draft
// 403; the rest as apiFail.
func (s *Server) apiDocFail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, disclosure.ErrVersionConflict):
		apiError(w, http.StatusConflict, "conflict", disclosure.ErrVersionConflict.Error())
	case errors.Is(err, disclosure.ErrWrongState), errors.Is(err, disclosure.ErrNotReviewed):
		apiError(w, http.StatusConflict, "conflict", err.Error())
	case errors.Is(err, disclosure.ErrOwnDraft), errors.Is(err, disclosure.ErrNeedUser):
		apiError(w, http.StatusForbidden, "forbidden", err.Error())
	case errors.Is(err, store.ErrNotFound):
		apiError(w, http.StatusNotFound, "not_found", "文件不存在")
	default:
		s.apiFail(w, r, renameProblems(err, "validity_on", "date"))
	}
}

// apiPathID reads a numeric path value, answering 404 itself when it is not one.
func apiPathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		apiError(w, http.StatusNotFound, "not_found", "对象不存在")
		return 0, false
	}
	return id, true
}

// parseAPIDate reads "YYYY-MM-DD" ("" is the zero date).
func parseAPIDate(v string) (civil.Date, bool) {
	if v == "" {
		return civil.Date{}, true
	}
	d, err := civil.Parse(v)
	return d, err == nil
}

// The documents' part of the OpenAPI table (api_openapi.go).
func init() {
	listQuery := withPaging(
		apiParam{Name: "unit", Type: "string", Desc: "单位编码：只列出该单位的文件"},
		apiParam{Name: "under", Type: "string", Desc: "单位编码：该单位及其下级单位的文件"},
		apiParam{Name: "column", Type: "integer", Desc: "栏目编号"},
		apiParam{Name: "year", Type: "integer", Desc: "发布年份"},
		apiParam{Name: "topic", Type: "string", Desc: "主题分类"},
		apiParam{Name: "genre", Type: "string", Desc: "体裁分类"},
		apiParam{Name: "validity", Type: "string", Desc: "有效性", Enum: []string{"valid", "expired", "repealed"}},
		apiParam{Name: "q", Type: "string", Desc: "标题包含的文字"},
	)
	staffQuery := append([]apiParam{{Name: "state", Type: "string", Desc: "状态", Enum: enumOf(disclosure.States())}}, listQuery...)
	const tag, staffTag = "公开信息", "公开信息（工作人员）"
	apiOps = append(apiOps,
		apiOp{Method: "GET", Path: "/api/v1/documents", Tag: tag, Summary: "列出已发布的公开信息（按发布日期倒序）", Public: true,
			Desc:  "无需令牌。按单位（unit）或栏目（column）筛选时返回总数 total，否则 total 为 -1（不统计全县总数）；has_more 表示是否还有下一页。",
			Query: listQuery, Status: 200, Result: "DocumentList"},
		apiOp{Method: "GET", Path: "/api/v1/documents/{id}", Tag: tag, Summary: "查看已发布的公开信息", Public: true,
			Desc:   "无需令牌。已撤回的文件返回撤回说明：state 为 withdrawn，state_reason 为撤回理由，不含正文和附件。未发布的文件返回 404。",
			Status: 200, Result: "Document"},
		apiOp{Method: "GET", Path: "/api/v1/documents/by-index/{indexNo}", Tag: tag, Summary: "按索引号查看公开信息", Public: true,
			Desc: "无需令牌。索引号可含 /，原样写在路径中。已发布过的索引号永远有效：撤回后返回撤回说明。", Status: 200, Result: "Document"},

		apiOp{Method: "GET", Path: "/api/v1/staff/documents", Tag: staffTag, Summary: "列出有权查看的文件（任何状态，按修改时间倒序）",
			Desc: "不指定单位时，列出令牌用户可查看范围内的全部文件。", Query: staffQuery, Status: 200, Result: "DocumentList"},
		apiOp{Method: "POST", Path: "/api/v1/staff/documents", Tag: staffTag, Summary: "起草文件（草稿）",
			Desc: "unit 为单位编码；栏目用 column_id，或用 column 写栏目名称或路径（如“政策文件/行政规范性文件”）。正文 body_html 经安全过滤后保存。",
			Body: "DocumentInput", Status: 201, Result: "Document"},
		apiOp{Method: "GET", Path: "/api/v1/staff/documents/{id}", Tag: staffTag, Summary: "查看文件（任何状态）", Status: 200, Result: "Document"},
		apiOp{Method: "PATCH", Path: "/api/v1/staff/documents/{id}", Tag: staffTag, Summary: "修改草稿或退回的文件（只修改请求中出现的字段）",
			Desc: "version 必填，为读取时的版本号；文件已被他人修改时返回 409。", Body: "DocumentPatch", Status: 200, Result: "Document", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/staff/documents/{id}/attachments", Tag: staffTag, Summary: "上传附件",
			Desc:   "请求体就是文件本身；?name= 为文件名，?version= 为文件的版本号。类型按内容识别，须与扩展名一致（PDF、DOC/DOCX、XLS/XLSX、ODF、图片）。",
			Query:  []apiParam{{Name: "name", Type: "string", Desc: "附件文件名，如 附件1.pdf"}, {Name: "version", Type: "integer", Desc: "文件的版本号"}},
			Upload: []string{"application/octet-stream"}, Status: 201, Result: "Document", Conflict: true},
		apiOp{Method: "GET", Path: "/api/v1/staff/documents/{id}/attachments/{aid}", Tag: staffTag, Summary: "下载附件（任何状态的文件）",
			Status: 200, File: true},
		apiOp{Method: "DELETE", Path: "/api/v1/staff/documents/{id}/attachments/{aid}", Tag: staffTag, Summary: "删除附件",
			Query: []apiParam{{Name: "version", Type: "integer", Desc: "文件的版本号"}}, Status: 200, Result: "Document", Conflict: true},
		apiOp{Method: "GET", Path: "/api/v1/staff/documents/{id}/findings", Tag: staffTag, Summary: "自动检查敏感信息（标题、正文和附件文字）",
			Desc: "每项含类型 kind、原文 text、位置 where 和遮盖建议 mask。", Status: 200, Result: "Findings"},
		apiOp{Method: "POST", Path: "/api/v1/staff/documents/{id}/mask", Tag: staffTag, Summary: "遮盖标题和正文中的敏感信息",
			Desc: "findings 列出要遮盖的项目（kind 和 text，取自 findings 接口），或 all 为 true 遮盖全部可遮盖的项目。附件中的信息须更换附件。",
			Body: "MaskInput", Status: 200, Result: "Document", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/staff/documents/{id}/submit", Tag: staffTag, Summary: "提交保密审查（草稿、退回修改 → 待保密审查）",
			Body: "VersionInput", Status: 200, Result: "Document", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/staff/documents/{id}/review", Tag: staffTag, Summary: "记录保密审查结论",
			Desc: "可以公开、部分公开需处理 → 待审核；不予公开 → 退回修改（comment 为退回理由）。仍有未处理的敏感信息时须填写放行理由 override_reason（记入审计日志）。起草人不能审查自己的文件（403）。",
			Body: "ReviewInput", Status: 200, Result: "Document", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/staff/documents/{id}/return", Tag: staffTag, Summary: "退回修改（附理由）",
			Body: "ReasonInput", Status: 200, Result: "Document", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/staff/documents/{id}/publish", Tag: staffTag, Summary: "审核发布（待审核 → 已发布）",
			Desc: "须有允许公开本版本的保密审查结论；起草人不能发布自己的文件（403）。首次发布时生成索引号。",
			Body: "VersionInput", Status: 200, Result: "Document", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/staff/documents/{id}/withdraw", Tag: staffTag, Summary: "撤回已发布的文件（附理由）",
			Desc: "索引号保留，公众看到撤回说明。", Body: "ReasonInput", Status: 200, Result: "Document", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/staff/documents/{id}/validity", Tag: staffTag, Summary: "标记已发布的文件失效或废止",
			Body: "ValidityInput", Status: 200, Result: "Document", Conflict: true},
		apiOp{Method: "GET", Path: "/api/v1/staff/documents/{id}/revisions", Tag: staffTag, Summary: "文件的修改历史（从早到晚，含每次的改动）",
			Status: 200, Result: "Revisions"},
	)
	apiSchemas = append(apiSchemas,
		apiSchema{Name: "Document", Type: typeOf[apiDocument](),
			Desc: "公开信息。日期为 YYYY-MM-DD（未设定时为空）；state 为 draft、pending_review、pending_approval、published、returned 或 withdrawn；late 表示发布日期晚于成文日期 20 个工作日以上；imported 表示由旧档案导入。列表中不含 body_html 和 attachments。"},
		apiSchema{Name: "DocumentAttachment", Type: typeOf[apiAttachment](), Desc: "附件；url 为下载地址；scanned 表示已读取其文字做敏感信息检查。"},
		apiSchema{Name: "DocumentList", Type: typeOf[apiDocumentList](), Desc: "total 为 -1 表示未统计总数。"},
		apiSchema{Name: "DocumentInput", Type: typeOf[apiDocumentInput](), Required: []string{"unit", "title", "written_on"}},
		apiSchema{Name: "DocumentPatch", Type: typeOf[apiDocumentPatch](), Required: []string{"version"}},
		apiSchema{Name: "VersionInput", Type: typeOf[apiVersion](), Required: []string{"version"}},
		apiSchema{Name: "MaskInput", Type: typeOf[apiMaskInput](), Required: []string{"version"}},
		apiSchema{Name: "MaskFinding", Type: typeOf[apiMaskFinding]()},
		apiSchema{Name: "ReviewInput", Type: typeOf[apiReviewInput](), Required: []string{"version", "conclusion"},
			Desc: "conclusion 为 publishable（可以公开）、partial（部分公开需处理）或 not_publishable（不予公开）。"},
		apiSchema{Name: "ReasonInput", Type: typeOf[apiReasonInput](), Required: []string{"version", "reason"}},
		apiSchema{Name: "ValidityInput", Type: typeOf[apiValidityInput](), Required: []string{"version", "validity", "date"},
			Desc: "validity 为 expired（失效）或 repealed（废止）；date 为失效或废止的日期 YYYY-MM-DD。"},
		apiSchema{Name: "Finding", Type: typeOf[apiFinding](),
			Desc: "敏感信息：kind 为 id_card、mobile、bank_card 或 secrecy_mark；source 为 title、body 或 attachment；line 为所在行；mask 为遮盖建议（密级标志无遮盖建议）。"},
		apiSchema{Name: "Findings", Type: typeOf[apiFindings]()},
		apiSchema{Name: "Revision", Type: typeOf[apiRevision]()},
		apiSchema{Name: "Revisions", Type: typeOf[apiRevisions]()},
	)
}
