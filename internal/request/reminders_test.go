package request

import (
	"errors"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// insertApp writes an application row directly: the reminders read only
// the state, the due date and the handler.
func (e *reqEnv) insertApp(regNo, state, due string, unitID, handlerID int64) int64 {
	e.t.Helper()
	var id int64
	var handler any
	if handlerID != 0 {
		handler = handlerID
	}
	now := store.Now()
	err := e.db.Tx(e.ctx, func(tx *store.Tx) error {
		return tx.QueryRow(e.ctx, `INSERT INTO requests (unit_id, reg_no, channel, applicant_type, applicant_name, description,
			received_on, state, due_on, handler_id, created_at, updated_at)
			VALUES ($1, $2, 'online', 'natural', '张三', '某文件', $3, $4, $5, $6, $7, $7) RETURNING id`,
			unitID, regNo, day("2025-02-20"), state, day(due), handler, now).Scan(&id)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func TestReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)                                                 // today 2025-03-20, Thursday
		a := e.insertApp("R-A", "open", "2025-03-27", e.edu.ID, e.handler.ID) // 5 working days left
		b := e.insertApp("R-B", "open", "2025-03-24", e.edu.ID, 0)            // 2 left, unassigned
		e.insertApp("R-C", "open", "2025-04-10", e.edu.ID, e.handler.ID)      // far
		e.insertApp("R-D", "closed", "2025-03-21", e.edu.ID, e.handler.ID)    // replied
		e.insertApp("R-E", "open", "2025-03-19", e.edu.ID, e.handler.ID)      // overdue
		e.insertApp("R-F", "open", "2025-03-21", e.mz.ID, 0)                  // 1 left, another unit

		n, err := e.s.SendReminders(e.ctx)
		if err != nil || n != 3 {
			t.Fatalf("SendReminders = %d, %v; want 3", n, err)
		}
		if n, _ := e.s.SendReminders(e.ctx); n != 0 {
			t.Errorf("second run created %d", n)
		}
		mine, err := e.s.Reminders(e.ctx, e.handler.ID, "")
		if err != nil || len(mine) != 1 || mine[0].RequestID != a || mine[0].DaysLeft != 5 || mine[0].RegNo != "R-A" ||
			mine[0].UnitName != "青山县教育局" || mine[0].DueOn != day("2025-03-27") {
			t.Fatalf("handler's reminders = %+v, %v", mine, err)
		}
		// Unassigned ones show to the units above, not to other units' handlers.
		county, err := e.s.Reminders(e.ctx, e.handler2.ID, e.county.Path)
		if err != nil || len(county) != 2 || county[0].RequestID == a {
			t.Fatalf("county's reminders = %+v, %v", county, err)
		}
		edu, _ := e.s.Reminders(e.ctx, e.handler.ID, e.edu.Path)
		if len(edu) != 2 || edu[1].RequestID != b && edu[0].RequestID != b {
			t.Errorf("edu's reminders = %+v", edu)
		}

		// Three working days later A reaches 2 days left.
		e.setToday("2025-03-25")
		if n, _ := e.s.SendReminders(e.ctx); n != 1 {
			t.Errorf("on 03-25 created %d, want 1", n)
		}
		mine, _ = e.s.Reminders(e.ctx, e.handler.ID, "")
		if len(mine) != 2 {
			t.Fatalf("handler's reminders = %+v", mine)
		}
		if err := e.s.DismissReminder(e.ctx, e.handler, mine[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.DismissReminder(e.ctx, e.handler, mine[0].ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second dismiss = %v", err)
		}
		if e.auditCount("request.reminder_dismiss") != 1 {
			t.Error("dismiss not audited")
		}
		if left, _ := e.s.Reminders(e.ctx, e.handler.ID, ""); len(left) != 1 {
			t.Errorf("after dismiss = %+v", left)
		}
		// A new due date (extension) hides the old reminders.
		if _, err := db.Exec(e.ctx, `UPDATE requests SET due_on = $1 WHERE id = $2`, day("2025-04-24"), a); err != nil {
			t.Fatal(err)
		}
		if left, _ := e.s.Reminders(e.ctx, e.handler.ID, ""); len(left) != 0 {
			t.Errorf("after a new due date = %+v", left)
		}
	})
}
