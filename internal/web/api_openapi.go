package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/catalog"
	"gongkai/internal/org"
	"gongkai/internal/valid"
)

// The OpenAPI 3.0.3 document of /api/v1 is built from the table below, with
// the schemas derived by reflection from the very Go types the handlers
// decode and encode, so a renamed field cannot drift from the document.
// api_openapi_test.go checks that the table and the registered routes match.

// apiOp documents one endpoint.
type apiOp struct {
	Method  string
	Path    string // OpenAPI form: /api/v1/units/{code}
	Tag     string
	Summary string // Chinese
	Desc    string
	Query   []apiParam
	Body    string     // request schema (a name in apiSchemas), "" for none
	Upload  []string   // media types of a raw file body (string/binary), instead of Body
	Form    []apiParam // required fields of a multipart/form-data body (Type "files": one or more files), instead of Body
	Status  int        // success status
	Result  string     // response schema, "" for none (204)
	Public  bool       // no token needed
	// Conflict: the operation may answer 409 (a stale version, or a state
	// that does not allow it).
	Conflict bool
	File     bool // the success response is a file (binary), not JSON
}

// apiParam is a query parameter.
type apiParam struct {
	Name, Type, Desc string
	Enum             []string
}

var pagingParams = []apiParam{
	{Name: "page", Type: "integer", Desc: "页码，从 1 开始（默认 1）"},
	{Name: "per_page", Type: "integer", Desc: "每页条数（默认 20，最多 100）"},
}

func withPaging(ps ...apiParam) []apiParam { return append(ps, pagingParams...) }

