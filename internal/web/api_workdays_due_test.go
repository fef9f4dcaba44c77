package web

import (
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestWorkdaysDueAPI checks that GET /api/v1/workdays/due gives what
// `gongkai workdays due` gives (the cases of cmd/gongkai/workdays_test.go)
// and refuses what it refuses, naming the parameter.
func TestWorkdaysDueAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("handler")
		for _, c := range []struct {
			query   string
			status  int
			due     string // on 200
			field   string // on 400: the parameter named
			message string // on 400: part of its message; on 200: of the warning
		}{
			{"received=2025-09-19", 200, "2025-10-23", "", ""},
			{"received=2025-03-03&third_party_sent=2025-03-10&third_party_answered=2025-03-17", 200, "2025-04-08", "", ""},
			{"received=2025-03-03&third_party_sent=2025-03-10", 200, "2025-04-22", "", ""},
			{"received=2025-03-03&correction_requested=2025-03-05&correction_received=2025-03-14", 200, "2025-04-14", "", ""},
			{"received=2025-09-19&extension=20", 200, "2025-11-20", "", ""},
			{"received=2025-03-03&correction_requested=2025-03-05&correction_received=2025-03-14&extension=5", 200, "2025-04-21", "", ""},
			{"received=2024-10-01", 200, "2024-11-01", "", ""},
			{"received=2026-02-05&correction_requested=2026-02-10&correction_received=2026-02-13", 200, "2026-03-19", "", ""},
			{"received=2026-02-02&third_party_sent=2026-02-06&third_party_answered=2026-02-27", 200, "2026-03-20", "", ""},
			{"received=2024-09-20&third_party_sent=2024-09-27&third_party_answered=2024-10-10&extension=20", 200, "2024-11-27", "", ""},
			{"received=2024-02-08&correction_requested=2024-02-26&correction_received=2024-03-15", 200, "2024-04-15", "", "补正告知晚于 2024-02-23"},

			{"", 400, "", "received", "请提供参数 received"},
			{"received=2025-02-29", 400, "", "received", "参数 received 应为日期"},
			{"received=2025-03-03&third_party_sent=3月10日", 400, "", "third_party_sent", "参数 third_party_sent 应为日期"},
			{"received=2025-03-03&third_party_answered=2025-03-10", 400, "", "third_party_sent", "third_party_answered 时须同时给出 third_party_sent"},
			{"received=2025-03-03&correction_requested=2025-03-05", 400, "", "correction_received", "须同时给出 correction_received"},
			{"received=2025-03-03&correction_received=2025-03-05", 400, "", "correction_requested", "须同时给出 correction_requested"},
			{"received=2025-03-03&correction_requested=2025-03-10&correction_received=2025-03-05", 400, "", "correction_received", "correction_received 不能早于 correction_requested"},
			{"received=2025-03-03&correction_requested=2025-03-01&correction_received=2025-03-05", 400, "", "correction_requested", "correction_requested 不能早于 received"},
			{"received=2025-03-03&third_party_sent=2025-03-10&third_party_answered=2025-03-05", 400, "", "third_party_answered", "third_party_answered 不能早于 third_party_sent"},
			{"received=2025-03-03&correction_requested=2025-03-05&correction_received=2025-03-14&third_party_sent=2025-03-10", 400, "", "third_party_sent", "third_party_sent 不能早于 correction_received"},
			{"received=2025-03-03&extension=21", 400, "", "extension", "参数 extension 应为 0 至 20"},
			{"received=2025-03-03&extension=-1", 400, "", "extension", "参数 extension 应为"},
			{"received=2025-03-03&extension=二十", 400, "", "extension", "参数 extension 应为"},
		} {
			r, out := e.api(tok, "GET", "/api/v1/workdays/due?"+c.query, nil)
			if r.StatusCode != c.status {
				t.Errorf("%s: %d %s", c.query, r.StatusCode, r.Body)
				continue
			}
			if c.status == 200 {
				if out["due"] != c.due || out["provisional"] != false {
					t.Errorf("%s: due %v, provisional %v, want %s", c.query, out["due"], out["provisional"], c.due)
				}
				if w, _ := out["warning"].(string); !strings.Contains(w, c.message) || (c.message == "") != (w == "") {
					t.Errorf("%s: warning %q, want %q", c.query, w, c.message)
				}
				continue
			}
			if !strings.Contains(r.Body, `"field":"`+c.field+`"`) || !strings.Contains(r.Body, c.message) {
				t.Errorf("%s: want field %s, %q: %s", c.query, c.field, c.message, r.Body)
			}
		}
		if r, _ := e.api("", "GET", "/api/v1/workdays/due?received=2025-09-19", nil); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("no token: %d", r.StatusCode)
		}
	})
}
