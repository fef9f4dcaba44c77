package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// More of disclosure on request in /api/v1 (api_requests.go has the rest):
// changing an appeal, the application's files, the user's reminders and
// the import of a historic ledger — what the back office does in
// admin_request_appeal_update.go, admin_request_attach.go,
// admin_request_reminder_dismiss.go and admin_request_import.go, with the
// same permissions, limits and audit entries.

// registerRequestMoreAPI registers the routes of this file; registerRequestAPI calls it.
func (s *Server) registerRequestMoreAPI() {
	s.handleAPI("POST", "/api/v1/requests/import", s.apiRequestImport)
	s.uploadLimit("POST /api/v1/requests/import", maxImportBytes)
	s.handleAPI("GET", "/api/v1/requests/reminders", s.apiRequestReminders)
	s.handleAPI("DELETE", "/api/v1/requests/reminders/{id}", s.apiRequestReminderDismiss)
	s.handleAPI("POST", "/api/v1/requests/{id}/appeals/{appeal}", s.apiRequestAppealUpdate)
	s.handleAPI("POST", "/api/v1/requests/{id}/files", s.apiRequestAttach)
	s.uploadLimit("POST /api/v1/requests/{id}/files", s.adminReqUploadLimit())
	s.handleAPI("GET", "/api/v1/requests/{id}/files/{file}", s.apiRequestFileGet)
}

// apiAppealUpdateInput changes a case: the fields left out keep their
// values ("" clears decided_on and note).
type apiAppealUpdateInput struct {
	Version   *int    `json:"version"`
	Kind      *string `json:"kind"`
	FiledOn   *string `json:"filed_on"`
	Result    *string `json:"result"`
	DecidedOn *string `json:"decided_on"`
	Note      *string `json:"note"`
}

// apiLedgerImport is the answer of POST /api/v1/requests/import.
type apiLedgerImport struct {
	Rows      int  `json:"rows"`
	Created   int  `json:"created"`
	Updated   int  `json:"updated"`
	Unchanged int  `json:"unchanged"`
	DryRun    bool `json:"dry_run"`
}

type apiRequestFiles struct {
	Items []apiRequestFile `json:"items"`
}

// apiReminder is one of the user's reminders of an application near its
// due date.
type apiReminder struct {
	ID        int64  `json:"id"`
	RequestID int64  `json:"request_id"`
	RegNo     string `json:"reg_no"`
	UnitName  string `json:"unit_name"`
	DaysLeft  int    `json:"days_left"`
	DueOn     string `json:"due_on"`
}

type apiReminders struct {
	Items []apiReminder `json:"items"`
}

func toAPIRequestFile(f request.File) apiRequestFile {
	return apiRequestFile{ID: f.ID, Kind: f.Kind, Name: f.Name, MIME: f.MIME, Size: f.Size, SHA256: f.SHA256, CreatedAt: f.CreatedAt}
}

// apiRequestAppealUpdate changes a review or litigation case, usually its
// result once decided (POST /api/v1/requests/{id}/appeals/{appeal}).
func (s *Server) apiRequestAppealUpdate(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	a, _, ok := s.staffRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	aid, ok := apiPathID(w, r, "appeal")
	if !ok {
		return
	}
	appeals, err := s.reqs.Appeals(r.Context(), a.ID)
	if err != nil {
		s.apiRequestFail(w, r, err)
		return
	}
	var old request.Appeal
	for _, ap := range appeals {
		if ap.ID == aid {
			old = ap
		}
	}
	if old.ID == 0 {
		apiError(w, http.StatusNotFound, "not_found", "该申请没有这个复议诉讼案件")
		return
	}
	var in apiAppealUpdateInput
	if !decodeAPI(w, r, &in) {
		return
	}
	v, ok := reqVersion(w, in.Version)
	if !ok {
		return
	}
	up := request.AppealInput{Kind: old.Kind, FiledOn: old.FiledOn, Result: old.Result, DecidedOn: old.DecidedOn, Note: old.Note}
	if in.Kind != nil {
		up.Kind = request.AppealKind(*in.Kind)
	}
	if in.Result != nil {
		up.Result = request.AppealResult(*in.Result)
	}
	if in.Note != nil {
		up.Note = *in.Note
	}
	var dates apiDates
	if in.FiledOn != nil {
		up.FiledOn = dates.parse("filed_on", *in.FiledOn)
	}
	if in.DecidedOn != nil {
		up.DecidedOn = dates.parse("decided_on", *in.DecidedOn)
	}
	if !dates.ok(w) {
		return
	}
	// The domain takes no version: checked here, as the back office does.
	if v != a.Version {
		s.apiRequestFail(w, r, request.ErrStale)
		return
	}
	ap, err := s.reqs.UpdateAppeal(r.Context(), s.actor(r), aid, up)
	if err != nil {
		s.apiRequestFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIAppeal(ap))
}

