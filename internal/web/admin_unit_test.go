package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func unitCount(t *testing.T, e *testEnv) int {
	t.Helper()
	us, err := e.srv.orgs.List(context.Background(), org.Filter{IncludeInactive: true})
	if err != nil {
		t.Fatal(err)
	}
	return len(us)
}

func wantStatus(t *testing.T, r *testResponse, status int, contains ...string) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; location %q; body %.800s", r.Request.Method, r.Request.URL.Path,
			r.StatusCode, status, r.Header.Get("Location"), r.Body)
	}
	for _, s := range contains {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s %s: body lacks %q", r.Request.Method, r.Request.URL.Path, s)
		}
	}
}

func TestAdminUnitCreate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		c := e.login("sysadmin")
		r := c.get("/admin/units/new")
		wantStatus(t, r, 200, "新建单位", `name="code"`, "无（顶层单位）", "青山县民政局", `<label for="office_hours">`)

		// A bad form: shown again with the fields marked, nothing written.
		before := unitCount(t, e)
		r = c.post("/admin/units/new", url.Values{"parent_id": {fmt.Sprint(e.units["QS"].ID)}, "code": {"坏 码"},
			"name": {""}, "type": {"department"}, "email": {"not-an-email"}, "sort_order": {"3"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "请修改下面标出的内容", "请填写单位名称", "单位编码只能由", "电子邮箱格式不正确", `aria-invalid="true"`, `value="坏 码"`)
		r = c.post("/admin/units/new", url.Values{"parent_id": {fmt.Sprint(e.units["QS"].ID)}, "code": {"QS-X"}, "name": {"某局"}, "type": {"department"}, "sort_order": {"abc"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "排序号须为整数")
		r = c.post("/admin/units/new", url.Values{"parent_id": {fmt.Sprint(e.units["QS"].ID)}, "code": {"QS-EDU"}, "name": {"重复"}, "type": {"department"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "已被使用")
		if n := unitCount(t, e); n != before {
			t.Fatalf("bad forms wrote units: %d → %d", before, n)
		}

		r = c.post("/admin/units/new", url.Values{"parent_id": {fmt.Sprint(e.units["QS"].ID)}, "code": {"QS-WJ"}, "name": {"青山县卫生健康局"},
			"type": {"department"}, "sort_order": {"5"}, "phone": {"0571-12345678"}, "office_hours": {"工作日 9:00–17:00"}, "website": {"https://wj.example.gov.cn"}})
		wantStatus(t, r, http.StatusSeeOther)
		u, err := e.srv.orgs.GetByCode(ctx, "QS-WJ")
		if err != nil || u.ParentID != e.units["QS"].ID || u.Phone != "0571-12345678" || u.SortOrder != 5 {
			t.Fatalf("created unit: %+v %v", u, err)
		}
		if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/admin/units/%d", u.ID) {
			t.Errorf("redirect to %q", loc)
		}
		r = c.get(r.Header.Get("Location"))
		wantStatus(t, r, 200, "已创建单位", "青山县卫生健康局", "0571-12345678", "工作日 9:00–17:00", "修改单位信息", "移动单位", "停用本单位")
		es, _, _ := audit.List(ctx, db, audit.Filter{Action: "unit.create", ActorID: e.users["sysadmin"].ID})
		if len(es) != 1 || es[0].ObjectID != fmt.Sprint(u.ID) {
			t.Errorf("audit: %+v", es)
		}

		// A unit admin creates only under their own subtree.
		ua := e.login("eduadmin")
		r = ua.get("/admin/units/new")
		wantStatus(t, r, 200, "青山县教育局")
		if strings.Contains(r.Body, "青山县民政局") || strings.Contains(r.Body, "无（顶层单位）") {
			t.Error("unit admin offered parents outside their subtree")
		}
		r = ua.post("/admin/units/new", url.Values{"parent_id": {fmt.Sprint(e.units["QS"].ID)}, "code": {"QS-Y"}, "name": {"越权"}, "type": {"department"}})
		wantStatus(t, r, http.StatusForbidden)
		r = ua.post("/admin/units/new", url.Values{"parent_id": {"0"}, "code": {"QS-Y"}, "name": {"越权"}, "type": {"department"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "请选择上级单位")
		r = ua.post("/admin/units/new", url.Values{"parent_id": {fmt.Sprint(e.units["QS-EDU"].ID)}, "code": {"QS-SCH2"}, "name": {"青山县第二中学"}, "type": {"school"}})
		wantStatus(t, r, http.StatusSeeOther)
		if _, err := e.srv.orgs.GetByCode(ctx, "QS-Y"); err == nil {
			t.Error("refused unit was created")
		}
	})
}

func TestAdminUnitEditMoveDeactivate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		edu, sch, mz := e.units["QS-EDU"], e.units["QS-SCH"], e.units["QS-MZ"]
		ua := e.login("eduadmin")
		r := ua.get(fmt.Sprintf("/admin/units/%d", edu.ID))
		wantStatus(t, r, 200, "修改单位信息", "青山县第一中学", `value="青山县教育局"`)
		if strings.Contains(r.Body, "停用本单位") || strings.Contains(r.Body, "移动单位") {
			t.Error("unit admin offered to move or deactivate their own unit")
		}
		// Bad edit: 422, nothing saved.
		r = ua.post(fmt.Sprintf("/admin/units/%d", edu.ID), url.Values{"name": {"青山县教育局"}, "type": {"department"}, "email": {"bad@"}, "website": {"ftp://x"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "电子邮箱格式不正确", "网站地址应以", `value="bad@"`)
		if u, _ := e.srv.orgs.Get(ctx, edu.ID); u.Email != "" || u.Website != "" {
			t.Errorf("bad edit saved: %+v", u)
		}
		r = ua.post(fmt.Sprintf("/admin/units/%d", edu.ID), url.Values{"name": {"青山县教育体育局"}, "type": {"department"},
			"phone": {"0571-88886666"}, "address": {"青山县人民路 1 号"}, "description": {"主管全县教育工作。"}})
		wantStatus(t, r, http.StatusSeeOther)
		if u, _ := e.srv.orgs.Get(ctx, edu.ID); u.Name != "青山县教育体育局" || u.Phone != "0571-88886666" || u.Code != "QS-EDU" {
			t.Errorf("edit not saved: %+v", u)
		}

		// Move: the unit admin may move the school within their subtree but
		// not out of it; the system admin may move it anywhere.
		r = ua.get(fmt.Sprintf("/admin/units/%d", sch.ID))
		wantStatus(t, r, 200, "移动单位", "停用本单位", `data-confirm="确定要停用`)
		sa := e.login("sysadmin")
		r = sa.post(fmt.Sprintf("/admin/units/%d/move", edu.ID), url.Values{"parent_id": {fmt.Sprint(sch.ID)}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "不能把")
		r = sa.post(fmt.Sprintf("/admin/units/%d/move", sch.ID), url.Values{"parent_id": {""}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "请选择新的上级单位")
		r = sa.post(fmt.Sprintf("/admin/units/%d/move", sch.ID), url.Values{"parent_id": {fmt.Sprint(mz.ID)}})
		wantStatus(t, r, http.StatusSeeOther)
		if u, _ := e.srv.orgs.Get(ctx, sch.ID); u.ParentID != mz.ID {
			t.Errorf("move: parent %d, want %d", u.ParentID, mz.ID)
		}
		// Now the school is outside the education bureau's subtree.
		wantStatus(t, ua.get(fmt.Sprintf("/admin/units/%d", sch.ID)), http.StatusForbidden)

		// Deactivate: refused with active children, then allowed.
		r = sa.post(fmt.Sprintf("/admin/units/%d/deactivate", mz.ID), nil)
		wantStatus(t, r, http.StatusUnprocessableEntity, "启用的下级单位")
		if u, _ := e.srv.orgs.Get(ctx, mz.ID); !u.Active {
			t.Error("refused deactivation happened")
		}
		r = sa.post(fmt.Sprintf("/admin/units/%d/deactivate", sch.ID), nil)
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, sa.get(r.Header.Get("Location")), 200, "已停用单位", "重新启用本单位")
		if u, _ := e.srv.orgs.Get(ctx, sch.ID); u.Active {
			t.Error("deactivate did nothing")
		}
		r = sa.get("/admin/units")
		if strings.Contains(r.Body, "青山县第一中学") {
			t.Error("inactive unit listed without the filter")
		}
		wantStatus(t, sa.get("/admin/units?inactive=1"), 200, "青山县第一中学", "已停用")
		wantStatus(t, sa.get("/admin/units?type=school&inactive=1"), 200, "青山县第一中学")
		if r := sa.get("/admin/units?q=民政"); !strings.Contains(r.Body, "青山县民政局") || strings.Contains(r.Body, "青山县教育体育局") {
			t.Error("text filter")
		}
		r = sa.post(fmt.Sprintf("/admin/units/%d/activate", sch.ID), nil)
		wantStatus(t, r, http.StatusSeeOther)
		if u, _ := e.srv.orgs.Get(ctx, sch.ID); !u.Active {
			t.Error("activate did nothing")
		}
		for _, a := range []string{"unit.update", "unit.move", "unit.deactivate", "unit.reactivate"} {
			if es, _, _ := audit.List(ctx, db, audit.Filter{Action: a}); len(es) != 1 {
				t.Errorf("audit %s: %d entries", a, len(es))
			}
		}
	})
}