func enumOf[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// apiOps is every endpoint of /api/v1.
var apiOps = []apiOp{
	{Method: "GET", Path: "/api/v1/openapi.json", Tag: "文档", Summary: "本 API 的 OpenAPI 3 描述文档", Status: 200, Public: true},

	{Method: "GET", Path: "/api/v1/me", Tag: "我的账户", Summary: "查看令牌所属的用户", Status: 200, Result: "User",
		Desc: "密码待修改或两步验证待启用时，除本接口和修改密码外的接口都返回 403。"},
	{Method: "POST", Path: "/api/v1/me/password", Tag: "我的账户", Summary: "修改本人密码", Body: "PasswordChange", Status: 204},
	{Method: "GET", Path: "/api/v1/me/tokens", Tag: "我的账户", Summary: "列出本人的 API 令牌（含已撤销、已过期的）",
		Query: pagingParams, Status: 200, Result: "TokenList"},
	{Method: "POST", Path: "/api/v1/me/tokens", Tag: "我的账户", Summary: "创建 API 令牌",
		Desc: "令牌明文只在本次响应的 token 字段中返回一次，请妥善保存。", Body: "TokenInput", Status: 201, Result: "TokenCreated"},
	{Method: "DELETE", Path: "/api/v1/me/tokens/{id}", Tag: "我的账户", Summary: "撤销本人的 API 令牌", Status: 204},

	{Method: "GET", Path: "/api/v1/units", Tag: "单位", Summary: "列出单位（仅限有权查看的单位，按树形顺序）", Status: 200, Result: "UnitList",
		Query: withPaging(
			apiParam{Name: "type", Type: "string", Desc: "单位类型", Enum: enumOf(org.Types())},
			apiParam{Name: "q", Type: "string", Desc: "名称或编码包含的文字"},
			apiParam{Name: "under", Type: "string", Desc: "只列出该编码的单位及其下级单位"},
			apiParam{Name: "include_inactive", Type: "boolean", Desc: "包括已停用的单位"},
		)},
	{Method: "POST", Path: "/api/v1/units", Tag: "单位", Summary: "创建单位", Desc: "需要在上级单位（parent）上有创建下级单位的权限；不填 parent 即创建顶级单位。",
		Body: "UnitInput", Status: 201, Result: "Unit"},
	{Method: "POST", Path: "/api/v1/units/import", Tag: "单位", Summary: "从 CSV 或 XLSX 文件批量导入单位",
		Desc: "请求体就是文件本身（不超过 10 MiB），格式由 Content-Type 或 ?format= 指定。第一行为表头：单位编码,单位名称,单位类型,上级单位编码；" +
			"CSV 可为 UTF-8 或 GBK 编码，XLSX 读取第一个工作表。上级单位可以是已有单位或文件中的另一行。每一行都须在有创建权限的单位之下（无上级的行需要全县范围的权限）。" +
			"任何一行有问题即返回 422，problems 带行号（line）列出全部问题，且不导入任何单位；已存在且完全相同的单位计入 unchanged。",
		Query:  []apiParam{{Name: "format", Type: "string", Desc: "文件格式；不填时按 Content-Type 判断", Enum: []string{"csv", "xlsx"}}},
		Upload: []string{"text/csv", xlsxMediaType}, Status: 200, Result: "ImportResult"},
	{Method: "GET", Path: "/api/v1/units/{code}", Tag: "单位", Summary: "查看单位", Status: 200, Result: "Unit"},
	{Method: "PATCH", Path: "/api/v1/units/{code}", Tag: "单位", Summary: "修改单位（只修改请求中出现的字段）",
		Desc: "编码不能修改；调整上级单位请用 move 接口。", Body: "UnitPatch", Status: 200, Result: "Unit"},
	{Method: "POST", Path: "/api/v1/units/{code}/move", Tag: "单位", Summary: "调整上级单位（连同全部下级单位）",
		Desc: "需要对本单位的调整权限和对新上级单位的创建下级单位权限。", Body: "UnitMove", Status: 200, Result: "Unit"},
	{Method: "POST", Path: "/api/v1/units/{code}/deactivate", Tag: "单位", Summary: "停用单位", Desc: "还有启用的下级单位时返回 422。",
		Status: 200, Result: "Unit"},
	{Method: "POST", Path: "/api/v1/units/{code}/activate", Tag: "单位", Summary: "启用单位", Desc: "上级单位已停用时返回 422。",
		Status: 200, Result: "Unit"},

	{Method: "GET", Path: "/api/v1/users", Tag: "用户", Summary: "列出用户（仅限有权查看的范围）", Status: 200, Result: "UserList",
		Query: withPaging(
			apiParam{Name: "unit", Type: "string", Desc: "单位编码：该单位及其下级单位的用户"},
			apiParam{Name: "role", Type: "string", Desc: "角色", Enum: enumOf(auth.Roles())},
			apiParam{Name: "q", Type: "string", Desc: "登录名或姓名包含的文字"},
			apiParam{Name: "locked", Type: "boolean", Desc: "只列出被锁定的用户"},
			apiParam{Name: "include_inactive", Type: "boolean", Desc: "包括已停用的用户"},
		)},
	{Method: "POST", Path: "/api/v1/users", Tag: "用户", Summary: "创建用户",
		Desc: "不填 password 时生成临时密码，只在本次响应的 temporary_password 字段中返回一次；用户首次登录须修改密码。",
		Body: "UserInput", Status: 201, Result: "UserCreated"},
	{Method: "GET", Path: "/api/v1/users/{id}", Tag: "用户", Summary: "查看用户", Status: 200, Result: "User"},
	{Method: "PATCH", Path: "/api/v1/users/{id}", Tag: "用户", Summary: "修改用户（只修改请求中出现的字段）",
		Desc: "不能修改自己的单位、角色或启用状态。", Body: "UserPatch", Status: 200, Result: "User"},
	{Method: "POST", Path: "/api/v1/users/{id}/reset-password", Tag: "用户", Summary: "重置密码为临时密码（安全保密管理员）",
		Desc: "同时解除锁定并结束该用户的全部会话；临时密码只返回一次。", Status: 200, Result: "TemporaryPassword"},
	{Method: "POST", Path: "/api/v1/users/{id}/unlock", Tag: "用户", Summary: "解除锁定（安全保密管理员）", Status: 200, Result: "User"},
	{Method: "POST", Path: "/api/v1/users/{id}/revoke-sessions", Tag: "用户", Summary: "结束该用户的全部后台会话（安全保密管理员）",
		Status: 200, Result: "SessionsRevoked"},

	{Method: "GET", Path: "/api/v1/audit", Tag: "审计", Summary: "查询审计日志（审计管理员，按时间倒序）", Status: 200, Result: "AuditList",
		Query: withPaging(
			apiParam{Name: "actor", Type: "string", Desc: "操作人登录名"},
			apiParam{Name: "unit", Type: "string", Desc: "单位编码"},
			apiParam{Name: "action", Type: "string", Desc: "操作，如 user.create；以点结尾表示前缀，如 user."},
			apiParam{Name: "object_type", Type: "string", Desc: "对象类型，如 unit、user、api_token"},
			apiParam{Name: "object_id", Type: "string", Desc: "对象编号"},
			apiParam{Name: "from", Type: "date", Desc: "起始日期（含），YYYY-MM-DD，按本县时区"},
			apiParam{Name: "to", Type: "date", Desc: "截止日期（含），YYYY-MM-DD，按本县时区"},
		)},
	{Method: "GET", Path: "/api/v1/audit/verify", Tag: "审计", Summary: "校验审计日志的哈希链（审计管理员）", Status: 200, Result: "AuditVerify"},

	{Method: "GET", Path: "/api/v1/security/settings", Tag: "安全", Summary: "查看安全设置（安全保密管理员）", Status: 200, Result: "SecuritySettings"},
	{Method: "PUT", Path: "/api/v1/security/settings", Tag: "安全", Summary: "修改安全设置（安全保密管理员）",
		Body: "SecuritySettings", Status: 200, Result: "SecuritySettings"},
}

// apiSchema names a Go type in components.schemas; required lists the
// fields a request must carry.
type apiSchema struct {
	Name     string
	Type     reflect.Type
	Desc     string
	Required []string
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

var apiSchemas = []apiSchema{
	{Name: "Error", Type: typeOf[apiErrorBody](), Desc: "错误：error 是稳定的英文代码（unauthorized、forbidden、not_found、bad_request、invalid、conflict、too_large、method_not_allowed、internal），message 是中文说明，校验失败时 problems 按字段列出问题。"},
	{Name: "Problem", Type: typeOf[valid.Problem](), Desc: "一个问题：field 为字段名，导入文件时 line 为行号。"},
	{Name: "Unit", Type: typeOf[apiUnit](), Desc: "单位"},
	{Name: "UnitList", Type: typeOf[apiList[apiUnit]]()},
	{Name: "UnitInput", Type: typeOf[org.Input](), Required: []string{"code", "name", "type"}, Desc: "parent 为上级单位编码，空表示顶级单位。"},
	{Name: "UnitPatch", Type: typeOf[apiUnitPatch](), Desc: "只修改出现的字段；code 和 parent 只能与原值相同。"},
	{Name: "ImportResult", Type: typeOf[apiImportResult](), Desc: "created 为新建的单位数，unchanged 为已存在且相同而跳过的单位数。"},
	{Name: "UnitMove", Type: typeOf[apiUnitMove](), Required: []string{"parent"}, Desc: "parent 为新上级单位编码，空字符串表示设为顶级单位。"},
	{Name: "User", Type: typeOf[apiUser](), Desc: "用户（不含密码和动态口令密钥）"},
	{Name: "UserList", Type: typeOf[apiList[apiUser]]()},
	{Name: "UserInput", Type: typeOf[apiUserInput](), Required: []string{"login", "name", "unit", "role"},
		Desc: "unit 为单位编码；role 可用代码或中文名称；不填 password 时生成临时密码；must_change_password 默认为 true。"},
	{Name: "UserCreated", Type: typeOf[apiUserCreated](), Desc: "新用户；未提供密码时 temporary_password 为生成的临时密码（只返回这一次）。"},
	{Name: "UserPatch", Type: typeOf[apiUserPatch](), Desc: "只修改出现的字段；unit 为单位编码。"},
	{Name: "TemporaryPassword", Type: typeOf[apiTemporaryPassword]()},
	{Name: "SessionsRevoked", Type: typeOf[apiSessionsRevoked]()},
	{Name: "AuditEntry", Type: typeOf[apiAuditEntry](), Desc: "审计日志条目；hash 链接 prev_hash，防篡改。"},
	{Name: "AuditList", Type: typeOf[apiList[apiAuditEntry]]()},
	{Name: "AuditVerify", Type: typeOf[apiAuditVerify](), Desc: "ok 为 false 时 broken_id 是第一条校验失败的条目，reason 为英文原因。"},
	{Name: "Token", Type: typeOf[apiToken](), Desc: "API 令牌（不含明文）；status 为 active、expired 或 revoked。"},
	{Name: "TokenList", Type: typeOf[apiList[apiToken]]()},
	{Name: "TokenInput", Type: typeOf[apiTokenInput](), Required: []string{"name"}, Desc: "expires_in_days 为有效天数（1–3650），0 或不填表示永不过期。"},
	{Name: "TokenCreated", Type: typeOf[apiTokenCreated](), Desc: "新令牌；token 为明文，只返回这一次。"},
	{Name: "PasswordChange", Type: typeOf[apiPasswordChange](), Required: []string{"old_password", "new_password"}},
	{Name: "SecuritySettings", Type: typeOf[apiSecuritySettings](), Required: []string{"totp_required_for_admins"},
		Desc: "totp_required_for_admins：三员（系统、安全保密、审计管理员）是否必须使用动态口令。"},
}

// apiErrorStatus describes the error answers.
var apiErrorStatus = map[int]string{
	400: "请求格式错误：JSON 无法解析、含未知字段，或查询参数无效",
	401: "缺少 API 令牌，或令牌无效、已过期、已撤销",
	403: "无权执行此操作，或须先修改密码、启用两步验证",
	404: "对象不存在",
	409: "冲突：文件已被他人修改（version 已过期），或文件当前的状态不允许此操作",
	413: "请求体过大（导入文件不能超过 10 MiB，附件不能超过部署设定的上限）",
	422: "数据校验未通过，problems 按字段列出问题",
}

// openAPIPath turns a ServeMux pattern into an OpenAPI path: "{$}" goes,
// "{rest...}" becomes "{rest}".
func openAPIPath(pattern string) string {
	p := strings.TrimSuffix(pattern, "{$}")
	return strings.ReplaceAll(p, "...}", "}")
}

var pathParamRE = regexp.MustCompile(`\{([a-zA-Z_][a-zA-Z0-9_]*)\}`)

// schemaGen derives JSON schemas from Go types.
type schemaGen struct {
	names map[reflect.Type]string
	enums map[reflect.Type][]string
}

var timeType = reflect.TypeFor[time.Time]()

func (g *schemaGen) schema(t reflect.Type, top bool) map[string]any {
	if name, ok := g.names[t]; ok && !top {
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.Pointer:
		s := g.schema(t.Elem(), false)
		if _, ref := s["$ref"]; !ref {
			s["nullable"] = true
		}
		return s
	}
	switch t.Kind() {
	case reflect.String:
		s := map[string]any{"type": "string"}
		if e, ok := g.enums[t]; ok {
			s["enum"] = e
		}
		return s
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int32:
		return map[string]any{"type": "integer", "format": "int32"}
	case reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Float64:
		return map[string]any{"type": "number", "format": "double"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.schema(t.Elem(), false)}
	case reflect.Struct:
		props := map[string]any{}
		g.fields(t, props)
		return map[string]any{"type": "object", "properties": props}
	}
	panic(fmt.Sprintf("openapi: no schema for %s", t))
}

// fields adds the JSON properties of struct t, inlining embedded structs as
// encoding/json does.
func (g *schemaGen) fields(t reflect.Type, props map[string]any) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			g.fields(f.Type, props)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schema(f.Type, false)
	}
}