// apiRequestAttach stores the files of a multipart/form-data body (field
// files, one or more) with the kind of field kind: scans of the application
// or of a correction, or the released information.
func (s *Server) apiRequestAttach(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	a, _, ok := s.staffRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			apiError(w, http.StatusRequestEntityTooLarge, "too_large", tooLargeMessage(mbe.Limit))
			return
		}
		apiBadRequest(w, "请求体应为 multipart/form-data：字段 kind 为文件类别，字段 files 为文件（可多个）")
		return
	}
	defer r.MultipartForm.RemoveAll()
	e := &valid.Errors{}
	kind := r.MultipartForm.Value["kind"]
	if len(kind) != 1 || (kind[0] != request.FileScan && kind[0] != request.FileCorrection && kind[0] != request.FileRelease) {
		e.Add("kind", "文件类别（kind）应为 scan（申请材料扫描件）、correction（补正材料）或 release（公开的信息）")
	}
	files := formFiles(r.MultipartForm, "files")
	if len(files) == 0 {
		e.Add("files", "请在字段 files 中上传文件")
	}
	s.checkUploads(files, "files", e)
	if len(e.Problems) > 0 {
		apiInvalid(w, e)
		return
	}
	// Every file is read and checked as AttachFile will (name, format)
	// before any is stored, so that a refused upload stores none.
	data := make([][]byte, len(files))
	for i, fh := range files {
		var err error
		if data[i], err = readUpload(fh); err != nil {
			s.apiFail(w, r, err)
			return
		}
		if utf8.RuneCountInString(fh.Filename) > 200 {
			e.Add("files", fmt.Sprintf("文件名“%s…”过长（最多 200 字）", string([]rune(fh.Filename)[:20])))
		} else if disclosure.Sniff(data[i]) == "" {
			e.Add("files", fmt.Sprintf("文件“%s”的格式不受支持，可上传 PDF、Word、Excel、OpenDocument、JPG、PNG 或 GIF 文件", fh.Filename))
		}
	}
	if len(e.Problems) > 0 {
		apiInvalid(w, e)
		return
	}
	out := apiRequestFiles{Items: []apiRequestFile{}}
	for i, fh := range files {
		f, err := s.reqs.AttachFile(r.Context(), s.actor(r), a.ID, kind[0], fh.Filename, data[i])
		if err != nil {
			s.apiRequestFail(w, r, renameProblems(fmt.Errorf("%s: %w", fh.Filename, err), "file", "files"))
			return
		}
		out.Items = append(out.Items, toAPIRequestFile(f))
	}
	writeJSON(w, http.StatusCreated, out)
}

