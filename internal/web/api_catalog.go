package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/catalog"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// The catalog in /api/v1: read a unit's catalog, and everything the back
// office does to columns.

func (s *Server) registerCatalogAPI() {
	s.handleAPI("GET", "/api/v1/units/{code}/catalog", s.apiCatalogGet)
	s.handleAPI("POST", "/api/v1/units/{code}/catalog/columns", s.apiCatalogAdd)
	s.handleAPI("PATCH", "/api/v1/catalog/columns/{id}", s.apiCatalogUpdate)
	s.handleAPI("DELETE", "/api/v1/catalog/columns/{id}", s.apiCatalogDelete)
	s.handleAPI("POST", "/api/v1/catalog/columns/{id}/hide", s.apiCatalogHide)
	s.handleAPI("POST", "/api/v1/catalog/columns/{id}/show", s.apiCatalogShow)
	s.handleAPI("POST", "/api/v1/catalog/columns/{id}/move", s.apiCatalogMove)
	s.handleAPI("PUT", "/api/v1/catalog/columns/{id}/page", s.apiCatalogPage)
}

// apiColumn is a column with its labels.
type apiColumn struct {
	catalog.Column
	KindLabel       string `json:"kind_label"`
	UpdateRuleLabel string `json:"update_rule_label"`
	Custom          bool   `json:"custom"`
}

func toAPIColumn(c catalog.Column) apiColumn {
	return apiColumn{Column: c, KindLabel: c.Kind.Label(), UpdateRuleLabel: c.UpdateRule.Label(), Custom: c.Custom()}
}

// apiCatalog is GET /api/v1/units/{code}/catalog.
type apiCatalog struct {
	Unit    string      `json:"unit"`
	Title   string      `json:"title"`
	Columns []apiColumn `json:"columns"`
}

// apiColumnInput is the body of POST /api/v1/units/{code}/catalog/columns.
type apiColumnInput struct {
	Parent     string             `json:"parent"` // the parent column's code
	Name       string             `json:"name"`
	UpdateRule catalog.UpdateRule `json:"update_rule"`
	Genre      string             `json:"genre"`
}

// apiColumnPatch is the body of PATCH /api/v1/catalog/columns/{id}: absent
// fields keep their values.
type apiColumnPatch struct {
	Name       *string             `json:"name"`
	UpdateRule *catalog.UpdateRule `json:"update_rule"`
	Genre      *string             `json:"genre"`
	Std        *apiStdPatch        `json:"std"`
}

type apiStdPatch struct {
	Item      *string `json:"item"`
	Content   *string `json:"content"`
	Basis     *string `json:"basis"`
	TimeLimit *string `json:"time_limit"`
	Subject   *string `json:"subject"`
	Method    *string `json:"method"`
	Channel   *string `json:"channel"`
	Audience  *string `json:"audience"`
}

type apiColumnMove struct {
	Direction catalog.Direction `json:"direction"`
}

type apiColumnPage struct {
	HTML *string `json:"html"`
}