// buildOpenAPI renders the document as JSON, once, at start.
func (s *Server) buildOpenAPI() []byte {
	g := &schemaGen{names: map[reflect.Type]string{}, enums: map[reflect.Type][]string{
		reflect.TypeFor[auth.Role]():          enumOf(auth.Roles()),
		reflect.TypeFor[org.Type]():           enumOf(org.Types()),
		reflect.TypeFor[catalog.UpdateRule](): enumOf(catalog.UpdateRules()),
		reflect.TypeFor[catalog.Kind]():       {"section", "list", "page", "link"},
		reflect.TypeFor[catalog.Direction]():  {"up", "down"},
	}}
	for _, sc := range apiSchemas {
		g.names[sc.Type] = sc.Name
	}
	schemas := map[string]any{}
	for _, sc := range apiSchemas {
		m := g.schema(sc.Type, true)
		if sc.Desc != "" {
			m["description"] = sc.Desc
		}
		if len(sc.Required) > 0 {
			m["required"] = sc.Required
		}
		schemas[sc.Name] = m
	}
	ref := func(name string) map[string]any {
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	jsonContent := func(name string) map[string]any {
		return map[string]any{"application/json": map[string]any{"schema": ref(name)}}
	}

	paths := map[string]map[string]any{}
	for _, op := range apiOps {
		o := map[string]any{
			"summary":     op.Summary,
			"tags":        []string{op.Tag},
			"operationId": operationID(op),
		}
		if op.Desc != "" {
			o["description"] = op.Desc
		}
		var params []any
		for _, m := range pathParamRE.FindAllStringSubmatch(op.Path, -1) {
			sch := map[string]any{"type": "string"}
			desc := "单位编码"
			switch m[1] {
			case "id":
				sch, desc = map[string]any{"type": "integer", "format": "int64"}, "编号"
			case "aid":
				sch, desc = map[string]any{"type": "integer", "format": "int64"}, "附件编号"
			case "indexNo":
				desc = "索引号（可含 /，如 11331002002673436R/2024-00001）"
			case "event":
				sch, desc = map[string]any{"type": "integer", "format": "int64"}, "事件编号（征求意见或延期申请的事件）"
			case "kind":
				desc = "文书种类加 .docx，如 reply.docx"
			case "appeal":
				sch, desc = map[string]any{"type": "integer", "format": "int64"}, "复议诉讼案件编号"
			case "file":
				sch, desc = map[string]any{"type": "integer", "format": "int64"}, "文件编号"
			case "date":
				sch, desc = map[string]any{"type": "string", "format": "date"}, "日期（YYYY-MM-DD）"
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": sch, "description": desc})
		}
		for _, q := range op.Query {
			sch := map[string]any{"type": q.Type}
			if q.Type == "date" {
				sch = map[string]any{"type": "string", "format": "date"}
			}
			if len(q.Enum) > 0 {
				sch["enum"] = q.Enum
			}
			params = append(params, map[string]any{"name": q.Name, "in": "query", "schema": sch, "description": q.Desc})
		}
		if len(params) > 0 {
			o["parameters"] = params
		}
		if op.Body != "" {
			o["requestBody"] = map[string]any{"required": true, "content": jsonContent(op.Body)}
		}
		if len(op.Upload) > 0 {
			content := map[string]any{}
			for _, mt := range op.Upload {
				content[mt] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
			}
			o["requestBody"] = map[string]any{"required": true, "content": content}
		}
		if len(op.Form) > 0 {
			props, required := map[string]any{}, []string{}
			for _, f := range op.Form {
				required = append(required, f.Name)
				sch := map[string]any{"type": f.Type, "description": f.Desc}
				if f.Type == "files" {
					sch = map[string]any{"type": "array", "items": map[string]any{"type": "string", "format": "binary"}, "description": f.Desc}
				}
				if len(f.Enum) > 0 {
					sch["enum"] = f.Enum
				}
				props[f.Name] = sch
			}
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "properties": props, "required": required}}}}
		}
		ok := map[string]any{"description": http.StatusText(op.Status)}
		switch {
		case op.Result != "":
			ok["content"] = jsonContent(op.Result)
		case op.File:
			ok["content"] = map[string]any{"application/octet-stream": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
		case op.Public: // the document itself
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}
		}
		resp := map[string]any{strconv.Itoa(op.Status): ok}
		var errs []int
		if !op.Public {
			errs = append(errs, 401, 403)
			o["security"] = []any{map[string]any{"bearerAuth": []string{}}}
		} else {
			o["security"] = []any{}
		}
		if strings.Contains(op.Path, "{") {
			errs = append(errs, 404)
		}
		if op.Body != "" || op.Query != nil || len(op.Form) > 0 {
			errs = append(errs, 400)
		}
		if len(op.Upload) > 0 || len(op.Form) > 0 {
			errs = append(errs, 413)
		}
		if op.Body != "" || len(op.Upload) > 0 || len(op.Form) > 0 || strings.HasSuffix(op.Path, "/activate") || strings.HasSuffix(op.Path, "/deactivate") {
			errs = append(errs, 422)
		}
		if op.Conflict {
			errs = append(errs, 409)
		}
		for _, st := range errs {
			resp[strconv.Itoa(st)] = map[string]any{"description": apiErrorStatus[st], "content": jsonContent("Error")}
		}
		o["responses"] = resp
		if paths[op.Path] == nil {
			paths[op.Path] = map[string]any{}
		}
		paths[op.Path][strings.ToLower(op.Method)] = o
	}

	var tags []any
	seen := map[string]bool{}
	for _, op := range apiOps {
		if !seen[op.Tag] {
			seen[op.Tag] = true
			tags = append(tags, map[string]any{"name": op.Tag})
		}
	}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":   "Gongkai 政务公开平台 API",
			"version": s.cfg.Version,
			"description": "后台能做的事，都可以通过本 API 完成。认证：在请求头中携带 Authorization: Bearer <令牌>" +
				"（令牌在后台“我的账户”或 POST /api/v1/me/tokens 创建）；浏览器会话不能访问本 API。" +
				"权限与后台相同。列表返回 {items, total, page, per_page}。错误返回 {error, message, problems}。",
		},
		"servers": []any{map[string]any{"url": "/"}},
		"tags":    tags,
		"paths":   paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearerAuth": map[string]any{"type": "http", "scheme": "bearer", "description": "API 令牌（gk_ 开头）"},
			},
		},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(fmt.Sprintf("openapi: %v", err)) // only maps, strings and slices: cannot fail
	}
	return b
}

// operationID is a stable name for generated clients: "get_units_code".
func operationID(op apiOp) string {
	p := strings.TrimPrefix(op.Path, "/api/v1/")
	p = strings.NewReplacer("/", "_", "{", "", "}", "", "-", "_", ".", "_").Replace(p)
	return strings.ToLower(op.Method) + "_" + p
}

// apiOpenAPI serves the document; it is public so tools can fetch it before
// they hold a token.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(s.api.doc)
}