// apiRequestFileGet downloads a file of the application. Scans and
// corrections carry personal data: only the unit's handlers get them.
func (s *Server) apiRequestFileGet(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	a, unit, ok := s.staffRequest(w, r, auth.ActRequestView)
	if !ok {
		return
	}
	fid, ok := apiPathID(w, r, "file")
	if !ok {
		return
	}
	f, rc, err := s.openRequestFile(r, a, fid)
	if errors.Is(err, store.ErrNotFound) {
		apiError(w, http.StatusNotFound, "not_found", "文件不存在")
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	defer rc.Close()
	if !s.mayReadRequestFile(r, unit, f) {
		apiError(w, http.StatusForbidden, "forbidden", "申请材料含个人信息，只有本单位的经办人可以下载")
		return
	}
	s.sendRequestFile(w, f, rc)
}

// apiRequestReminders lists the token user's reminders: those of the
// applications they handle, and, for a unit's handlers, those of its
// unassigned applications (the back office's dashboard).
func (s *Server) apiRequestReminders(w http.ResponseWriter, r *http.Request, u *auth.User) {
	if !s.mayViewRequests(r) {
		apiForbidden(w)
		return
	}
	rs, err := s.reqs.Reminders(r.Context(), u.ID, s.reminderPath(r))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := apiReminders{Items: []apiReminder{}}
	for _, m := range rs {
		out.Items = append(out.Items, apiReminder{ID: m.ID, RequestID: m.RequestID, RegNo: m.RegNo, UnitName: m.UnitName,
			DaysLeft: m.DaysLeft, DueOn: dateString(m.DueOn)})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiRequestReminderDismiss hides one of the user's reminders (audited).
func (s *Server) apiRequestReminderDismiss(w http.ResponseWriter, r *http.Request, u *auth.User) {
	if !s.mayViewRequests(r) {
		apiForbidden(w)
		return
	}
	id, ok := apiPathID(w, r, "id")
	if !ok {
		return
	}
	// Only a reminder the user is shown may be dismissed.
	mine, err := s.reqs.Reminders(r.Context(), u.ID, s.reminderPath(r))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	found := false
	for _, m := range mine {
		found = found || m.ID == id
	}
	if !found {
		apiError(w, http.StatusNotFound, "not_found", "没有这条提醒，或已关闭")
		return
	}
	if err := s.reqs.DismissReminder(r.Context(), s.actor(r), id); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiRequestImport imports a historic ledger (台账) for ?unit= from the raw
// CSV or XLSX file in the body: all rows or none, as in the back office;
// with ?dry_run=true it only counts.
func (s *Server) apiRequestImport(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	q := r.URL.Query()
	e := &valid.Errors{}
	dry := false
	if v := q.Get("dry_run"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			e.Add("dry_run", "参数 dry_run 应为 true 或 false")
		}
		dry = b
	}
	code := strings.TrimSpace(q.Get("unit"))
	var unit org.Unit
	if code == "" {
		e.Add("unit", "请用参数 unit 给出导入台账的单位编码")
	} else {
		var err error
		unit, err = s.orgs.GetByCodeCached(r.Context(), code)
		if errors.Is(err, store.ErrNotFound) {
			e.Add("unit", fmt.Sprintf("参数 unit：单位“%s”不存在", code))
		} else if err != nil {
			s.apiFail(w, r, err)
			return
		}
	}
	if len(e.Problems) > 0 {
		queryProblems(w, e)
		return
	}
	if !s.can(r, auth.ActRequestImport, unit) {
		apiForbidden(w)
		return
	}
	format, ok := importFormat(r)
	if !ok {
		apiBadRequest(w, "请求体应为台账文件：Content-Type 用 text/csv 或 "+xlsxMediaType+"，或在地址中加 ?format=csv 或 ?format=xlsx")
		return
	}
	data, err := io.ReadAll(r.Body) // bounded by the route's body limit
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			apiError(w, http.StatusRequestEntityTooLarge, "too_large", tooLargeMessage(mbe.Limit))
			return
		}
		apiBadRequest(w, "无法读取请求体")
		return
	}
	rows, err := request.ParseLedger("台账."+format, data)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	// Always a dry run first: nothing is written unless every row is good.
	res, err := s.reqs.ImportLedger(r.Context(), s.actor(r), unit.ID, rows, true, nil)
	if err == nil && !dry {
		res, err = s.reqs.ImportLedger(r.Context(), s.actor(r), unit.ID, rows, false, nil)
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiLedgerImport{Rows: len(rows), Created: res.Created, Updated: res.Updated,
		Unchanged: res.Unchanged, DryRun: dry})
}

// The OpenAPI table of this file (api_openapi.go).
func init() {
	const tag = "依申请公开"
	apiOps = append(apiOps,
		apiOp{Method: "POST", Path: "/api/v1/requests/import", Tag: tag, Summary: "导入历史台账（CSV 或 XLSX）",
			Desc: "请求体就是文件本身（不超过 10 MiB），格式由 Content-Type 或 ?format= 指定。第一行为表头：登记号,收到日期,申请方式,申请人类型,申请人,申请内容,办结日期,办理结果（与后台“导入台账”相同）。" +
				"任何一行有问题即返回 422，problems 带行号（line）列出问题，且不导入任何记录；同一单位已有相同登记号的记录时更新（完全相同的计入 unchanged）。需要该单位的 request.import 权限。",
			Query: []apiParam{
				{Name: "unit", Type: "string", Desc: "单位编码（必填）"},
				{Name: "format", Type: "string", Desc: "文件格式；不填时按 Content-Type 判断", Enum: []string{"csv", "xlsx"}},
				{Name: "dry_run", Type: "boolean", Desc: "只检查并计数，不写入"},
			},
			Upload: []string{"text/csv", xlsxMediaType}, Status: 200, Result: "LedgerImportResult"},
		apiOp{Method: "GET", Path: "/api/v1/requests/reminders", Tag: tag, Summary: "列出我的期限提醒（剩余 5 个和 2 个工作日）",
			Desc:   "经办的申请的提醒；有本单位办理权限时，还有本单位未分派经办人的申请的提醒。与后台首页相同。",
			Status: 200, Result: "ReminderList"},
		apiOp{Method: "DELETE", Path: "/api/v1/requests/reminders/{id}", Tag: tag, Summary: "关闭一条期限提醒",
			Desc: "只能关闭自己看得到的提醒；记入审计日志。", Status: 204},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/appeals/{appeal}", Tag: tag, Summary: "更新行政复议或行政诉讼案件（如登记审结结果）",
			Desc: "只修改请求中出现的字段；decided_on 或 note 为空字符串时清空。version 为申请的版本号。返回更新后的案件。",
			Body: "RequestAppealUpdate", Status: 200, Result: "RequestAppeal", Conflict: true},
		apiOp{Method: "POST", Path: "/api/v1/requests/{id}/files", Tag: tag, Summary: "上传申请的文件（扫描件、补正材料、公开的信息）",
			Desc: fmt.Sprintf("multipart/form-data：kind 为文件类别，files 为文件，一次最多 %d 个，每个不超过附件大小上限；格式按内容识别（PDF、Word、Excel、OpenDocument、JPG、PNG、GIF）。"+
				"任何一个文件有问题即返回 422，不保存任何文件。需要本单位的办理权限。", adminReqMaxFiles),
			Form: []apiParam{
				{Name: "kind", Type: "string", Desc: "文件类别", Enum: []string{request.FileScan, request.FileCorrection, request.FileRelease}},
				{Name: "files", Type: "files", Desc: "文件（可多个）"},
			},
			Status: 201, Result: "RequestFileList"},
		apiOp{Method: "GET", Path: "/api/v1/requests/{id}/files/{file}", Tag: tag, Summary: "下载申请的文件",
			Desc: "公开的信息（release）有查看权限即可下载；扫描件和补正材料含个人信息，需要本单位的办理权限。", Status: 200, File: true},
	)
	apiSchemas = append(apiSchemas,
		apiSchema{Name: "RequestAppealUpdate", Type: typeOf[apiAppealUpdateInput](), Required: []string{"version"},
			Desc: "kind 为 review、litigation_direct 或 litigation_after_review；result 为 upheld、corrected、other 或 pending；已审结（非 pending）的案件须有 decided_on。"},
		apiSchema{Name: "RequestFileList", Type: typeOf[apiRequestFiles]()},
		apiSchema{Name: "LedgerImportResult", Type: typeOf[apiLedgerImport](),
			Desc: "rows 为文件中的记录数；created、updated、unchanged 为新增、更新和已存在且相同的条数（dry_run 时为将会得到的条数）。"},
		apiSchema{Name: "Reminder", Type: typeOf[apiReminder](), Desc: "days_left 为提醒的档位（5 或 2 个工作日），due_on 为答复期限。"},
		apiSchema{Name: "ReminderList", Type: typeOf[apiReminders]()},
	)
}
