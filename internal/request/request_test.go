package request

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestSubmitOnlineAndTrack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("请公开本县 2024 年义务教育学校布局调整方案"))
		if a.RegNo != "QS-EDU-2025-0001" {
			t.Errorf("reg no %q", a.RegNo)
		}
		if !regexp.MustCompile(`^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$`).MatchString(a.TrackingCode) {
			t.Errorf("tracking code %q", a.TrackingCode)
		}
		if a.Channel != ChannelOnline || a.ReceivedOn.String() != "2025-03-20" || a.State != StateOpen || a.Version != 1 {
			t.Errorf("got %+v", a)
		}
		if a.UnitName != "青山县教育局" || a.UnitCode != "QS-EDU" {
			t.Errorf("unit %q %q", a.UnitName, a.UnitCode)
		}
		// 20 working days after Thursday 20 March, 清明 (4 April) off.
		wantDue(t, a, "2025-04-18")
		for _, code := range []string{a.TrackingCode, strings.ToLower(a.TrackingCode),
			" " + strings.ReplaceAll(a.TrackingCode, "-", " ") + " ", strings.ReplaceAll(a.TrackingCode, "-", "")} {
			got, err := e.s.GetByTracking(e.ctx, code)
			if err != nil || got.ID != a.ID {
				t.Errorf("GetByTracking(%q) = %d, %v", code, got.ID, err)
			}
		}
		for _, code := range []string{"", "ABCD-EFGH-JKM", "ABCD-EFGH-JKMN", "ABCD-EFGH-JK0N"} {
			if _, err := e.s.GetByTracking(e.ctx, code); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("GetByTracking(%q): %v", code, err)
			}
		}
		evs, err := e.s.Events(e.ctx, a.ID)
		if err != nil || len(evs) != 1 || evs[0].Kind != EventReceived || !evs[0].Public || evs[0].ActorName != "申请人" {
			t.Fatalf("events %+v %v", evs, err)
		}
		if n := e.auditCount("request.submit"); n != 1 {
			t.Errorf("audit request.submit: %d", n)
		}
		// The audit summary carries no personal data.
		var summary string
		if err := db.QueryRow(e.ctx, `SELECT summary FROM audit_log WHERE action = 'request.submit'`).Scan(&summary); err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"张三", idZhang, "13812345678", "zhangsan", a.TrackingCode, "文三路"} {
			if strings.Contains(summary, secret) {
				t.Errorf("audit summary %q holds %q", summary, secret)
			}
		}
		b := e.submit(e.person("请公开青山县第一中学 2024 年度部门预算和决算报告"))
		if b.RegNo != "QS-EDU-2025-0002" {
			t.Errorf("second reg no %q", b.RegNo)
		}
		c, err := e.s.ClockOf(e.ctx, a.ID)
		if err != nil || c.Due != a.DueOn || c.Phase != PhaseRunning {
			t.Errorf("clock %+v %v", c, err)
		}
		if _, err := e.s.Get(e.ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get missing: %v", err)
		}
	})
}

func TestRegisterLetter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		in := Input{UnitID: e.edu.ID, Channel: ChannelPostRegistered, ReceivedOn: day("2025-03-03"),
			ApplicantType: ApplicantBusiness, ApplicantName: "青山建设有限公司", ContactPerson: "刘经理",
			IDNumber: uscc("91330100MA2XXXXX1"), Phone: "0571-12345678", Address: "青山县人民路 8 号",
			Description: "请提供青山县 2024 年校舍维修工程招标文件及中标结果", FormWanted: FormPaper, DeliveryWanted: DeliveryPost}
		a, err := e.s.Register(e.ctx, e.handler, in)
		if err != nil {
			t.Fatal(err)
		}
		// 20 working days after Monday 3 March.
		wantDue(t, a, "2025-03-31")
		if a.IDType != IDTypeUSCC || a.Channel != ChannelPostRegistered || a.TrackingCode == "" {
			t.Errorf("got %+v", a)
		}
		if e.auditCount("request.register") != 1 {
			t.Error("no audit entry")
		}
		evs, _ := e.s.Events(e.ctx, a.ID)
		if len(evs) != 1 || evs[0].On.String() != "2025-03-03" || evs[0].ActorName != "王经办" {
			t.Errorf("events %+v", evs)
		}
		// A letter of last year gets last year's number.
		in.ReceivedOn = day("2024-12-30")
		b, err := e.s.Register(e.ctx, e.handler, in)
		if err != nil {
			t.Fatal(err)
		}
		if b.RegNo != "QS-EDU-2024-0001" {
			t.Errorf("reg no %q", b.RegNo)
		}
	})
}

func TestValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		before := e.counts()
		good := e.person("请公开本县 2024 年义务教育学校布局调整方案")
		reg := good
		reg.Channel, reg.ReceivedOn = ChannelInPerson, day("2025-03-19")
		cases := []struct {
			name   string
			online bool
			edit   func(in *Input)
			field  string
		}{
			{"no unit", true, func(in *Input) { in.UnitID = 0 }, "unit_id"},
			{"missing unit", true, func(in *Input) { in.UnitID = 424242 }, "unit_id"},
			{"bad type", true, func(in *Input) { in.ApplicantType = "robot" }, "applicant_type"},
			{"no name", true, func(in *Input) { in.ApplicantName = "  " }, "applicant_name"},
			{"long name", true, func(in *Input) { in.ApplicantName = strings.Repeat("名", 101) }, "applicant_name"},
			{"no id type", true, func(in *Input) { in.IDType = "" }, "id_type"},
			{"no id", true, func(in *Input) { in.IDNumber = "" }, "id_number"},
			{"bad checksum", true, func(in *Input) { in.IDNumber = idZhang[:17] + "0" }, "id_number"},
			{"bad birth date", true, func(in *Input) { in.IDNumber = idNumber("11010519490231002") }, "id_number"},
			{"short id", true, func(in *Input) { in.IDNumber = "1101051949" }, "id_number"},
			{"long passport", true, func(in *Input) { in.IDType, in.IDNumber = "护照", strings.Repeat("E", 41) }, "id_number"},
			{"no contact", true, func(in *Input) { in.Phone, in.Email = "", "" }, "phone"},
			{"bad phone", true, func(in *Input) { in.Phone = "12ab" }, "phone"},
			{"short phone", true, func(in *Input) { in.Phone = "12345" }, "phone"},
			{"bad email", true, func(in *Input) { in.Email = "not an email" }, "email"},
			{"post without address", true, func(in *Input) { in.DeliveryWanted, in.Address = DeliveryPost, "" }, "address"},
			{"bad postcode", true, func(in *Input) { in.Postcode = "3100" }, "postcode"},
			{"short description", true, func(in *Input) { in.Description = "要文件" }, "description"},
			{"long description", true, func(in *Input) { in.Description = strings.Repeat("文", 2001) }, "description"},
			{"bad form", true, func(in *Input) { in.FormWanted = "carved" }, "form_wanted"},
			{"no delivery", true, func(in *Input) { in.DeliveryWanted = "" }, "delivery_wanted"},
			{"org without code", true, func(in *Input) {
				in.ApplicantType, in.ContactPerson, in.IDNumber = ApplicantResearch, "刘研究员", ""
			}, "id_number"},
			{"org bad code", true, func(in *Input) {
				in.ApplicantType, in.ContactPerson, in.IDNumber = ApplicantResearch, "刘研究员", "91330100MA2XXXXX1Z"
			}, "id_number"},
			{"org bad checksum", true, func(in *Input) {
				c := uscc("91330100MA2XXXXX1")
				last := "0"
				if c[17] == '0' {
					last = "1"
				}
				in.ApplicantType, in.ContactPerson, in.IDNumber = ApplicantResearch, "刘研究员", c[:17]+last
			}, "id_number"},
			{"org without contact person", true, func(in *Input) {
				in.ApplicantType, in.IDNumber, in.ContactPerson = ApplicantLegal, uscc("31330000MD0123456"), ""
			}, "contact_person"},
			{"register: online channel", false, func(in *Input) { in.Channel = ChannelOnline }, "channel"},
			{"register: bad channel", false, func(in *Input) { in.Channel = "pigeon" }, "channel"},
			{"register: no date", false, func(in *Input) { in.ReceivedOn = civil.Date{} }, "received_on"},
			{"register: future", false, func(in *Input) { in.ReceivedOn = day("2025-03-21") }, "received_on"},
			{"register: before the Regulation", false, func(in *Input) { in.ReceivedOn = day("2008-04-30") }, "received_on"},
		}
		for _, c := range cases {
			in := good
			if !c.online {
				in = reg
			}
			c.edit(&in)
			var err error
			if c.online {
				_, err = e.s.SubmitOnline(e.ctx, audit.System, in)
			} else {
				_, err = e.s.Register(e.ctx, e.handler, in)
			}
			if fs := fields(t, err); !hasField(fs, c.field) {
				t.Errorf("%s: fields %v, want %s (%v)", c.name, fs, c.field, err)
			}
			if cerr := e.s.Check(e.ctx, in, c.online); cerr == nil {
				t.Errorf("%s: Check accepts", c.name)
			}
		}
		if after := e.counts(); after != before {
			t.Errorf("refused input wrote rows: %s → %s", before, after)
		}
		// Inactive unit.
		if _, err := db.Exec(e.ctx, `UPDATE units SET active = FALSE WHERE id = $1`, e.mz.ID); err != nil {
			t.Fatal(err)
		}
		in := good
		in.UnitID = e.mz.ID
		if fs := fields(t, e.s.Check(e.ctx, in, true)); !hasField(fs, "unit_id") {
			t.Errorf("inactive unit: %v", fs)
		}
		// The good ones pass, including other documents and organizations.
		for _, in := range []Input{good, reg} {
			if err := e.s.Check(e.ctx, in, in.Channel == ""); err != nil {
				t.Errorf("good input refused: %v", err)
			}
		}
		passport := good
		passport.IDType, passport.IDNumber, passport.Email = "护照", "e1234 5678", ""
		if err := e.s.Check(e.ctx, passport, true); err != nil {
			t.Errorf("passport refused: %v", err)
		}
	})
}

