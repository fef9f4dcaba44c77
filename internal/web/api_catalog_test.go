package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestAPICatalog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		admin, editor, mz := e.token("eduadmin"), e.token("editor"), e.token("mzadmin")

		// Read: the tree in order, with paths and labels.
		r, body := e.api(admin, "GET", "/api/v1/units/QS-EDU/catalog", nil)
		wantStatus(t, r, 200)
		cols, _ := body["columns"].([]any)
		if body["unit"] != "QS-EDU" || body["title"] != "政府信息公开" || len(cols) < 30 {
			t.Fatalf("catalog = %v (%d columns)", body["unit"], len(cols))
		}
		first := cols[0].(map[string]any)
		if first["code"] != "guide" || first["kind"] != "page" || first["statutory"] != true || first["kind_label"] != "单页" {
			t.Errorf("first column = %v", first)
		}
		var gfxwj map[string]any
		for _, c := range cols {
			if m := c.(map[string]any); m["code"] == "zcwj.gfxwj" {
				gfxwj = m
			}
		}
		if gfxwj["path"] != "政策文件 › 行政规范性文件" || gfxwj["update_rule"] != "on_change" || gfxwj["update_rule_label"] != "信息形成或变更后20个工作日内" {
			t.Errorf("gfxwj = %v", gfxwj)
		}
		gid := int64(gfxwj["id"].(float64))
		wantStatus(t, mustAPI(e, editor, "GET", "/api/v1/units/QS-EDU/catalog", nil), 200)
		wantStatus(t, mustAPI(e, editor, "GET", "/api/v1/units/QS-MZ/catalog", nil), http.StatusForbidden)
		wantStatus(t, mustAPI(e, admin, "GET", "/api/v1/units/NOPE/catalog", nil), http.StatusNotFound)

		// Add.
		add := map[string]any{"parent": "zcwj", "name": "部门文件", "update_rule": "monthly", "genre": "其他文件"}
		wantStatus(t, mustAPI(e, editor, "POST", "/api/v1/units/QS-EDU/catalog/columns", add), http.StatusForbidden)
		wantStatus(t, mustAPI(e, admin, "POST", "/api/v1/units/QS-MZ/catalog/columns", add), http.StatusForbidden)
		wantStatus(t, mustAPI(e, admin, "POST", "/api/v1/units/QS-EDU/catalog/columns", map[string]any{"parent": "nope", "name": "x"}),
			http.StatusUnprocessableEntity, `"field":"parent"`)
		wantStatus(t, mustAPI(e, admin, "POST", "/api/v1/units/QS-EDU/catalog/columns", map[string]any{"parent": "guide", "name": "x"}),
			http.StatusUnprocessableEntity, `"field":"parent"`, "不能在其下添加子栏目")
		wantStatus(t, mustAPI(e, admin, "POST", "/api/v1/units/QS-EDU/catalog/columns", map[string]any{"parent": "zcwj", "name": ""}),
			http.StatusUnprocessableEntity, "请填写栏目名称")
		wantStatus(t, mustAPI(e, admin, "POST", "/api/v1/units/QS-EDU/catalog/columns", map[string]any{"parent": "zcwj", "name": "x", "bogus": 1}),
			http.StatusBadRequest, "未知字段")
		r, body = e.api(admin, "POST", "/api/v1/units/QS-EDU/catalog/columns", add)
		wantStatus(t, r, http.StatusCreated)
		id := int64(body["id"].(float64))
		if body["code"] != fmt.Sprintf("u%d", id) || body["custom"] != true || body["update_rule"] != "monthly" || body["statutory"] != false {
			t.Errorf("added = %v", body)
		}
		if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/api/v1/catalog/columns/%d", id) {
			t.Errorf("Location %q", loc)
		}
		colURL := fmt.Sprintf("/api/v1/catalog/columns/%d", id)
		gURL := fmt.Sprintf("/api/v1/catalog/columns/%d", gid)

		// Patch: a statutory name stays; rule and std change; absent fields stay.
		wantStatus(t, mustAPI(e, admin, "PATCH", gURL, map[string]any{"name": "改名"}), http.StatusUnprocessableEntity, "法定公开栏目，名称不能修改")
		r, body = e.api(admin, "PATCH", gURL, map[string]any{"update_rule": "weekly", "std": map[string]any{"item": "规范性文件目录"}})
		wantStatus(t, r, 200)
		std, _ := body["std"].(map[string]any)
		if body["update_rule"] != "weekly" || std["item"] != "规范性文件目录" || body["genre"] != "行政规范性文件" {
			t.Errorf("patched = %v", body)
		}
		wantStatus(t, mustAPI(e, admin, "PATCH", colURL, map[string]any{"name": "部门规范文件"}), 200, `"name":"部门规范文件"`, `"update_rule":"monthly"`)
		wantStatus(t, mustAPI(e, mz, "PATCH", colURL, map[string]any{"name": "越权"}), http.StatusForbidden)
		wantStatus(t, mustAPI(e, admin, "PATCH", "/api/v1/catalog/columns/999999", map[string]any{"name": "x"}), http.StatusNotFound)

		// Hide, show, move.
		wantStatus(t, mustAPI(e, admin, "POST", gURL+"/hide", nil), http.StatusUnprocessableEntity, "不能隐藏")
		wantStatus(t, mustAPI(e, admin, "POST", colURL+"/hide", nil), 200, `"hidden":true`)
		wantStatus(t, mustAPI(e, admin, "POST", colURL+"/show", nil), 200, `"hidden":false`)
		wantStatus(t, mustAPI(e, admin, "POST", colURL+"/move", map[string]any{"direction": "sideways"}), http.StatusUnprocessableEntity, `"field":"direction"`)
		r, body = e.api(admin, "POST", colURL+"/move", map[string]any{"direction": "up"})
		wantStatus(t, r, 200)
		// 规章, 行政规范性文件, 其他文件, 部门规范文件 → the new one before 其他文件.
		if qtwj := e.column("QS-EDU", "zcwj.qtwj"); body["sort_order"].(float64) >= float64(qtwj.SortOrder) {
			t.Errorf("moved sort_order %v, 其他文件 %d", body["sort_order"], qtwj.SortOrder)
		}

		// The guide page: sanitized on the way in.
		guide := e.column("QS-EDU", "guide")
		pURL := fmt.Sprintf("/api/v1/catalog/columns/%d/page", guide.ID)
		r, body = e.api(admin, "PUT", pURL, map[string]any{"html": `<h2>一、主动公开</h2><script>alert(1)</script><p onclick="x()">范围</p>`})
		wantStatus(t, r, 200)
		if pb, _ := body["page_body"].(string); strings.Contains(pb, "script") || strings.Contains(pb, "onclick") || !strings.Contains(pb, "<h2>一、主动公开</h2>") {
			t.Errorf("page_body = %q", pb)
		}
		wantStatus(t, mustAPI(e, admin, "PUT", pURL, map[string]any{}), http.StatusUnprocessableEntity, `"field":"html"`)
		wantStatus(t, mustAPI(e, admin, "PUT", colURL+"/page", map[string]any{"html": "<p>x</p>"}), http.StatusUnprocessableEntity, `"field":"html"`, "不是单页栏目")

		// Delete: only what the unit added.
		wantStatus(t, mustAPI(e, admin, "DELETE", gURL, nil), http.StatusUnprocessableEntity, "不能删除")
		wantStatus(t, mustAPI(e, editor, "DELETE", colURL, nil), http.StatusForbidden)
		wantStatus(t, mustAPI(e, admin, "DELETE", colURL, nil), http.StatusNoContent)
		wantStatus(t, mustAPI(e, admin, "DELETE", colURL, nil), http.StatusNotFound)

		// The openness office edits any unit's catalog.
		gkb := e.token("gkb")
		wantStatus(t, mustAPI(e, gkb, "POST", "/api/v1/units/QS-MZ/catalog/columns", map[string]any{"parent": "msxx", "name": "婚姻登记"}), http.StatusCreated)
	})
}

func mustAPI(e *testEnv, token, method, path string, body any) *testResponse {
	e.t.Helper()
	r, _ := e.api(token, method, path, body)
	return r
}
