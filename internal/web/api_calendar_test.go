package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

// hasProblem reports whether a 400 or 422 answer names field with a message
// containing text.
func hasProblem(out map[string]any, field, text string) bool {
	ps, _ := out["problems"].([]any)
	for _, p := range ps {
		m := p.(map[string]any)
		if m["field"] == field && strings.Contains(fmt.Sprint(m["message"]), text) {
			return true
		}
	}
	return false
}

// calendarDay finds date among a GET /api/v1/calendar answer's days.
func calendarDay(out map[string]any, date string) map[string]any {
	days, _ := out["days"].([]any)
	for _, d := range days {
		if m := d.(map[string]any); m["date"] == date {
			return m
		}
	}
	return nil
}

// An override through the API moves an open application's due date, as in
// the back office: recomputed, recorded in its history and the audit log;
// deleting it moves the date back.
func TestCalendarAPIOverrideMovesDueDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		sys, handler, gkb := e.token("sysadmin"), e.token("handler"), e.token("gkb")

		r, body := e.api(handler, "POST", "/api/v1/requests", registerBody(e))
		wantStatus(t, r, http.StatusCreated)
		id := int64(body["id"].(float64))
		due := e.request(id).DueOn
		cal, err := e.srv.days.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The first working day after receipt counts towards the 20.
		day, _ := cal.Add(e.srv.reqs.Today(), 1)
		path := "/api/v1/calendar/days/" + day.String()
		off := map[string]any{"workday": false, "note": "临时放假"}

		// Only the system administrator (calendar.edit) changes the calendar.
		for _, tok := range []string{handler, gkb} {
			wantStatus(t, first(e.api(tok, "PUT", path, off)), http.StatusForbidden)
			wantStatus(t, first(e.api(tok, "DELETE", path, nil)), http.StatusForbidden)
			wantStatus(t, first(e.api(tok, "GET", "/api/v1/calendar", nil)), http.StatusForbidden)
		}
		if e.request(id).DueOn != due {
			t.Fatal("a refused change moved the due date")
		}

		r, out := e.api(sys, "PUT", path, off)
		wantStatus(t, r, http.StatusOK, "答复期限已随之重新计算")
		if out["recomputed"] != 1.0 {
			t.Errorf("recomputed: %s", r.Body)
		}
		if d, _ := out["day"].(map[string]any); d["workday"] != false || d["override"] != true || d["note"] != "临时放假" {
			t.Errorf("day: %s", r.Body)
		}
		moved := e.request(id).DueOn
		if !moved.After(due) {
			t.Fatalf("due date %s did not move after %s became a day off (was %s)", moved, day, due)
		}
		_, got := e.api(handler, "GET", fmt.Sprintf("/api/v1/requests/%d", id), nil)
		if got["due_on"] != moved.String() {
			t.Errorf("API due_on %v, want %s", got["due_on"], moved)
		}
		changed := false
		for _, ev := range got["events"].([]any) {
			m := ev.(map[string]any)
			changed = changed || (m["kind"] == "due_changed" && strings.Contains(m["note"].(string), moved.String()))
		}
		if !changed {
			t.Errorf("no due_changed event: %v", got["events"])
		}
		if n := e.auditCount("calendar.set", "sysadmin"); n != 1 {
			t.Errorf("calendar.set audited %d times", n)
		}
		if n := e.auditCount("request.due_changed", "sysadmin"); n != 1 {
			t.Errorf("request.due_changed audited %d times", n)
		}

		// The year's view shows the override.
		r, out = e.api(sys, "GET", fmt.Sprintf("/api/v1/calendar?year=%d", day.Year), nil)
		wantStatus(t, r, http.StatusOK)
		if d := calendarDay(out, day.String()); d == nil || d["override"] != true || d["workday"] != false {
			t.Errorf("override not in the year: %v", d)
		}

		// Deleting it restores the due date.
		r, out = e.api(sys, "DELETE", path, nil)
		wantStatus(t, r, http.StatusOK)
		if d, _ := out["day"].(map[string]any); d["override"] != false || out["recomputed"] != 1.0 {
			t.Errorf("delete: %s", r.Body)
		}
		if got := e.request(id).DueOn; got != due {
			t.Errorf("due date after delete %s, want %s", got, due)
		}
		if n := e.auditCount("calendar.delete", "sysadmin"); n != 1 {
			t.Errorf("calendar.delete audited %d times", n)
		}
		wantStatus(t, first(e.api(sys, "DELETE", path, nil)), http.StatusNotFound, "没有手工调整")
		wantStatus(t, first(e.api(sys, "DELETE", "/api/v1/calendar/days/2027-02-30", nil)), http.StatusNotFound)

		// A change that moves nothing says so.
		r, out = e.api(sys, "PUT", "/api/v1/calendar/days/2090-06-01", map[string]any{"workday": true})
		wantStatus(t, r, http.StatusOK, "未办结申请的答复期限均无变化")
		if out["recomputed"] != 0.0 {
			t.Errorf("recomputed: %s", r.Body)
		}
	})
}