func TestDuplicates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		first := e.submit(e.person("请公开本县2024年义务教育学校布局调整方案。"))
		if first.DuplicateOf != 0 {
			t.Fatal("first flagged")
		}
		e.setToday("2025-04-10")
		// Same identity number, the same text with other spaces and punctuation.
		second := e.submit(e.person("请公开 本县 2024 年义务教育学校布局调整方案"))
		if second.DuplicateOf != first.ID {
			t.Errorf("second: duplicate of %d, want %d", second.DuplicateOf, first.ID)
		}
		// Another subject: no duplicate.
		other := e.submit(e.person("请提供青山县第一中学食堂承包合同及招标文件"))
		if other.DuplicateOf != 0 {
			t.Errorf("other flagged as duplicate of %d", other.DuplicateOf)
		}
		// Someone else with a similar text is not a duplicate.
		q := e.person("请公开本县2024年义务教育学校布局调整方案")
		q.IDNumber, q.Phone, q.Email = idLi, "13900000000", ""
		lisi := e.submit(q)
		if lisi.DuplicateOf != 0 {
			t.Errorf("another applicant flagged")
		}
		third := e.submit(e.person("本县2024年义务教育学校布局调整方案请公开"))
		if third.DuplicateOf != second.ID {
			t.Errorf("third: duplicate of %d, want the most recent %d", third.DuplicateOf, second.ID)
		}
		dups, err := e.s.Duplicates(e.ctx, first)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, d := range dups {
			ids = append(ids, d.ID)
		}
		if fmt.Sprint(ids) != fmt.Sprint([]int64{third.ID, second.ID}) {
			t.Errorf("duplicates of first: %v", ids)
		}
		// The same request to another unit is not a repeat (Art. 36 (6):
		// the same body), and edu's staff do not see it among the duplicates.
		toMZ := e.person("请公开本县2024年义务教育学校布局调整方案")
		toMZ.UnitID = e.mz.ID
		mz := e.submit(toMZ)
		if mz.DuplicateOf != 0 {
			t.Errorf("an application to another unit flagged as duplicate of %d", mz.DuplicateOf)
		}
		if dups, err := e.s.Duplicates(e.ctx, mz); err != nil || len(dups) != 0 {
			t.Errorf("duplicates across units: %d %v", len(dups), err)
		}
		if dups, err := e.s.Duplicates(e.ctx, first); err != nil || len(dups) != 2 {
			t.Errorf("duplicates of first after mz's: %d %v", len(dups), err)
		}
		// More than a year later it is a new application.
		e.setToday("2026-04-20")
		late := e.submit(e.person("请公开本县2024年义务教育学校布局调整方案"))
		if late.DuplicateOf != 0 {
			t.Errorf("a year later flagged as duplicate of %d", late.DuplicateOf)
		}
	})
}

