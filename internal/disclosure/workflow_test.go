package disclosure

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"gongkai/internal/civil"
	"gongkai/internal/review"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/valid"
)

func TestHappyPath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, Config{})
		id := idNumber("34182319900101365")
		in := e.input("关于印发青山县2026年重点工作的通知")
		in.DocNo = "青政办发〔2026〕1号"
		in.Topic = "综合政务"
		in.BodyHTML = `<p>联系人身份证号 ` + id + `</p><p>第二段</p><script>alert(1)</script>`
		d := e.create(in)
		if d.State != StateDraft || d.Version != 1 || d.Publisher != e.unit.Name || d.Genre != "其他文件" {
			t.Fatalf("created %+v", d)
		}
		if strings.Contains(d.BodyHTML, "script") || strings.Contains(d.BodyHTML, "alert") {
			t.Errorf("script kept: %q", d.BodyHTML)
		}

		att, err := e.s.Attach(e.ctx, e.editor, d.ID, d.Version, "名单.docx", docx(t, "张三 身份证号 "+id, "无关内容"))
		if err != nil {
			t.Fatalf("attach: %v", err)
		}
		if att.MIME != TypeDOCX.MIME() || !att.Scanned {
			t.Errorf("attachment %+v", att)
		}
		d, _ = e.s.Get(e.ctx, d.ID)
		if d.Version != 2 || len(d.Attachments) != 1 || d.Attachments[0].Name != "名单.docx" {
			t.Fatalf("after attach: version %d, %+v", d.Version, d.Attachments)
		}

		fs, err := e.s.Findings(e.ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sources []string
		for _, f := range fs {
			if f.Kind != review.KindIDCard {
				t.Errorf("unexpected finding %+v", f)
			}
			sources = append(sources, f.Where())
		}
		if len(fs) != 2 || fs[0].Source != SourceBody || fs[1].Source != SourceAttachment {
			t.Fatalf("findings %v", sources)
		}

		plain := make([]review.Finding, len(fs))
		for i, f := range fs {
			plain[i] = f.Finding
		}
		d, err = e.s.ApplyMasks(e.ctx, e.editor, d.ID, d.Version, plain)
		if err != nil {
			t.Fatalf("mask: %v", err)
		}
		if strings.Contains(d.BodyHTML, id) || !strings.Contains(d.BodyHTML, fs[0].Mask) {
			t.Errorf("body not masked: %q (mask %q)", d.BodyHTML, fs[0].Mask)
		}
		fs, _ = e.s.Findings(e.ctx, d.ID)
		if len(fs) != 1 || fs[0].Source != SourceAttachment {
			t.Fatalf("after masking: %+v", fs)
		}

		d, err = e.s.Submit(e.ctx, e.editor, d.ID, d.Version)
		if err != nil || d.State != StatePendingReview {
			t.Fatalf("submit: %v %s", err, d.State)
		}
		// the drafter may not review
		if _, err := e.s.RecordReview(e.ctx, e.editor, d.ID, d.Version, Publishable, "", "已核"); !errors.Is(err, ErrOwnDraft) {
			t.Errorf("drafter reviews: %v", err)
		}
		// a finding remains in the attachment: no override reason, no approval
		before := e.counts()
		_, err = e.s.RecordReview(e.ctx, e.reviewer, d.ID, d.Version, Publishable, "", "")
		var ve *valid.Errors
		if !errors.As(err, &ve) || !ve.Has("override_reason") {
			t.Fatalf("review without override: %v", err)
		}
		if got := e.counts(); got != before {
			t.Errorf("refused review wrote: %s → %s", before, got)
		}
		d, err = e.s.RecordReview(e.ctx, e.reviewer, d.ID, d.Version, Partial, "附件为公示名单", "公示名单依法须含身份信息")
		if err != nil || d.State != StatePendingApproval {
			t.Fatalf("review: %v %s", err, d.State)
		}
		rs, _ := e.s.Reviews(e.ctx, d.ID)
		if len(rs) != 1 || rs[0].DocumentVersion != d.Version || len(rs[0].Findings) != 1 || rs[0].OverrideReason == "" {
			t.Fatalf("reviews %+v (doc version %d)", rs, d.Version)
		}
		var overrides int
		db.QueryRow(e.ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'document.review_override'`).Scan(&overrides)
		if overrides != 1 {
			t.Errorf("override audited %d times", overrides)
		}

		if _, err := e.s.Publish(e.ctx, e.editor, d.ID, d.Version); !errors.Is(err, ErrOwnDraft) {
			t.Errorf("drafter publishes: %v", err)
		}
		d, err = e.s.Publish(e.ctx, e.approver, d.ID, d.Version)
		if err != nil {
			t.Fatalf("publish: %v", err)
		}
		want := fmt.Sprintf("11331002002673436R/%d-00001", e.today.Year)
		if d.State != StatePublished || d.IndexNo != want || d.PublishedOn != e.today || d.PublishedAt.IsZero() || d.Late {
			t.Fatalf("published: %s %q %s %v late=%v", d.State, d.IndexNo, d.PublishedOn, d.PublishedAt, d.Late)
		}
		if len(d.Attachments) != 1 {
			t.Errorf("published without attachments")
		}
		// a published document is not edited
		if _, err := e.s.Update(e.ctx, e.editor, d.ID, d.Version, d.Input()); !errors.Is(err, ErrWrongState) {
			t.Errorf("update published: %v", err)
		}

		d2 := e.publishNew(e.input("第二份文件"))
		if want := fmt.Sprintf("11331002002673436R/%d-00002", e.today.Year); d2.IndexNo != want {
			t.Errorf("second index number %q, want %q", d2.IndexNo, want)
		}
		// another unit has its own sequence
		o := e.input("教育局文件")
		o.ColumnID = e.otherCol
		od, err := e.s.Create(e.ctx, e.editor, e.other.ID, o)
		if err != nil {
			t.Fatal(err)
		}
		od = e.approve(od)
		if od, err = e.s.Publish(e.ctx, e.approver, od.ID, od.Version); err != nil || od.IndexNo != fmt.Sprintf("OTHER01/%d-00001", e.today.Year) {
			t.Errorf("other unit: %v %q", err, od.IndexNo)
		}

		if _, err := e.s.Withdraw(e.ctx, e.approver, d.ID, d.Version, " "); err == nil {
			t.Error("withdraw without reason accepted")
		}
		w, err := e.s.Withdraw(e.ctx, e.approver, d.ID, d.Version, "内容已调整，另行发布")
		if err != nil || w.State != StateWithdrawn || w.IndexNo != want || w.StateReason != "内容已调整，另行发布" {
			t.Fatalf("withdraw: %v %+v", err, w)
		}
		pub, err := e.s.PublicByIndexNo(e.ctx, want)
		if err != nil || !pub.IsWithdrawn() || pub.ID != d.ID {
			t.Errorf("public page of withdrawn: %v %+v", err, pub)
		}
		if _, err := e.s.PublicGet(e.ctx, e.create(e.input("草稿")).ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("public draft: %v", err)
		}
		list, total, err := e.s.List(e.ctx, Filter{UnitID: e.unit.ID, PublishedOnly: true})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != d2.ID {
			t.Errorf("published list: %v %d %+v", err, total, list)
		}

		revs, err := e.s.Revisions(e.ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, r := range revs {
			actions = append(actions, r.Action)
		}
		if got := strings.Join(actions, ","); got != "create,attach,mask,submit,review,publish,withdraw" {
			t.Errorf("revisions %s", got)
		}
		if revs[len(revs)-1].Version != w.Version {
			t.Errorf("last revision version %d, document %d", revs[len(revs)-1].Version, w.Version)
		}
		var body *FieldChange
		for i, c := range revs[2].Changes {
			if c.Field == "正文" {
				body = &revs[2].Changes[i]
			}
		}
		if body == nil || len(body.Lines) != 2 || body.Lines[0].Op != "-" || !strings.Contains(body.Lines[0].Text, id) {
			t.Errorf("mask diff %+v", revs[2].Changes)
		}
		var audits int
		db.QueryRow(e.ctx, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'document' AND object_id = $1`, fmt.Sprint(d.ID)).Scan(&audits)
		if audits != len(revs)+1 { // + the override entry
			t.Errorf("%d audit entries for %d revisions", audits, len(revs))
		}
	})
}

func TestBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, Config{})
		taken := e.input("已有文件")
		taken.DocNo = "青政发〔2025〕3号"
		e.create(taken)
		draft := e.create(e.input("一份草稿"))
		draft2 := e.create(e.input("另一份草稿"))
		policy := e.input("规范性文件")
		policy.ColumnID = e.policy
		pol := e.publishNew(policy)
		interp := e.input("解读")
		interp.InterpretsID = pol.ID
		interpDoc := e.publishNew(interp)

		cases := []struct {
			name  string
			edit  func(*Input)
			field string
			msg   string
		}{
			{"no title", func(in *Input) { in.Title = "  " }, fTitle, "请填写标题"},
			{"long title", func(in *Input) { in.Title = strings.Repeat("长", 201) }, fTitle, "200"},
			{"no written_on", func(in *Input) { in.WrittenOn = civil.Date{} }, fWrittenOn, "请填写成文日期"},
			{"future written_on", func(in *Input) { in.WrittenOn = e.today.AddDays(1) }, fWrittenOn, "晚于今天"},
			{"duplicate doc_no", func(in *Input) { in.DocNo = " 青政发〔2025〕3号 " }, fDocNo, "文号“青政发〔2025〕3号”已被《已有文件》使用"},
			{"no column", func(in *Input) { in.ColumnID = 0 }, fColumn, "请选择栏目"},
			{"unknown column", func(in *Input) { in.ColumnID = 99999 }, fColumn, "栏目不存在或不属于本单位"},
			{"other unit's column", func(in *Input) { in.ColumnID = e.otherCol }, fColumn, "栏目不存在或不属于本单位"},
			{"page column", func(in *Input) { in.ColumnID = e.page }, fColumn, "不是文件列表栏目"},
			{"interprets a draft", func(in *Input) { in.InterpretsID = draft2.ID }, fInterprets, "尚未发布"},
			{"interprets an interpretation", func(in *Input) { in.InterpretsID = interpDoc.ID }, fInterprets, "本身是政策解读"},
			{"interprets nothing", func(in *Input) { in.InterpretsID = 424242 }, fInterprets, "不存在"},
			{"interpretation of another genre", func(in *Input) { in.InterpretsID = pol.ID; in.Genre = "工作动态" }, fGenre, "政策解读"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := e.counts()
				in := e.input("好标题")
				c.edit(&in)
				_, err := e.s.Create(e.ctx, e.editor, e.unit.ID, in)
				var ve *valid.Errors
				if !errors.As(err, &ve) || !strings.Contains(ve.For(c.field), c.msg) {
					t.Fatalf("create: %v; want %s: %s", err, c.field, c.msg)
				}
				_, err = e.s.Update(e.ctx, e.editor, draft.ID, draft.Version, in)
				if !errors.As(err, &ve) || !strings.Contains(ve.For(c.field), c.msg) {
					t.Fatalf("update: %v; want %s: %s", err, c.field, c.msg)
				}
				if got := e.counts(); got != before {
					t.Errorf("refused input wrote: %s → %s", before, got)
				}
			})
		}
		// all problems at once
		_, err := e.s.Create(e.ctx, e.editor, e.unit.ID, Input{})
		var ve *valid.Errors
		if !errors.As(err, &ve) || len(ve.Problems) != 3 {
			t.Errorf("empty input: %v", err)
		}
		if _, err := e.s.Create(e.ctx, e.editor, 99999, e.input("x")); !errors.As(err, &ve) {
			t.Errorf("unknown unit: %v", err)
		}
		// the same 文号 in another unit is fine
		o := e.input("别的单位")
		o.DocNo, o.ColumnID = "青政发〔2025〕3号", e.otherCol
		if _, err := e.s.Create(e.ctx, e.editor, e.other.ID, o); err != nil {
			t.Errorf("same 文号 in another unit: %v", err)
		}
		// a document keeps its own 文号 on update
		d, _ := e.s.Get(e.ctx, draft.ID)
		in := d.Input()
		in.DocNo = "青政办〔2025〕9号"
		if d, err = e.s.Update(e.ctx, e.editor, d.ID, d.Version, in); err != nil {
			t.Fatal(err)
		}
		in.Title = "改了标题"
		if _, err = e.s.Update(e.ctx, e.editor, d.ID, d.Version, in); err != nil {
			t.Errorf("update keeping 文号: %v", err)
		}
		if pol.Genre != "行政规范性文件" || interpDoc.Genre != GenreInterpretation || interpDoc.Interprets != pol.ID {
			t.Errorf("genres %q %q", pol.Genre, interpDoc.Genre)
		}
	})
}

func TestWorkflowRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, Config{})
		d := e.create(e.input("规则"))

		t.Run("version conflict", func(t *testing.T) {
			before := e.counts()
			in := d.Input()
			in.Title = "新标题"
			_, err := e.s.Update(e.ctx, e.editor, d.ID, d.Version+1, in)
			if !errors.Is(err, ErrVersionConflict) || err.Error() != "文件已被他人修改，请刷新后重试" {
				t.Errorf("stale update: %v", err)
			}
			if _, err := e.s.Submit(e.ctx, e.editor, d.ID, 0); !errors.Is(err, ErrVersionConflict) {
				t.Errorf("stale submit: %v", err)
			}
			if _, err := e.s.Attach(e.ctx, e.editor, d.ID, 7, "a.png", pngData); !errors.Is(err, ErrVersionConflict) {
				t.Errorf("stale attach: %v", err)
			}
			if got := e.counts(); got != before {
				t.Errorf("conflict wrote: %s → %s", before, got)
			}
		})

		t.Run("wrong states", func(t *testing.T) {
			if _, err := e.s.Publish(e.ctx, e.approver, d.ID, d.Version); !errors.Is(err, ErrWrongState) {
				t.Errorf("publish a draft: %v", err)
			}
			if _, err := e.s.RecordReview(e.ctx, e.reviewer, d.ID, d.Version, Publishable, "", ""); !errors.Is(err, ErrWrongState) {
				t.Errorf("review a draft: %v", err)
			}
			if _, err := e.s.Return(e.ctx, e.reviewer, d.ID, d.Version, "不行"); !errors.Is(err, ErrWrongState) {
				t.Errorf("return a draft: %v", err)
			}
			if _, err := e.s.Withdraw(e.ctx, e.reviewer, d.ID, d.Version, "不行"); !errors.Is(err, ErrWrongState) {
				t.Errorf("withdraw a draft: %v", err)
			}
			var se *StateError
			_, err := e.s.Publish(e.ctx, e.approver, d.ID, d.Version)
			if !errors.As(err, &se) || err.Error() != "文件当前状态为“草稿”，不能发布" {
				t.Errorf("message: %v", err)
			}
		})

		t.Run("not publishable returns", func(t *testing.T) {
			x := e.create(e.input("不予公开的"))
			x, _ = e.s.Submit(e.ctx, e.editor, x.ID, x.Version)
			if _, err := e.s.RecordReview(e.ctx, e.reviewer, x.ID, x.Version, NotPublishable, "", ""); err == nil {
				t.Error("not publishable without comment")
			}
			x, err := e.s.RecordReview(e.ctx, e.reviewer, x.ID, x.Version, NotPublishable, "涉及国家秘密", "")
			if err != nil || x.State != StateReturned || x.StateReason != "涉及国家秘密" {
				t.Fatalf("not publishable: %v %+v", err, x)
			}
			// back in the editor's hands, edit and resubmit
			in := x.Input()
			in.BodyHTML = "<p>删去了</p>"
			if x, err = e.s.Update(e.ctx, e.editor, x.ID, x.Version, in); err != nil {
				t.Fatal(err)
			}
			x = e.approve(x)
			if x, err = e.s.Return(e.ctx, e.approver, x.ID, x.Version, "措辞再改"); err != nil || x.State != StateReturned {
				t.Fatalf("return from approval: %v", err)
			}
			// the earlier review does not cover the new version
			x, _ = e.s.Submit(e.ctx, e.editor, x.ID, x.Version)
			db.Exec(e.ctx, `UPDATE documents SET state = 'pending_approval', version = version + 1 WHERE id = $1`, x.ID)
			if _, err := e.s.Publish(e.ctx, e.approver, x.ID, x.Version+1); !errors.Is(err, ErrNotReviewed) {
				t.Errorf("publish with a stale review: %v", err)
			}
		})

		t.Run("publishing without review is impossible", func(t *testing.T) {
			x := e.create(e.input("未审查的"))
			x, _ = e.s.Submit(e.ctx, e.editor, x.ID, x.Version)
			if _, err := e.s.Publish(e.ctx, e.approver, x.ID, x.Version); !errors.Is(err, ErrWrongState) {
				t.Errorf("publish pending review: %v", err)
			}
			// even if someone sets the state by hand
			db.Exec(e.ctx, `UPDATE documents SET state = 'pending_approval' WHERE id = $1`, x.ID)
			before := e.counts()
			if _, err := e.s.Publish(e.ctx, e.approver, x.ID, x.Version); !errors.Is(err, ErrNotReviewed) {
				t.Errorf("publish unreviewed: %v", err)
			}
			if got := e.counts(); got != before {
				t.Errorf("refused publish wrote: %s → %s", before, got)
			}
			var seqs int
			db.QueryRow(e.ctx, `SELECT COUNT(*) FROM index_sequences`).Scan(&seqs)
			if seqs != 0 {
				t.Errorf("a refused publication took an index number")
			}
		})

		t.Run("drafter cannot approve", func(t *testing.T) {
			x := e.approve(e.create(e.input("自己批")))
			if _, err := e.s.Publish(e.ctx, e.editor, x.ID, x.Version); !errors.Is(err, ErrOwnDraft) {
				t.Errorf("drafter approves: %v", err)
			}
		})

		t.Run("validity", func(t *testing.T) {
			x := e.publishNew(e.input("会失效的"))
			if _, err := e.s.SetValidity(e.ctx, e.approver, x.ID, x.Version, Expired, e.today.AddDays(1), ""); err == nil {
				t.Error("future validity date accepted")
			}
			if _, err := e.s.SetValidity(e.ctx, e.approver, x.ID, x.Version, Valid, e.today, ""); err == nil {
				t.Error("back to valid accepted")
			}
			x, err := e.s.SetValidity(e.ctx, e.approver, x.ID, x.Version, Expired, e.today, "有效期届满")
			if err != nil || x.Validity != Expired || x.ValidityOn != e.today || x.State != StatePublished {
				t.Fatalf("expire: %v %+v", err, x)
			}
			if x, err = e.s.SetValidity(e.ctx, e.approver, x.ID, x.Version, Repealed, e.today, ""); err != nil || x.Validity != Repealed {
				t.Fatalf("repeal: %v", err)
			}
			if _, err := e.s.SetValidity(e.ctx, e.approver, x.ID, x.Version, Expired, e.today, ""); err == nil {
				t.Error("repealed document changed")
			}
			list, _, _ := e.s.List(e.ctx, Filter{PublishedOnly: true, Validity: Repealed})
			if len(list) != 1 || list[0].ID != x.ID {
				t.Errorf("validity filter: %+v", list)
			}
		})
	})
}

