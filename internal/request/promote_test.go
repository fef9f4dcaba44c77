package request

import (
	"errors"
	"strings"
	"testing"

	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestPromote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		s, docs, list, page, other := e.withDocs()
		open := e.submit(e.person("2024年城区义务教育学区划分方案的全文"))
		notHeld := e.replied("2019年城区学校校舍安全鉴定报告全文", OutcomeNotHeld, "")
		a := e.replied("2024年青山县城区义务教育学区划分方案",
			OutcomeDisclosed, "张三：您申请的2024年学区划分方案如下。\n城关学区包括文昌路以东、翠竹路以北区域。\n如有疑问请致电13812345678。")
		for _, id := range []int64{open.ID, notHeld.ID} {
			if _, err := s.Promote(e.ctx, e.handler, id, list); !errors.Is(err, ErrState) {
				t.Errorf("promote %d: %v", id, err)
			}
		}
		for _, col := range []int64{page, other, 0} {
			before := e.counts()
			if _, err := s.Promote(e.ctx, e.handler, a.ID, col); !hasField(fields(t, err), "column_id") {
				t.Errorf("column %d: %v", col, err)
			}
			if after := e.counts(); after != before {
				t.Errorf("refused promotion wrote %s -> %s", before, after)
			}
		}
		if _, err := e.s.Promote(e.ctx, e.handler, a.ID, list); err == nil {
			t.Error("promote without a disclosure service")
		}
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
		if _, err := s.AttachFile(e.ctx, e.handler, a.ID, "release", "学区图.png", png); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AttachFile(e.ctx, e.handler, a.ID, "scan", "申请书.png", png); err != nil {
			t.Fatal(err)
		}
		docID, err := s.Promote(e.ctx, e.handler, a.ID, list)
		if err != nil {
			t.Fatal(err)
		}
		d, err := docs.Get(e.ctx, docID)
		if err != nil {
			t.Fatal(err)
		}
		if d.State != disclosure.StateDraft || d.UnitID != e.edu.ID || d.ColumnID != list ||
			d.Title != "关于2024年青山县城区义务教育学区划分方案的政府信息（依申请公开转主动公开）" || d.WrittenOn != a.RepliedOn {
			t.Errorf("draft = %+v", d)
		}
		if len(d.Attachments) != 1 || d.Attachments[0].Name != "学区图.png" {
			t.Errorf("attachments = %+v", d.Attachments)
		}
		if strings.Contains(d.BodyHTML, "张三") || strings.Contains(d.BodyHTML, "13812345678") ||
			!strings.Contains(d.BodyHTML, "城关学区包括文昌路以东") || !strings.Contains(d.BodyHTML, "第四十四条") {
			t.Errorf("body = %s", d.BodyHTML)
		}
		got, _ := s.Get(e.ctx, a.ID)
		if got.PromotedDocID != docID || got.Version != a.Version+1 {
			t.Errorf("application = %+v", got)
		}
		if evs, _ := listEvents(e.ctx, db, a.ID, EventPromoted); len(evs) != 1 {
			t.Errorf("promoted events = %d", len(evs))
		}
		if n := e.auditCount("request.promote"); n != 1 {
			t.Errorf("audit = %d", n)
		}
		if _, err := s.Promote(e.ctx, e.handler, a.ID, list); !errors.Is(err, ErrState) {
			t.Errorf("second promotion: %v", err)
		}
	})
}
