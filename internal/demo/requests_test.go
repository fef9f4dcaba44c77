package demo_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/civil"
	"gongkai/internal/demo"
	"gongkai/internal/report"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

func TestRequestsStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		start := time.Now()
		var out bytes.Buffer
		if _, err := demo.Load(ctx, db, demo.Options{Seed: 3, Out: &out, AuthConfig: auth.TestConfig()}); err != nil {
			t.Fatal(err)
		}
		t.Logf("demo with requests loaded in %s", time.Since(start))
		days := workday.NewService(db)
		svc := request.NewService(db, request.Config{
			Calendar: func(ctx context.Context) (request.Calendar, error) { return days.Calendar(ctx) }})
		var apps []request.Application
		for page := 1; ; page++ {
			list, total, err := svc.List(ctx, request.Filter{Sort: "received", Page: page, PerPage: 100})
			if err != nil {
				t.Fatal(err)
			}
			apps = append(apps, list...)
			if len(apps) >= total || len(list) == 0 {
				break
			}
		}
		if len(apps) < demo.DefaultRequests*9/10 || len(apps) > demo.DefaultRequests {
			t.Fatalf("applications = %d, want about %d", len(apps), demo.DefaultRequests)
		}
		today := svc.Today()
		states, groups, outcomes := map[request.State]int{}, map[string]int{}, map[request.Outcome]int{}
		channels, types := map[request.Channel]int{}, map[request.ApplicantType]int{}
		var late, overdue, nearDue, promoted int
		first := apps[0].ReceivedOn
		for _, a := range apps {
			states[a.State]++
			channels[a.Channel]++
			types[a.ApplicantType]++
			if a.State == request.StateClosed {
				groups[a.Outcome.Group()]++
				outcomes[a.Outcome]++
				if a.RepliedOn.After(a.DueOn) {
					late++
				}
			}
			if a.PromotedDocID != 0 {
				promoted++
			}
			// The stored due date is what the clock says over the events.
			c, err := svc.ClockOf(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if c.Due != a.DueOn {
				t.Errorf("%s: stored due %s, clock says %s", a.RegNo, a.DueOn, c.Due)
			}
			if a.State == request.StateOpen {
				switch {
				case c.Overdue:
					overdue++
				case c.DaysLeft <= 5:
					nearDue++
				}
			}
			if a.ReceivedOn.After(today) {
				t.Errorf("%s received in the future: %s", a.RegNo, a.ReceivedOn)
			}
		}
		if first.After(today.AddDays(-500)) {
			t.Errorf("first application %s: want a year and a half of them", first)
		}
		for _, st := range []request.State{request.StateOpen, request.StateCorrection, request.StateFee, request.StateClosed} {
			if states[st] == 0 {
				t.Errorf("no application in state %s (states %v)", st, states)
			}
		}
		for _, o := range request.Outcomes() {
			if outcomes[o] == 0 {
				t.Errorf("no outcome %s", o)
			}
		}
		for _, c := range []request.Channel{request.ChannelOnline, request.ChannelPostRegistered, request.ChannelInPerson, request.ChannelFax} {
			if channels[c] == 0 {
				t.Errorf("no application by %s", c)
			}
		}
		for _, ty := range request.ApplicantTypes() {
			if types[ty] == 0 {
				t.Errorf("no applicant of type %s", ty)
			}
		}
		if late == 0 || overdue == 0 || nearDue == 0 || promoted != 1 {
			t.Errorf("late %d, overdue %d, near due %d, promoted %d", late, overdue, nearDue, promoted)
		}
		count := func(q string) int {
			var n int
			if err := db.QueryRow(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for kind, min := range map[string]int{"correction_received": 1, "consultation_answered": 1, "consultation_sent": 2,
			"extension": 1, "fee_paid": 1, "forwarded": 1, "delivered": 10, "closed": 1, "appeal": 3} {
			if n := count(`SELECT COUNT(*) FROM request_events WHERE kind = '` + kind + `'`); n < min {
				t.Errorf("%d events %s, want at least %d", n, kind, min)
			}
		}
		// An unanswered consultation: sent, never answered.
		if n := count(`SELECT COUNT(*) FROM request_events s WHERE s.kind = 'consultation_sent' AND NOT EXISTS
			(SELECT 1 FROM request_events a WHERE a.ref_id = s.id)`); n == 0 {
			t.Error("no unanswered consultation")
		}
		for _, k := range request.AppealKinds() {
			if n := count(`SELECT COUNT(*) FROM request_appeals WHERE kind = '` + string(k) + `'`); n == 0 {
				t.Errorf("no appeal of kind %s", k)
			}
		}
		for _, r := range request.AppealResults() {
			if n := count(`SELECT COUNT(*) FROM request_appeals WHERE result = '` + string(r) + `'`); n == 0 {
				t.Errorf("no appeal with result %s", r)
			}
		}

		// The annual report's section 三 over the demo's applications, for
		// the education bureau alone and for the county with every unit,
		// against the same table counted here by its definitions; both pass
		// their checks.
		reports := report.NewService(db)
		for _, year := range []int{2025, 2026} {
			for _, c := range []struct {
				code string
				sub  bool
			}{{"QS003", false}, {"QS000", true}} {
				a, err := reports.Annual(ctx, c.code, year, c.sub)
				if err != nil {
					t.Fatal(err)
				}
				if !a.OK() {
					t.Errorf("%s %d: checks fail: %v", c.code, year, a.Failures)
				}
				want := expectedRequests(apps, year, func(x request.Application) bool { return c.sub || x.UnitCode == c.code })
				if want[report.RowNew][report.ColTotal] == 0 && year == 2025 {
					t.Errorf("%s %d: no application received in the year", c.code, year)
				}
				for _, row := range report.Rows() {
					for _, col := range report.Columns() {
						if got := a.Requests[row][col]; got != want[row][col] {
							t.Errorf("%s %d: %s × %s = %d, counted %d", c.code, year, row, col, got, want[row][col])
						}
					}
				}
			}
		}
	})
}

// expectedRequests counts section 三 of year from the applications keep
// selects, by the definitions of the 2021 format: received in the year;
// carried in (received before it, not concluded before 1 January);
// concluded in the year by outcome and in total; carried out (not
// concluded by 31 December). The 总计 column counts every applicant.
func expectedRequests(apps []request.Application, year int, keep func(request.Application) bool) map[string]map[string]int {
	y0, y1 := civil.D(year, 1, 1), civil.D(year, 12, 31)
	t := map[string]map[string]int{}
	add := func(row, col string) {
		if t[row] == nil {
			t[row] = map[string]int{}
		}
		t[row][col]++
		t[row][report.ColTotal]++
	}
	for _, a := range apps {
		if !keep(a) {
			continue
		}
		col, done := a.ApplicantType.Label(), a.RepliedOn
		if !a.ReceivedOn.Before(y0) && !a.ReceivedOn.After(y1) {
			add(report.RowNew, col)
		}
		if a.ReceivedOn.Before(y0) && (done.IsZero() || !done.Before(y0)) {
			add(report.RowCarriedIn, col)
		}
		if !done.IsZero() && !done.Before(y0) && !done.After(y1) {
			add(report.RowTotal, col)
			add(string(a.Outcome), col)
		}
		if !a.ReceivedOn.After(y1) && (done.IsZero() || done.After(y1)) {
			add(report.RowCarriedOut, col)
		}
	}
	return t
}