func TestLate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, Config{})
		for _, c := range []struct {
			ago  int
			late bool
		}{{1, false}, {26, false}, {60, true}} {
			in := e.input(fmt.Sprintf("成文于 %d 天前", c.ago))
			in.WrittenOn = e.today.AddDays(-c.ago)
			d := e.publishNew(in)
			want := WeekdayCounter{}.WorkdaysBetween(in.WrittenOn, e.today) > 20
			if d.Late != want || c.ago != 26 && d.Late != c.late {
				t.Errorf("%d days ago: late=%v", c.ago, d.Late)
			}
		}
	})
}

func TestWeekdayCounter(t *testing.T) {
	mon := civil.D(2025, 3, 3) // a Monday
	for _, c := range []struct {
		a, b civil.Date
		want int
	}{
		{mon, mon, 0},
		{mon, mon.AddDays(1), 1},
		{mon, mon.AddDays(4), 4},            // Friday
		{mon, mon.AddDays(6), 4},            // Sunday
		{mon, mon.AddDays(7), 5},            // next Monday
		{mon.AddDays(4), mon.AddDays(7), 1}, // Friday → Monday
		{mon.AddDays(5), mon.AddDays(6), 0}, // Saturday → Sunday
		{mon, mon.AddDays(28), 20},
		{mon, mon.AddDays(29), 21},
		{mon.AddDays(1), mon, 0},
	} {
		if got := (WeekdayCounter{}).WorkdaysBetween(c.a, c.b); got != c.want {
			t.Errorf("%s → %s: %d, want %d", c.a, c.b, got, c.want)
		}
		// against counting day by day
		n := 0
		for d := c.a.AddDays(1); !d.After(c.b); d = d.AddDays(1) {
			if d.Weekday() != 0 && d.Weekday() != 6 {
				n++
			}
		}
		if n != c.want {
			t.Errorf("table wrong at %s → %s", c.a, c.b)
		}
	}
	if IsLate(WeekdayCounter{}, mon, mon.AddDays(28)) || !IsLate(WeekdayCounter{}, mon, mon.AddDays(29)) {
		t.Error("IsLate at the 20th/21st working day")
	}
}

