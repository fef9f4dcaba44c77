package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// statsFixture adds to the web fixture, for 2025: three documents of the
// education bureau published (one in another column, one withdrawn, one in
// 2024) and one of the civil affairs bureau, and three applications of the
// education bureau (two replied, 3 and 9 working days after receipt).
func statsFixture(t *testing.T, e *testEnv) {
	t.Helper()
	ctx := context.Background()
	now := store.Now()
	column := func(unit, name string) int64 {
		var id int64
		err := e.db.Tx(ctx, func(tx *store.Tx) error {
			return tx.QueryRow(ctx, `INSERT INTO catalog_columns (unit_id, code, name, kind, created_at, updated_at)
				VALUES ($1, $2, $3, 'list', $4, $4) RETURNING id`, e.units[unit].ID, "stats-"+name, name, now).Scan(&id)
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	notices, policies, mz := column("QS-EDU", "通知公告"), column("QS-EDU", "政策文件"), column("QS-MZ", "通知公告")
	for i, d := range []struct {
		unit   string
		column int64
		on     string
		state  string
	}{
		{"QS-EDU", notices, "2025-03-04", "published"},
		{"QS-EDU", notices, "2025-03-20", "published"},
		{"QS-EDU", policies, "2025-07-01", "published"},
		{"QS-EDU", notices, "2025-05-01", "withdrawn"},
		{"QS-EDU", notices, "2024-12-31", "published"},
		{"QS-MZ", mz, "2025-03-05", "published"},
	} {
		if _, err := e.db.Exec(ctx, `INSERT INTO documents (unit_id, column_id, title, publisher, written_on, published_on,
			state, created_at, updated_at) VALUES ($1, $2, $3, '发布机构', $4, $4, $5, $6, $6)`,
			e.units[d.unit].ID, d.column, "统计测试文件"+string(rune('A'+i)), statsDay(d.on), d.state, now); err != nil {
			t.Fatal(err)
		}
	}
	rows := []request.LedgerRow{
		// Monday 2025-03-03 → Thursday 03-06: 3 working days.
		{Line: 2, RegNo: "EDU-2025-S1", ReceivedOn: statsDay("2025-03-03"), Channel: request.ChannelOnline,
			ApplicantType: request.ApplicantNatural, ApplicantName: "张三", Description: "申请一",
			ClosedOn: statsDay("2025-03-06"), Outcome: request.Outcomes()[0]},
		// Monday 2025-06-02 → Friday 06-13: 9 working days.
		{Line: 3, RegNo: "EDU-2025-S2", ReceivedOn: statsDay("2025-06-02"), Channel: request.ChannelOnline,
			ApplicantType: request.ApplicantNatural, ApplicantName: "李四", Description: "申请二",
			ClosedOn: statsDay("2025-06-13"), Outcome: request.Outcomes()[0]},
		{Line: 4, RegNo: "EDU-2025-S3", ReceivedOn: statsDay("2025-12-29"), Channel: request.ChannelOnline,
			ApplicantType: request.ApplicantNatural, ApplicantName: "王五", Description: "申请三"},
	}
	if _, err := e.srv.reqs.ImportLedger(ctx, audit.CLI, e.units["QS-EDU"].ID, rows, false, nil); err != nil {
		t.Fatal(err)
	}
}

func statsDay(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func pinStatsClock(c *Config) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	c.Now = func() time.Time { return at }
}

func TestAdminStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, pinStatsClock)
		statsFixture(t, e)

		gkb := e.login("gkb")
		r := gkb.get("/admin/stats?unit=QS-EDU&year=2025")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("gkb: %d %.300s", r.StatusCode, r.Body)
		}
		for _, want := range []string{`href="/admin/stats" aria-current="page"`, "<svg", `role="img"`, `<title id="chart-docs-month-title">每月发布信息数</title>`,
			`<th scope="row">2025年3月</th><td class="num">2</td>`, `<th scope="row">通知公告</th><td class="num">2</td>`,
			`<th scope="row">政策文件</th><td class="num">1</td>`, `<th scope="row">合计</th><td class="num">3</td>`,
			`<b>6</b>办理用时中位数`, `<th scope="row">第 90 百分位（工作日）</th><td class="num">9</td>`,
			`/admin/stats.xlsx?unit=QS-EDU&amp;year=2025`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("gkb page lacks %s", want)
			}
		}
		// The county with its units counts the civil affairs bureau's too.
		if r := gkb.get("/admin/stats?unit=QS&year=2025&include_subunits=1"); !strings.Contains(r.Body, `<th scope="row">2025年3月</th><td class="num">3</td>`) {
			t.Errorf("county with sub-units: %d %.500s", r.StatusCode, r.Body)
		}
		x := gkb.get("/admin/stats.xlsx?unit=QS-EDU&year=2025")
		if x.StatusCode != http.StatusOK || x.Header.Get("Content-Type") != xlsxMediaType {
			t.Fatalf("xlsx: %d %s", x.StatusCode, x.Header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		if rows, err := f.GetRows("各栏目发布信息数"); err != nil || len(rows) != 4 || rows[1][0] != "通知公告" || rows[1][1] != "2" {
			t.Errorf("xlsx columns sheet: %v %v", rows, err)
		}

		// The editor of the education bureau: own unit by default, not the
		// civil affairs bureau nor the county.
		ed := e.login("editor")
		if r := ed.get("/admin/stats?year=2025"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "青山县教育局，2025-01-01 至 2025-12-31") {
			t.Errorf("editor's own unit: %d", r.StatusCode)
		}
		for _, path := range []string{"/admin/stats?unit=QS-MZ&year=2025", "/admin/stats?unit=QS&year=2025", "/admin/stats.xlsx?unit=QS-MZ&year=2025"} {
			if r := ed.get(path); r.StatusCode != http.StatusForbidden {
				t.Errorf("editor %s: %d", path, r.StatusCode)
			}
		}
		if r := ed.get("/admin/stats?unit=QS-EDU&year=二〇二五"); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "参数 year 应为") {
			t.Errorf("bad year: %d", r.StatusCode)
		}
		// The audit admin has no report.view: no menu entry, no page.
		au := e.login("auditor")
		if r := au.get("/admin/"); strings.Contains(r.Body, `href="/admin/stats"`) {
			t.Error("auditor sees the statistics menu entry")
		}
		if r := au.get("/admin/stats"); r.StatusCode != http.StatusForbidden {
			t.Errorf("auditor: %d", r.StatusCode)
		}
	})
}

func TestStatsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, pinStatsClock)
		statsFixture(t, e)
		r, out := e.api(e.token("gkb"), "GET", "/api/v1/stats?unit=QS-EDU&year=2025", nil)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%d %s", r.StatusCode, r.Body)
		}
		wd, _ := out["workdays"].(map[string]any)
		if out["documents"] != 3.0 || out["received"] != 3.0 || out["concluded"] != 2.0 || wd["median"] != 6.0 || wd["p90"] != 9.0 {
			t.Errorf("figures: %s", r.Body)
		}
		tables, _ := out["tables"].([]any)
		if len(tables) != 6 || !strings.Contains(r.Body, `{"key":"2025-03","label":"2025年3月","n":2}`) {
			t.Errorf("tables: %s", r.Body)
		}
		// A period of dates: March to June has the first two applications' replies.
		r, out = e.api(e.token("gkb"), "GET", "/api/v1/stats?unit=QS-EDU&from=2025-03-01&to=2025-06-30", nil)
		if r.StatusCode != http.StatusOK || out["from"] != "2025-03-01" || out["documents"] != 2.0 || out["concluded"] != 2.0 || out["year"] != nil {
			t.Errorf("period: %d %s", r.StatusCode, r.Body)
		}
		tok := e.token("handler")
		for _, c := range []struct {
			query  string
			status int
			field  string
			msg    string
		}{
			{"unit=QS-EDU&year=2025", 200, "", ""},
			{"unit=QS-MZ&year=2025", 403, "", ""},
			{"unit=QS&year=2025&include_subunits=true", 403, "", ""},
			{"unit=QS-EDU&year=1900", 400, "year", "参数 year 应为 2008 至 2200 之间的年份"},
			{"unit=QS-EDU&year=2025&include_subunits=maybe", 400, "include_subunits", "参数 include_subunits 应为 true 或 false"},
			{"unit=NOPE&year=2025", 400, "unit", "参数 unit：单位编码“NOPE”不存在"},
			{"unit=QS-EDU&from=2025-03-01", 400, "to", "参数 from 与 to 须同时给出"},
			{"unit=QS-EDU&from=2025-03-01&to=3月", 400, "to", "参数 to 应为日期"},
			{"unit=QS-EDU&from=2025-03-01&to=2025-02-01", 400, "to", "截止日期 2025-02-01 早于起始日期 2025-03-01"},
			{"unit=QS-EDU&from=2025-03-01&to=2025-06-30", 200, "", ""},
		} {
			r, _ := e.api(tok, "GET", "/api/v1/stats?"+c.query, nil)
			if r.StatusCode != c.status || c.field != "" && (!strings.Contains(r.Body, `"field":"`+c.field+`"`) || !strings.Contains(r.Body, c.msg)) {
				t.Errorf("%s: %d %s", c.query, r.StatusCode, r.Body)
			}
		}
		if r, _ := e.api(e.token("auditor"), "GET", "/api/v1/stats", nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("auditor: %d", r.StatusCode)
		}
		if r, _ := e.api("", "GET", "/api/v1/openapi.json", nil); !strings.Contains(r.Body, `"/api/v1/stats"`) {
			t.Error("/api/v1/stats is not in the OpenAPI document")
		}
	})
}
