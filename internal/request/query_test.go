package request

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestListPagesAndExport: List's id-first pages give the same rows, order
// and totals as the former COUNT(*) + LIMIT/OFFSET query (listBefore),
// pages past the end still carry the total, and the streamed export has
// every row in the order of the pages.
func TestListPagesAndExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		e.setToday("2026-09-30")
		if res, err := e.s.ImportLedger(e.ctx, e.handler, e.edu.ID, benchLedgerRows(250), false, nil); err != nil || res.Created != 250 {
			t.Fatalf("import: %+v %v", res, err)
		}
		e.submit(e.person("2024年农村学校校车运营线路及补贴标准")) // one more, in another year: not imported
		ids := func(apps []Application) []string {
			var out []string
			for _, a := range apps {
				out = append(out, a.RegNo)
			}
			return out
		}
		for _, f := range []Filter{
			{UnderPath: e.county.Path, Open: true},
			{UnderPath: e.county.Path, Outcome: OutcomeDisclosed, Sort: "-received"},
			{UnitID: e.edu.ID, Sort: "reg_no"},
			{UnitID: e.edu.ID, Sort: "-due"},
			{UnitID: e.edu.ID, Sort: "replied", Q: "申请人1"},
			{UnitID: e.mz.ID},
		} {
			for page := 1; page <= 5; page++ {
				f.Page, f.PerPage = page, 60
				got, total, err := e.s.List(e.ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				want, wantTotal, err := listBefore(e.ctx, e.s, f)
				if err != nil {
					t.Fatal(err)
				}
				if total != wantTotal || !slices.Equal(ids(got), ids(want)) {
					t.Errorf("%+v: %d %v, want %d %v", f, total, ids(got), wantTotal, ids(want))
				}
				if len(got) > 0 && (got[0].UnitName == "" || got[0].Description == "") {
					t.Errorf("%+v: row not read whole: %+v", f, got[0])
				}
			}
		}

		var listed []string
		for page := 1; ; page++ {
			apps, total, err := e.s.List(e.ctx, Filter{UnitID: e.edu.ID, Sort: "received", Page: page, PerPage: 100})
			if err != nil || total != 251 {
				t.Fatalf("page %d: total %d, %v", page, total, err)
			}
			if len(apps) == 0 {
				break
			}
			listed = append(listed, ids(apps)...)
		}
		var buf bytes.Buffer
		if err := e.s.ExportLedger(e.ctx, Filter{UnitID: e.edu.ID, Page: 2, PerPage: 5}, false, &buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		rows, err := x.GetRows("台账")
		if err != nil {
			t.Fatal(err)
		}
		var exported []string
		for _, r := range rows[1:] {
			exported = append(exported, r[0])
		}
		if len(exported) != 251 || !slices.Equal(exported, listed) {
			t.Errorf("export has %d rows, not the 251 listed in order", len(exported))
		}
	})
}