// apiCatalogGet returns the unit's catalog in tree order; hidden columns
// only for those who may edit it.
func (s *Server) apiCatalogGet(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	u, ok := s.unitByCode(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	if !s.can(r, auth.ActUnitView, u) && !s.can(r, auth.ActCatalogEdit, u) {
		apiForbidden(w)
		return
	}
	cols, err := s.cat.Tree(r.Context(), u, s.can(r, auth.ActCatalogEdit, u))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := apiCatalog{Unit: u.Code, Title: catalog.SectionTitle(u.Type), Columns: []apiColumn{}}
	for _, c := range cols {
		out.Columns = append(out.Columns, toAPIColumn(c))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiCatalogAdd adds a list column under the column whose code is parent.
func (s *Server) apiCatalogAdd(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	u, ok := s.unitByCode(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	if !s.can(r, auth.ActCatalogEdit, u) {
		apiForbidden(w)
		return
	}
	var in apiColumnInput
	if !decodeAPI(w, r, &in) {
		return
	}
	if err := s.cat.Ensure(r.Context(), u); err != nil {
		s.apiFail(w, r, err)
		return
	}
	parent, err := s.cat.ByCode(r.Context(), u.ID, strings.TrimSpace(in.Parent))
	if errors.Is(err, store.ErrNotFound) {
		apiInvalidField(w, "parent", fmt.Sprintf("本单位的公开目录中没有代码为“%s”的栏目", in.Parent))
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	c, err := s.cat.AddColumn(r.Context(), s.actor(r), u.ID, parent.ID, in.Name, in.UpdateRule, in.Genre)
	if err != nil {
		s.apiFail(w, r, renameProblems(err, "parent_id", "parent"))
		return
	}
	w.Header().Set("Location", "/api/v1/catalog/columns/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, http.StatusCreated, toAPIColumn(c))
}

// apiColumnFor loads the column of {id} and checks the permission to edit
// its unit's catalog; on failure it has answered.
func (s *Server) apiColumnFor(w http.ResponseWriter, r *http.Request) (catalog.Column, org.Unit, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		apiError(w, http.StatusNotFound, "not_found", "栏目不存在")
		return catalog.Column{}, org.Unit{}, false
	}
	c, err := s.cat.Get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		apiError(w, http.StatusNotFound, "not_found", "栏目不存在")
		return c, org.Unit{}, false
	}
	if err != nil {
		s.apiFail(w, r, err)
		return c, org.Unit{}, false
	}
	u, err := s.orgs.Get(r.Context(), c.UnitID)
	if err != nil {
		s.apiFail(w, r, err)
		return c, u, false
	}
	if !s.can(r, auth.ActCatalogEdit, u) {
		apiForbidden(w)
		return c, u, false
	}
	return c, u, true
}

func (s *Server) apiCatalogUpdate(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	c, _, ok := s.apiColumnFor(w, r)
	if !ok {
		return
	}
	var p apiColumnPatch
	if !decodeAPI(w, r, &p) {
		return
	}
	in := c.Input()
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&in.Name, p.Name)
	set(&in.Genre, p.Genre)
	if p.UpdateRule != nil {
		in.UpdateRule = *p.UpdateRule
	}
	if sp := p.Std; sp != nil {
		set(&in.Std.Item, sp.Item)
		set(&in.Std.Content, sp.Content)
		set(&in.Std.Basis, sp.Basis)
		set(&in.Std.TimeLimit, sp.TimeLimit)
		set(&in.Std.Subject, sp.Subject)
		set(&in.Std.Method, sp.Method)
		set(&in.Std.Channel, sp.Channel)
		set(&in.Std.Audience, sp.Audience)
	}
	nc, err := s.cat.UpdateColumn(r.Context(), s.actor(r), c.ID, in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIColumn(nc))
}

func (s *Server) apiCatalogDelete(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	c, _, ok := s.apiColumnFor(w, r)
	if !ok {
		return
	}
	if err := s.cat.DeleteColumn(r.Context(), s.actor(r), c.ID); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiCatalogHide(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	s.apiCatalogSetHidden(w, r, true)
}

func (s *Server) apiCatalogShow(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	s.apiCatalogSetHidden(w, r, false)
}

func (s *Server) apiCatalogSetHidden(w http.ResponseWriter, r *http.Request, hidden bool) {
	c, _, ok := s.apiColumnFor(w, r)
	if !ok {
		return
	}
	nc, err := s.cat.SetHidden(r.Context(), s.actor(r), c.ID, hidden)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIColumn(nc))
}

func (s *Server) apiCatalogMove(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	c, _, ok := s.apiColumnFor(w, r)
	if !ok {
		return
	}
	var in apiColumnMove
	if !decodeAPI(w, r, &in) {
		return
	}
	nc, err := s.cat.Move(r.Context(), s.actor(r), c.ID, in.Direction)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIColumn(nc))
}

func (s *Server) apiCatalogPage(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	c, _, ok := s.apiColumnFor(w, r)
	if !ok {
		return
	}
	var in apiColumnPage
	if !decodeAPI(w, r, &in) {
		return
	}
	if in.HTML == nil {
		apiInvalidField(w, "html", "请提供页面内容 html")
		return
	}
	nc, err := s.cat.SetPage(r.Context(), s.actor(r), c.ID, *in.HTML)
	if err != nil {
		s.apiFail(w, r, renameProblems(err, "page_body", "html"))
		return
	}
	writeJSON(w, http.StatusOK, toAPIColumn(nc))
}

// The catalog's part of the OpenAPI table (api_openapi.go).
func init() {
	apiOps = append(apiOps,
		apiOp{Method: "GET", Path: "/api/v1/units/{code}/catalog", Tag: "公开目录", Summary: "查看单位的公开目录（按树形顺序）",
			Desc:   "首次访问时按单位类型建立标准目录。有目录管理权限时包括已隐藏的栏目。path 为栏目的完整路径（不含顶层栏目组），depth 从 0 开始。",
			Status: 200, Result: "Catalog"},
		apiOp{Method: "POST", Path: "/api/v1/units/{code}/catalog/columns", Tag: "公开目录", Summary: "添加子栏目",
			Desc: "parent 为上级栏目的代码（栏目组或信息列表），新栏目为信息列表，代码为 u<编号>。", Body: "CatalogColumnInput", Status: 201, Result: "CatalogColumn"},
		apiOp{Method: "PATCH", Path: "/api/v1/catalog/columns/{id}", Tag: "公开目录", Summary: "修改栏目（只修改请求中出现的字段）",
			Desc: "法定公开栏目不能改名；只有信息列表栏目可以设置更新频率（其他栏目为 none）。", Body: "CatalogColumnPatch", Status: 200, Result: "CatalogColumn"},
		apiOp{Method: "DELETE", Path: "/api/v1/catalog/columns/{id}", Tag: "公开目录", Summary: "删除本单位添加的栏目",
			Desc: "模板中的栏目、有子栏目或已有信息的栏目不能删除（422），可以隐藏。", Status: 204},
		apiOp{Method: "POST", Path: "/api/v1/catalog/columns/{id}/hide", Tag: "公开目录", Summary: "隐藏栏目（门户不再显示它及其子栏目）",
			Desc: "法定公开栏目不能隐藏（422）。", Status: 200, Result: "CatalogColumn"},
		apiOp{Method: "POST", Path: "/api/v1/catalog/columns/{id}/show", Tag: "公开目录", Summary: "恢复显示栏目", Status: 200, Result: "CatalogColumn"},
		apiOp{Method: "POST", Path: "/api/v1/catalog/columns/{id}/move", Tag: "公开目录", Summary: "在同级栏目中上移或下移",
			Desc: "已在最前（后）时不变。", Body: "CatalogMove", Status: 200, Result: "CatalogColumn"},
		apiOp{Method: "PUT", Path: "/api/v1/catalog/columns/{id}/page", Tag: "公开目录", Summary: "保存单页栏目（公开指南、公开制度）的内容",
			Desc: "html 经安全过滤后保存（去除脚本、样式、事件属性、外部图片），响应中的 page_body 即公众看到的内容。", Body: "CatalogPage", Status: 200, Result: "CatalogColumn"},
	)
	apiSchemas = append(apiSchemas,
		apiSchema{Name: "Catalog", Type: typeOf[apiCatalog](), Desc: "单位的公开目录：title 为“政府信息公开”“村（居）务公开”或“校务公开”。"},
		apiSchema{Name: "CatalogColumn", Type: typeOf[apiColumn](),
			Desc: "栏目：kind 为 section（栏目组）、list（信息列表）、page（单页）或 link（链接）；statutory 为法定公开栏目；custom 为本单位添加的栏目；std 为基层政务公开标准目录信息。"},
		apiSchema{Name: "CatalogStd", Type: typeOf[catalog.Std](), Desc: "基层政务公开标准目录（国办发〔2019〕54号）：事项名称、内容、依据、时限、主体、方式、渠道、公开对象。"},
		apiSchema{Name: "CatalogColumnInput", Type: typeOf[apiColumnInput](), Required: []string{"parent", "name"},
			Desc: "update_rule 默认 on_change；genre 为默认体裁分类，可为空。"},
		apiSchema{Name: "CatalogColumnPatch", Type: typeOf[apiColumnPatch](), Desc: "只修改出现的字段；std 中同样只修改出现的字段。"},
		apiSchema{Name: "CatalogStdPatch", Type: typeOf[apiStdPatch]()},
		apiSchema{Name: "CatalogMove", Type: typeOf[apiColumnMove](), Required: []string{"direction"}},
		apiSchema{Name: "CatalogPage", Type: typeOf[apiColumnPage](), Required: []string{"html"}},
	)
}