func first(r *testResponse, _ map[string]any) *testResponse { return r }

// The year's view, the import, and the refusals of bad input with the
// field named.
func TestCalendarAPIYearAndImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sys := e.token("sysadmin")

		// 2025: built in, with National Day and its 调休.
		r, out := e.api(sys, "GET", "/api/v1/calendar?year=2025", nil)
		wantStatus(t, r, http.StatusOK)
		if out["known"] != true || out["provisional"] != false || out["year"] != 2025.0 {
			t.Errorf("2025: %.300s", r.Body)
		}
		if d := calendarDay(out, "2025-10-01"); d == nil || d["kind"] != "holiday" || d["workday"] != false || d["note"] == "" {
			t.Errorf("2025-10-01: %v", d)
		}
		if d := calendarDay(out, "2025-09-28"); d == nil || d["kind"] != "adjusted" || d["workday"] != true {
			t.Errorf("2025-09-28 (Sunday worked): %v", d)
		}
		if calendarDay(out, "2025-09-24") != nil || calendarDay(out, "2025-09-27") != nil {
			t.Error("plain weekdays and weekends are listed")
		}
		r, out = e.api(sys, "GET", "/api/v1/calendar?year=abc", nil)
		wantStatus(t, r, http.StatusBadRequest)
		if !hasProblem(out, "year", "年份") {
			t.Errorf("bad year: %s", r.Body)
		}

		// 2095 is provisional until its arrangement is imported.
		r, out = e.api(sys, "GET", "/api/v1/calendar?year=2095", nil)
		wantStatus(t, r, http.StatusOK)
		if out["known"] != false || out["provisional"] != true {
			t.Errorf("2095 before import: %.300s", r.Body)
		}
		between := "/api/v1/workdays/between?from=2095-01-01&to=2095-01-10"
		_, before := e.api(sys, "GET", between, nil)
		if before["provisional"] != true {
			t.Errorf("2095 count not provisional: %v", before)
		}

		// Bad lists are refused whole, line by line.
		r, out = e.api(sys, "POST", "/api/v1/calendar/import", map[string]any{"year": 2095,
			"text": "2095-01-03 休 元旦\n2095-13-01 休\n2094-01-01 休\n2095-01-08 值班"})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if got := problemLines(out); fmt.Sprint(got) != "[2 3 4]" || !hasProblem(out, "day", "不是日期") ||
			!hasProblem(out, "day", "不在 2095 年") || !hasProblem(out, "work", "应为“休”") {
			t.Errorf("bad list: %s", r.Body)
		}
		r, out = e.api(sys, "POST", "/api/v1/calendar/import", map[string]any{"text": "2095-01-03 休 元旦"})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !hasProblem(out, "year", "年份") {
			t.Errorf("no year: %s", r.Body)
		}
		r, out = e.api(sys, "POST", "/api/v1/calendar/import", map[string]any{"year": 1999, "text": "1999-01-03 休 元旦"})
		if r.StatusCode != http.StatusUnprocessableEntity || !hasProblem(out, "year", "2000") {
			t.Errorf("year 1999: %d %s", r.StatusCode, r.Body)
		}
		r, out = e.api(sys, "POST", "/api/v1/calendar/import", map[string]any{"year": 2095, "text": "# 空\n"})
		if r.StatusCode != http.StatusUnprocessableEntity || !hasProblem(out, "text", "没有可导入的日期") {
			t.Errorf("empty list: %d %s", r.StatusCode, r.Body)
		}
		wantStatus(t, first(e.api(e.token("handler"), "POST", "/api/v1/calendar/import",
			map[string]any{"year": 2095, "text": "2095-01-03 休 元旦"})), http.StatusForbidden)

		r, out = e.api(sys, "POST", "/api/v1/calendar/import", map[string]any{"year": 2095,
			"text": "# 2095 年\n2095-01-03 休 元旦\n2095-01-08,班,元旦调休\n"})
		wantStatus(t, r, http.StatusOK, "已导入 2095 年节假日安排，共 2 天")
		if out["imported"] != 2.0 || out["year"] != 2095.0 {
			t.Errorf("import: %s", r.Body)
		}
		if n := e.auditCount("calendar.import", "sysadmin"); n != 1 {
			t.Errorf("calendar.import audited %d times", n)
		}
		r, out = e.api(sys, "GET", "/api/v1/calendar?year=2095", nil)
		wantStatus(t, r, http.StatusOK)
		if out["known"] != true || len(out["days"].([]any)) != 2 {
			t.Errorf("2095 after import: %s", r.Body)
		}
		if d := calendarDay(out, "2095-01-08"); d == nil || d["workday"] != true || d["override"] != true || d["note"] != "元旦调休" {
			t.Errorf("2095-01-08: %v", d)
		}
		_, after := e.api(sys, "GET", between, nil)
		if after["provisional"] != false {
			t.Errorf("2095 count still provisional: %v", after)
		}

		// Setting a day: the fields are named in the problems.
		for _, c := range []struct {
			path  string
			body  any
			field string
			text  string
		}{
			{"/api/v1/calendar/days/2027-02-30", map[string]any{"workday": true}, "date", "日期"},
			{"/api/v1/calendar/days/1999-01-04", map[string]any{"workday": true}, "date", "2000"},
			{"/api/v1/calendar/days/2027-01-04", map[string]any{"note": "缺少 workday"}, "workday", "上班"},
			{"/api/v1/calendar/days/2027-01-04", map[string]any{"workday": false, "note": strings.Repeat("长", 101)}, "note", "100"},
		} {
			r, out := e.api(sys, "PUT", c.path, c.body)
			if r.StatusCode != http.StatusUnprocessableEntity || !hasProblem(out, c.field, c.text) {
				t.Errorf("PUT %s %v: %d %s", c.path, c.body, r.StatusCode, r.Body)
			}
		}
		if r, _ := e.api(sys, "PUT", "/api/v1/calendar/days/2027-01-04", map[string]any{"workday": "yes"}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("workday as a string: %d %s", r.StatusCode, r.Body)
		}
		if n := e.auditCount("calendar.set", "sysadmin"); n != 0 {
			t.Errorf("refused changes audited: %d", n)
		}
	})
}