func TestSimilarText(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"请公开2024年预算", "请公开 2024 年预算。", true},
		{"请公开青山县2024年财政预算报告", "青山县2024年财政预算报告", true},
		{"请公开青山县2024年财政预算执行情况报告", "请公开青山县2024年财政预算执行情况的报告全文", true},
		{"请公开青山县2024年财政预算报告", "请提供第一中学食堂承包合同", false},
		{"预算", "请提供第一中学食堂承包合同和预算", false},
		{"", "", false},
	} {
		if got := similarText(c.a, c.b); got != c.want {
			t.Errorf("similarText(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestMasked(t *testing.T) {
	a := Application{IDNumber: "110105194912310021", Phone: "13812345678", Email: "zhangsan@example.com",
		Address: "浙江省杭州市西湖区文三路 1 号", TrackingCode: "ABCD-EFGH-JKMN", ApplicantName: "张三"}
	m := a.Masked()
	for got, want := range map[string]string{
		m.IDNumber: "110***********0021", m.Phone: "138****5678", m.Email: "z***@example.com",
		m.Address: "浙江省杭州市****", m.TrackingCode: "****-****-JKMN", m.ApplicantName: "张三",
	} {
		if got != want {
			t.Errorf("masked %q, want %q", got, want)
		}
	}
	if a.IDNumber != "110105194912310021" {
		t.Error("Masked changed the original")
	}
	for in, want := range map[string]string{"0571-12345678": "0571-****5678", "": "", "E12345678": "E1*****78"} {
		got := MaskPhone(in)
		if in == "E12345678" {
			got = MaskID(in)
		}
		if got != want {
			t.Errorf("mask %q = %q, want %q", in, got, want)
		}
	}
	if MaskAddress("杭州") != "****" || MaskEmail("bad") != "***" {
		t.Errorf("short values: %q %q", MaskAddress("杭州"), MaskEmail("bad"))
	}
}

func TestRevealPersonalAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("请公开本县 2024 年义务教育学校布局调整方案"))
		if err := e.s.RevealPersonal(e.ctx, e.handler, a); err != nil {
			t.Fatal(err)
		}
		var summary, obj string
		if err := db.QueryRow(e.ctx, `SELECT summary, object_id FROM audit_log WHERE action = 'request.view_personal'`).Scan(&summary, &obj); err != nil {
			t.Fatal(err)
		}
		if obj != fmt.Sprint(a.ID) || strings.Contains(summary, idZhang) || strings.Contains(summary, "138") {
			t.Errorf("audit %q %q", obj, summary)
		}
	})
}

