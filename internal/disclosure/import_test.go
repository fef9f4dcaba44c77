package disclosure

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/valid"
)

func TestImportOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, Config{})
		importer := audit.Actor{Login: "cli"}
		run := func(in ImportInput) (ImportResult, error) {
			var res ImportResult
			err := db.Tx(e.ctx, func(tx *store.Tx) error {
				var err error
				res, err = e.s.ImportOne(e.ctx, tx, importer, in)
				return err
			})
			return res, err
		}
		old := e.today.AddDays(-400)
		row := ImportInput{UnitID: e.unit.ID, Publish: true, PublishedOn: old.AddDays(60), IndexNo: "11331002002673436R/2024-00042",
			Input: Input{Title: "旧档案", DocNo: "青政发〔2024〕42号", WrittenOn: old, ColumnID: e.col, BodyHTML: "<p>旧</p><script>x</script>"}}

		res, err := run(row)
		if err != nil || res.Outcome != ImportCreated || res.IndexNo != row.IndexNo {
			t.Fatalf("import: %v %+v", err, res)
		}
		d, _ := e.s.Get(e.ctx, res.ID)
		if !d.Imported || d.State != StatePublished || d.PublishedOn != row.PublishedOn || !d.Late || d.BodyHTML != "<p>旧</p>" {
			t.Errorf("imported %+v", d)
		}
		var summary string
		db.QueryRow(e.ctx, `SELECT summary FROM audit_log WHERE action = 'document.import'`).Scan(&summary)
		if !strings.Contains(summary, "导入人 cli") {
			t.Errorf("audit %q", summary)
		}

		before := e.counts()
		res, err = run(row)
		if err != nil || res.Outcome != ImportUnchanged || res.ID != d.ID {
			t.Fatalf("again: %v %+v", err, res)
		}
		if got := e.counts(); got != before {
			t.Errorf("unchanged import wrote: %s → %s", before, got)
		}
		changed := row
		changed.Title = "旧档案（改）"
		_, err = run(changed)
		var ve *valid.Errors
		if !errors.As(err, &ve) || !strings.Contains(ve.Error(), "已存在，但内容不同（标题）") {
			t.Errorf("changed: %v", err)
		}

		// no 索引号: generated for the publication year, identified by 文号
		gen := row
		gen.IndexNo, gen.DocNo, gen.Title = "", "青政发〔2024〕43号", "另一份旧档案"
		res, err = run(gen)
		want := fmt.Sprintf("11331002002673436R/%d-00001", gen.PublishedOn.Year)
		if err != nil || res.IndexNo != want {
			t.Fatalf("generated: %v %+v, want %s", err, res, want)
		}
		if res2, err := run(gen); err != nil || res2.Outcome != ImportUnchanged || res2.ID != res.ID {
			t.Errorf("generated again: %v %+v", err, res2)
		}
		// no 索引号 nor 文号: identified by title and 成文日期
		bare := gen
		bare.DocNo, bare.Title = "", "无文号的旧档案"
		r1, err1 := run(bare)
		r2, err2 := run(bare)
		if err1 != nil || err2 != nil || r2.Outcome != ImportUnchanged || r1.ID != r2.ID {
			t.Errorf("bare: %v %v %+v %+v", err1, err2, r1, r2)
		}

		// bad rows write nothing
		for name, edit := range map[string]func(*ImportInput){
			"future publication":      func(in *ImportInput) { in.PublishedOn = e.today.AddDays(1) },
			"published before":        func(in *ImportInput) { in.PublishedOn = in.WrittenOn.AddDays(-1) },
			"no publication date":     func(in *ImportInput) { in.PublishedOn = civil.Date{} },
			"index number for draft":  func(in *ImportInput) { in.Publish = false },
			"index number with space": func(in *ImportInput) { in.IndexNo = "A 1" },
			"unknown column":          func(in *ImportInput) { in.ColumnID = 12345 },
			"no title":                func(in *ImportInput) { in.Title = "" },
		} {
			before := e.counts()
			in := row
			in.IndexNo, in.DocNo = "NEW/2024-1", ""
			edit(&in)
			if _, err := run(in); !errors.As(err, &ve) {
				t.Errorf("%s: %v", name, err)
			}
			if got := e.counts(); got != before {
				t.Errorf("%s wrote: %s → %s", name, before, got)
			}
		}
		// a draft import
		draft := ImportInput{UnitID: e.unit.ID, Input: Input{Title: "导入的草稿", WrittenOn: old, ColumnID: e.col}}
		if res, err := run(draft); err != nil || res.IndexNo != "" {
			t.Errorf("draft: %v %+v", err, res)
		}
		// the live sequence skips a number an import took
		taken := row
		taken.IndexNo, taken.DocNo, taken.Title = fmt.Sprintf("11331002002673436R/%d-00001", e.today.Year), "", "占号的档案"
		taken.PublishedOn = e.today
		if _, err := run(taken); err != nil {
			t.Fatal(err)
		}
		p := e.publishNew(e.input("新文件"))
		if want := fmt.Sprintf("11331002002673436R/%d-00002", e.today.Year); p.IndexNo != want {
			t.Errorf("after a taken number: %q, want %q", p.IndexNo, want)
		}
	})
}
