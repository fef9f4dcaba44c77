package request

import (
	"testing"

	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestAppeals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.replied("2024年学区划分方案", OutcomeDisclosed, "")
		e.setToday("2025-06-30")
		for _, c := range []struct {
			name  string
			in    AppealInput
			field string
		}{
			{"kind", AppealInput{Kind: "appeal", FiledOn: day("2025-04-01"), Result: AppealPending}, "kind"},
			{"result", AppealInput{Kind: AppealReview, FiledOn: day("2025-04-01"), Result: "won"}, "result"},
			{"no filed", AppealInput{Kind: AppealReview, Result: AppealPending}, "filed_on"},
			{"filed before", AppealInput{Kind: AppealReview, FiledOn: day("2025-03-19"), Result: AppealPending}, "filed_on"},
			{"filed future", AppealInput{Kind: AppealReview, FiledOn: day("2025-07-01"), Result: AppealPending}, "filed_on"},
			{"no decided", AppealInput{Kind: AppealReview, FiledOn: day("2025-04-01"), Result: AppealUpheld}, "decided_on"},
			{"decided before", AppealInput{Kind: AppealReview, FiledOn: day("2025-04-01"), Result: AppealUpheld, DecidedOn: day("2025-03-31")}, "decided_on"},
			{"decided future", AppealInput{Kind: AppealReview, FiledOn: day("2025-04-01"), Result: AppealUpheld, DecidedOn: day("2025-07-31")}, "decided_on"},
			{"pending decided", AppealInput{Kind: AppealReview, FiledOn: day("2025-04-01"), Result: AppealPending, DecidedOn: day("2025-05-01")}, "decided_on"},
			{"suit without review", AppealInput{Kind: AppealLitigationAfterReview, FiledOn: day("2025-04-01"), Result: AppealPending}, "kind"},
		} {
			before := e.counts()
			_, err := e.s.AddAppeal(e.ctx, e.handler, a.ID, c.in)
			if fs := fields(t, err); !hasField(fs, c.field) {
				t.Errorf("%s: fields %v, want %s", c.name, fs, c.field)
			}
			if after := e.counts(); after != before {
				t.Errorf("%s: refused appeal wrote %s -> %s", c.name, before, after)
			}
		}
		rev, err := e.s.AddAppeal(e.ctx, e.handler, a.ID, AppealInput{Kind: AppealReview, FiledOn: day("2025-04-01"),
			Result: AppealUpheld, DecidedOn: day("2025-05-20"), Note: "复议维持"})
		if err != nil {
			t.Fatal(err)
		}
		if rev.RequestID != a.ID || rev.Result != AppealUpheld || rev.DecidedOn != day("2025-05-20") {
			t.Errorf("appeal = %+v", rev)
		}
		suit, err := e.s.AddAppeal(e.ctx, e.handler, a.ID, AppealInput{Kind: AppealLitigationAfterReview, FiledOn: day("2025-06-01"), Result: AppealPending})
		if err != nil {
			t.Fatal(err)
		}
		// A suit filed before the review does not follow it.
		if _, err := e.s.UpdateAppeal(e.ctx, e.handler, suit.ID, AppealInput{Kind: AppealLitigationAfterReview,
			FiledOn: day("2025-03-25"), Result: AppealPending}); !hasField(fields(t, err), "kind") {
			t.Errorf("suit before review accepted: %v", err)
		}
		if _, err := e.s.UpdateAppeal(e.ctx, e.handler, rev.ID, AppealInput{Kind: AppealLitigationDirect,
			FiledOn: day("2025-04-01"), Result: AppealUpheld, DecidedOn: day("2025-05-20")}); !hasField(fields(t, err), "kind") {
			t.Errorf("review under a suit changed kind: %v", err)
		}
		suit, err = e.s.UpdateAppeal(e.ctx, e.handler, suit.ID, AppealInput{Kind: AppealLitigationAfterReview,
			FiledOn: day("2025-06-01"), Result: AppealCorrected, DecidedOn: day("2025-06-28")})
		if err != nil {
			t.Fatal(err)
		}
		if suit.Result != AppealCorrected || suit.DecidedOn != (civil.D(2025, 6, 28)) {
			t.Errorf("updated = %+v", suit)
		}
		list, err := e.s.Appeals(e.ctx, a.ID)
		if err != nil || len(list) != 2 || list[0].ID != rev.ID || list[1].ID != suit.ID {
			t.Fatalf("appeals = %+v, %v", list, err)
		}
		evs, _ := listEvents(e.ctx, db, a.ID, EventAppeal)
		if len(evs) != 3 {
			t.Errorf("appeal events = %d, want 3", len(evs))
		}
		if n, m := e.auditCount("request.appeal_add"), e.auditCount("request.appeal_update"); n != 2 || m != 1 {
			t.Errorf("audit: %d adds, %d updates", n, m)
		}
		if _, err := e.s.Appeals(e.ctx, 9999); err == nil {
			t.Error("appeals of a missing application")
		}
	})
}