func TestConcurrentSubmits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		const n = 8
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				in := e.person(fmt.Sprintf("第 %d 份申请：请公开第 %d 号文件的全文及附件", i, i*7919))
				_, err := e.s.SubmitOnline(e.ctx, audit.System, in)
				errs <- err
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		apps, total, err := e.s.List(e.ctx, Filter{Sort: "reg_no"})
		if err != nil || total != n {
			t.Fatalf("list: %d %v", total, err)
		}
		for i, a := range apps {
			if want := fmt.Sprintf("QS-EDU-2025-%04d", i+1); a.RegNo != want {
				t.Errorf("reg no %q, want %q", a.RegNo, want)
			}
		}
	})
}

func TestFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("请公开本县 2024 年义务教育学校布局调整方案"))
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
		before := e.counts()
		for _, c := range []struct {
			kind, name string
			data       []byte
			field      string
		}{
			{"poster", "a.png", png, "kind"},
			{"scan", "", png, "file"},
			{"scan", "empty.png", nil, "file"},
			{"scan", "note.txt", []byte("just text"), "file"},
		} {
			_, err := e.s.AttachFile(e.ctx, e.handler, a.ID, c.kind, c.name, c.data)
			if fs := fields(t, err); !hasField(fs, c.field) {
				t.Errorf("%s %q: %v", c.kind, c.name, fs)
			}
		}
		if after := e.counts(); after != before {
			t.Errorf("refused files wrote rows: %s → %s", before, after)
		}
		f, err := e.s.AttachFile(e.ctx, e.handler, a.ID, FileScan, `C:\scans\信函.png`, png)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != "信函.png" || f.MIME != "image/png" || f.Size != int64(len(png)) {
			t.Errorf("file %+v", f)
		}
		files, err := e.s.Files(e.ctx, a.ID)
		if err != nil || len(files) != 1 || files[0].ID != f.ID {
			t.Fatalf("files %+v %v", files, err)
		}
		g, rc, err := e.s.OpenFile(e.ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if g.ID != f.ID || string(data) != string(png) {
			t.Error("content differs")
		}
		if e.auditCount("request.attach") != 1 {
			t.Error("attach not audited")
		}
		if _, err := e.s.AttachFile(e.ctx, e.handler, 99999, FileScan, "a.png", png); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing application: %v", err)
		}
		if _, _, err := e.s.OpenFile(e.ctx, 99999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing file: %v", err)
		}
	})
}

func TestListFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		reg := func(unit int64, ch Channel, on, desc string, typ ApplicantType) Application {
			t.Helper()
			in := e.person(desc)
			in.UnitID, in.Channel, in.ReceivedOn = unit, ch, day(on)
			if typ != ApplicantNatural {
				in.ApplicantType, in.ContactPerson, in.IDNumber = typ, "联系人", uscc("91330100MA2XXXXX1")
				in.ApplicantName = "某某律师事务所"
			}
			a, err := e.s.Register(e.ctx, e.handler2, in)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		old := reg(e.edu.ID, ChannelInPerson, "2025-02-03", "请公开青山县学区划分方案及依据", ApplicantNatural)           // due 2025-03-03: overdue
		soon := reg(e.edu.ID, ChannelPostRegistered, "2025-02-24", "请公开第一中学 2024 年招生计划", ApplicantNatural) // due 2025-03-24: 2 days left
		fresh := e.submit(e.person("请公开青山县教育局 2025 年部门预算"))                                                // due 2025-04-18
		mz := reg(e.mz.ID, ChannelFax, "2025-03-10", "请公开 2024 年低保资金发放明细", ApplicantLegal)                 // due 2025-04-08
		replied, err := e.s.Reply(e.ctx, e.handler, fresh.ID, fresh.Version, ReplyInput{Outcome: OutcomeDisclosed, On: day("2025-03-20")})
		if err != nil {
			t.Fatal(err)
		}
		ids := func(f Filter) string {
			t.Helper()
			apps, total, err := e.s.List(e.ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range apps {
				switch a.ID {
				case old.ID:
					out = append(out, "old")
				case soon.ID:
					out = append(out, "soon")
				case replied.ID:
					out = append(out, "replied")
				case mz.ID:
					out = append(out, "mz")
				}
			}
			return fmt.Sprintf("%d:%s", total, strings.Join(out, ","))
		}
		for _, c := range []struct {
			name string
			f    Filter
			want string
		}{
			{"all by due", Filter{}, "4:old,soon,mz,replied"},
			{"received", Filter{Sort: "received"}, "4:old,soon,mz,replied"},
			{"-received", Filter{Sort: "-received"}, "4:replied,mz,soon,old"},
			{"unit", Filter{UnitID: e.mz.ID}, "1:mz"},
			{"under edu", Filter{UnderPath: e.edu.Path}, "3:old,soon,replied"},
			{"under county", Filter{UnderPath: e.county.Path, Sort: "reg_no"}, "4:old,soon,replied,mz"},
			{"open", Filter{Open: true}, "3:old,soon,mz"},
			{"states", Filter{States: []State{StateClosed}}, "1:replied"},
			{"overdue", Filter{Overdue: true}, "1:old"},
			{"due within 2", Filter{DueWithin: 2}, "2:old,soon"},
			{"due within 1", Filter{DueWithin: 1}, "1:old"},
			{"outcome", Filter{Outcome: OutcomeDisclosed}, "1:replied"},
			{"channel", Filter{Channel: ChannelFax}, "1:mz"},
			{"type", Filter{ApplicantType: ApplicantLegal}, "1:mz"},
			{"received from", Filter{ReceivedFrom: day("2025-02-24"), ReceivedTo: day("2025-03-10")}, "2:soon,mz"},
			{"replied", Filter{RepliedFrom: day("2025-03-01"), RepliedTo: day("2025-03-31")}, "1:replied"},
			{"q description", Filter{Q: "低保"}, "1:mz"},
			{"q reg no", Filter{Q: "qs-mz-2025"}, "1:mz"},
			{"q name", Filter{Q: "律师"}, "1:mz"},
			{"q wildcard is literal", Filter{Q: "%"}, "0:"},
			{"handler", Filter{HandlerID: e.handler.ID}, "0:"},
			{"page 2", Filter{PerPage: 3, Page: 2}, "4:replied"},
			{"unknown sort", Filter{Sort: "id; DROP TABLE requests"}, "4:old,soon,mz,replied"},
		} {
			if got := ids(c.f); got != c.want {
				t.Errorf("%s: %s, want %s", c.name, got, c.want)
			}
		}
		apps, _, _ := e.s.List(e.ctx, Filter{UnitID: e.mz.ID})
		if len(apps) != 1 || apps[0].UnitName != "青山县民政局" || apps[0].UnitCode != "QS-MZ" {
			t.Errorf("joined unit: %+v", apps)
		}
		if _, err := e.s.Assign(e.ctx, e.handler, old.ID, old.Version, e.handler.ID); err != nil {
			t.Fatal(err)
		}
		apps, _, _ = e.s.List(e.ctx, Filter{HandlerID: e.handler.ID})
		if len(apps) != 1 || apps[0].HandlerName != "王经办" {
			t.Errorf("handler filter: %+v", apps)
		}
		loads, err := e.s.Overview(e.ctx, e.county.Path)
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(loads)
		want := fmt.Sprint([]UnitLoad{
			{UnitID: e.edu.ID, UnitCode: "QS-EDU", UnitName: "青山县教育局", Open: 2, Overdue: 1, DueSoon: 1},
			{UnitID: e.mz.ID, UnitCode: "QS-MZ", UnitName: "青山县民政局", Open: 1, Overdue: 0, DueSoon: 0},
		})
		if got != want {
			t.Errorf("overview %s\nwant %s", got, want)
		}
	})
}