func TestConcurrentPublication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, Config{})
		const n = 10
		docs := make([]Document, n)
		for i := range docs {
			docs[i] = e.approve(e.create(e.input(fmt.Sprintf("并发 %d", i))))
		}
		var wg sync.WaitGroup
		nos := make([]string, n)
		errs := make([]error, n)
		for i := range docs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d, err := e.s.Publish(e.ctx, e.approver, docs[i].ID, docs[i].Version)
				nos[i], errs[i] = d.IndexNo, err
			}()
		}
		wg.Wait()
		seen := map[string]bool{}
		for i := range nos {
			if errs[i] != nil {
				t.Fatalf("publish %d: %v", i, errs[i])
			}
			seen[nos[i]] = true
		}
		for i := 1; i <= n; i++ {
			if no := fmt.Sprintf("11331002002673436R/%d-%05d", e.today.Year, i); !seen[no] {
				t.Errorf("%s not handed out; got %v", no, nos)
			}
		}
	})
}

func TestPoliciesWithoutInterpretation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, Config{})
		p := e.input("规范性文件一")
		p.ColumnID = e.policy
		pol := e.publishNew(p)
		p.Title = "规范性文件二"
		pol2 := e.publishNew(p)
		e.publishNew(e.input("其他文件不需要解读"))
		p.Title = "草稿政策"
		e.create(p)

		got, err := e.s.PoliciesWithoutInterpretation(e.ctx, e.unit.Path)
		if err != nil || len(got) != 2 {
			t.Fatalf("%v %+v", err, got)
		}
		in := e.input("《规范性文件一》解读")
		in.InterpretsID = pol.ID
		draft := e.create(in)
		if got, _ := e.s.PoliciesWithoutInterpretation(e.ctx, ""); len(got) != 2 {
			t.Errorf("an unpublished interpretation counts")
		}
		d := e.approve(draft)
		if _, err := e.s.Publish(e.ctx, e.approver, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		got, _ = e.s.PoliciesWithoutInterpretation(e.ctx, e.unit.Path)
		if len(got) != 1 || got[0].ID != pol2.ID {
			t.Errorf("after interpretation: %+v", got)
		}
		if got, _ := e.s.PoliciesWithoutInterpretation(e.ctx, e.other.Path); len(got) != 0 {
			t.Errorf("other unit sees %d", len(got))
		}
		its, err := e.s.InterpretationsOf(e.ctx, pol.ID)
		if err != nil || len(its) != 1 || its[0].ID != d.ID {
			t.Errorf("interpretations: %v %+v", err, its)
		}
	})
}