// /workdays/add and /between give what `gongkai workdays` gives, for any
// staff token.
func TestWorkdaysAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("editor")
		b := workday.Builtin()

		// National Day 2025: 1–8 October off, Saturday 11 October worked.
		r, out := e.api(tok, "GET", "/api/v1/workdays/add?date=2025-09-30&n=1", nil)
		wantStatus(t, r, http.StatusOK)
		if out["result"] != "2025-10-09" || out["provisional"] != false || out["n"] != 1.0 || out["date"] != "2025-09-30" {
			t.Errorf("add: %s", r.Body)
		}
		want, _ := b.Add(civil.D(2025, 9, 19), 20)
		if _, out := e.api(tok, "GET", "/api/v1/workdays/add?date=2025-09-19&n=20", nil); out["result"] != want.String() {
			t.Errorf("add 20: %v, want %s", out["result"], want)
		}
		r, out = e.api(tok, "GET", "/api/v1/workdays/between?from=2025-09-30&to=2025-10-11", nil)
		wantStatus(t, r, http.StatusOK)
		if out["workdays"] != 3.0 || out["provisional"] != false {
			t.Errorf("between: %s", r.Body)
		}
		if _, out := e.api(tok, "GET", "/api/v1/workdays/between?from=2025-10-11&to=2025-09-30", nil); out["workdays"] != 0.0 {
			t.Errorf("between backwards: %v", out)
		}
		if _, out := e.api(tok, "GET", "/api/v1/workdays/add?date=2098-12-30&n=5", nil); out["provisional"] != true {
			t.Errorf("2099 not provisional: %v", out)
		}

		for _, c := range []struct{ query, field, text string }{
			{"add?date=2025-09-30&n=-1", "n", "0 至 10000"},
			{"add?date=2025-09-30&n=x", "n", "整数"},
			{"add?date=2025-09-30", "n", "整数"},
			{"add?date=2025-02-30&n=1", "date", "YYYY-MM-DD"},
			{"add?n=1", "date", "请提供参数 date"},
			{"add?date=9999-12-30&n=5", "n", "9999"},
			{"between?to=2025-10-11", "from", "请提供参数 from"},
			{"between?from=2025-10-11&to=tomorrow", "to", "YYYY-MM-DD"},
			{"between?from=2000-01-01&to=2200-01-01", "to", "相隔"},
		} {
			r, out := e.api(tok, "GET", "/api/v1/workdays/"+c.query, nil)
			if r.StatusCode != http.StatusBadRequest || !hasProblem(out, c.field, c.text) {
				t.Errorf("%s: %d %s", c.query, r.StatusCode, r.Body)
			}
		}
		if r, _ := e.api("", "GET", "/api/v1/workdays/add?date=2025-09-30&n=1", nil); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("without a token: %d", r.StatusCode)
		}
	})
}
