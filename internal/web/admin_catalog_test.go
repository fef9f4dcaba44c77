package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// column returns a fixture unit's column by code, creating the catalog first.
func (e *testEnv) column(unit, code string) catalog.Column {
	e.t.Helper()
	ctx := context.Background()
	u := e.units[unit]
	if err := e.srv.cat.Ensure(ctx, u); err != nil {
		e.t.Fatal(err)
	}
	c, err := e.srv.cat.ByCode(ctx, u.ID, code)
	if err != nil {
		e.t.Fatalf("column %s/%s: %v", unit, code, err)
	}
	return c
}

func TestAdminCatalog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		edu, mz := e.units["QS-EDU"], e.units["QS-MZ"]
		eduURL := fmt.Sprintf("/admin/catalog/%d", edu.ID)

		// A unit admin lands on their own unit's catalog.
		c := e.login("eduadmin")
		r := c.get("/admin/catalog")
		wantStatus(t, r, http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != eduURL {
			t.Fatalf("redirect to %q", loc)
		}
		r = c.get(eduURL)
		wantStatus(t, r, 200, "青山县教育局 政府信息公开目录", "政府信息公开指南", "行政规范性文件", "信息形成或变更后20个工作日内",
			`<span class="tag">法定</span>`, "添加子栏目", `href="/admin/catalog"`, "公开目录", `name="unit"`, "青山县第一中学")
		// Another unit's catalog is not theirs; a subordinate school's is.
		wantStatus(t, c.get(fmt.Sprintf("/admin/catalog/%d", mz.ID)), http.StatusForbidden)
		wantStatus(t, c.post(fmt.Sprintf("/admin/catalog/%d/columns", mz.ID), url.Values{"parent_id": {fmt.Sprint(e.column("QS-MZ", "zcwj").ID)}, "name": {"越权"}}), http.StatusForbidden)
		mzCol := e.column("QS-MZ", "gzdt")
		wantStatus(t, c.post(fmt.Sprintf("/admin/catalog/%d/columns/%d/hide", mz.ID, mzCol.ID), nil), http.StatusForbidden)
		// A column of another unit under this unit's URL is not found.
		wantStatus(t, c.post(fmt.Sprintf("%s/columns/%d/hide", eduURL, mzCol.ID), nil), http.StatusNotFound)
		wantStatus(t, c.get(fmt.Sprintf("/admin/catalog/%d", e.units["QS-SCH"].ID)), 200, "校务公开", "学生资助", "奖学金")

		// Add: a bad form is shown again, a good one redirects.
		zcwj := e.column("QS-EDU", "zcwj")
		r = c.post(eduURL+"/columns", url.Values{"parent_id": {fmt.Sprint(zcwj.ID)}, "name": {""}, "update_rule": {"on_change"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "请修改下面标出的内容", "请填写栏目名称", `aria-invalid="true"`)
		r = c.post(eduURL+"/columns", url.Values{"parent_id": {fmt.Sprint(zcwj.ID)}, "name": {"部门文件"}, "update_rule": {"monthly"}, "genre": {"其他文件"}})
		wantStatus(t, r, http.StatusSeeOther)
		added, err := e.srv.cat.ResolvePath(ctx, edu.ID, "政策文件/部门文件")
		if err != nil || added.UpdateRule != catalog.RuleMonthly || added.Genre != "其他文件" || !added.Custom() {
			t.Fatalf("added = %+v %v", added, err)
		}
		r = c.get(r.Header.Get("Location"))
		wantStatus(t, r, 200, "已添加栏目“部门文件”", "自建")

		// Edit: a statutory column keeps its name; its rule and std fields change.
		gfxwj := e.column("QS-EDU", "zcwj.gfxwj")
		colURL := fmt.Sprintf("%s/columns/%d", eduURL, gfxwj.ID)
		wantStatus(t, c.get(colURL), 200, "栏目设置", "readonly", "法定公开栏目的名称不能修改", "基层政务公开标准目录", `value="行政规范性文件"`)
		r = c.post(colURL, url.Values{"name": {"改名"}, "update_rule": {"weekly"}, "genre": {"行政规范性文件"}, "std_item": {"规范性文件"}})
		wantStatus(t, r, http.StatusSeeOther)
		got, _ := e.srv.cat.Get(ctx, gfxwj.ID)
		if got.Name != "行政规范性文件" || got.UpdateRule != catalog.RuleWeekly || got.Std.Item != "规范性文件" {
			t.Errorf("edited = %+v", got)
		}
		r = c.post(colURL, url.Values{"update_rule": {"daily"}, "genre": {"小说"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "请修改下面标出的内容", "请选择更新频率", "体裁分类应为以下之一")
		r = c.post(fmt.Sprintf("%s/columns/%d", eduURL, added.ID), url.Values{"name": {"部门规范文件"}, "update_rule": {"monthly"}})
		wantStatus(t, r, http.StatusSeeOther)

		// Hide, show, move, delete.
		r = c.post(colURL+"/hide", nil)
		wantStatus(t, r, http.StatusUnprocessableEntity, "法定公开栏目，不能隐藏")
		gzdt := e.column("QS-EDU", "gzdt")
		wantStatus(t, c.post(fmt.Sprintf("%s/columns/%d/hide", eduURL, gzdt.ID), nil), http.StatusSeeOther)
		wantStatus(t, c.get(eduURL), 200, "已隐藏栏目“工作动态”", `<span class="tag bad">已隐藏</span>`, ">显示</button>")
		wantStatus(t, c.post(fmt.Sprintf("%s/columns/%d/show", eduURL, gzdt.ID), nil), http.StatusSeeOther)
		wantStatus(t, c.post(fmt.Sprintf("%s/columns/%d/move", eduURL, added.ID), url.Values{"direction": {"up"}}), http.StatusSeeOther)
		sibs := catalog.Children(mustTree(t, e, "QS-EDU"), zcwj.ID)
		if sibs[len(sibs)-2].ID != added.ID {
			t.Errorf("after move up: %v", sibs)
		}
		wantStatus(t, c.post(fmt.Sprintf("%s/columns/%d/delete", eduURL, gzdt.ID), nil), http.StatusUnprocessableEntity, "不能删除；不需要时可以隐藏")
		wantStatus(t, c.post(fmt.Sprintf("%s/columns/%d/delete", eduURL, added.ID), nil), http.StatusSeeOther)

		// The 公开指南 page: scripts are removed, the preview shows the result.
		guide := e.column("QS-EDU", "guide")
		guideURL := fmt.Sprintf("%s/columns/%d", eduURL, guide.ID)
		r = c.post(guideURL+"/page", url.Values{"page_body": {`<h2>一、主动公开</h2><p>范围<script>alert("x")</script></p><img src="https://evil.example/x.png" onerror="alert(1)">`}})
		wantStatus(t, r, http.StatusSeeOther)
		r = c.get(guideURL)
		wantStatus(t, r, 200, "已按安全规则处理", "预览（公众看到的内容）", "<h2>一、主动公开</h2>", "页面内容")
		if strings.Contains(r.Body, `<script>alert`) || strings.Contains(r.Body, "evil.example") {
			t.Errorf("unsafe content survived: %s", r.Body)
		}
		got, _ = e.srv.cat.Get(ctx, guide.ID)
		if strings.Contains(got.PageBody, "script") || strings.Contains(got.PageBody, "onerror") {
			t.Errorf("stored body = %q", got.PageBody)
		}

		// Every change is in the audit log, by this user.
		es, _, _ := audit.List(ctx, db, audit.Filter{Action: "catalog.", ActorID: e.users["eduadmin"].ID, Limit: 100})
		seen := map[string]bool{}
		for _, en := range es {
			seen[en.Action] = true
		}
		for _, a := range []string{"catalog.column_add", "catalog.column_update", "catalog.column_hide", "catalog.column_show",
			"catalog.column_move", "catalog.column_delete", "catalog.page_update"} {
			if !seen[a] {
				t.Errorf("no audit entry %s (have %v)", a, seen)
			}
		}

		// An editor has no catalog permission; the openness office has all.
		ed := e.login("editor")
		wantStatus(t, ed.get("/admin/catalog"), http.StatusForbidden)
		wantStatus(t, ed.get(eduURL), http.StatusForbidden)
		if r := ed.get("/admin/"); strings.Contains(r.Body, `href="/admin/catalog"`) {
			t.Error("editor sees the catalog menu")
		}
		gkb := e.login("gkb")
		wantStatus(t, gkb.get(fmt.Sprintf("/admin/catalog/%d", mz.ID)), 200, "青山县民政局 政府信息公开目录")
		wantStatus(t, gkb.get(fmt.Sprintf("/admin/catalog?unit=%d", mz.ID)), http.StatusSeeOther)
	})
}

func mustTree(t *testing.T, e *testEnv, unit string) []catalog.Column {
	t.Helper()
	cols, err := e.srv.cat.Tree(context.Background(), e.units[unit], true)
	if err != nil {
		t.Fatal(err)
	}
	return cols
}
