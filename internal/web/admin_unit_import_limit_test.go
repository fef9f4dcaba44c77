package web

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestFormUploadLimits: the import routes take up to 10 MiB with the CSRF
// token in the form (as a browser sends it); more is a 413 with a Chinese
// reason, and other routes keep the 1 MiB limit — also a 413, not a 403.
func TestFormUploadLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("sysadmin")
		c.get("/admin/units/import")
		big := append([]byte(importHeaderCSV), bytes.Repeat([]byte("QS-BIG,大,other,QS\n"), (11<<20)/20)...)
		r := c.upload("/admin/units/import", "big.csv", big)
		wantStatus(t, r, http.StatusRequestEntityTooLarge, "请求体过大", "10 MiB")
		c.get("/admin/units/import")
		// 2 MiB: a header, one unit, and padding lines of blank cells.
		mid := append([]byte(importHeaderCSV+"QS-MID,中等文件,other,QS\n"), bytes.Repeat([]byte(strings.Repeat(",", 1023)+"\n"), 2048)...)
		r = c.upload("/admin/units/import", "mid.csv", mid)
		wantStatus(t, r, http.StatusSeeOther)
		if _, err := e.srv.orgs.GetByCode(context.Background(), "QS-MID"); err != nil {
			t.Fatal(err)
		}
		mid = append([]byte(importHeaderCSV+"QS-MID2,中等文件,other,QS\n"), bytes.Repeat([]byte(strings.Repeat(",", 1023)+"\n"), 2048)...)
		r2, _ := e.apiFile(e.token("sysadmin"), "/api/v1/units/import", "text/csv", mid)
		wantStatus(t, r2, http.StatusOK)
		// Other routes keep 1 MiB: an oversized form gets 413, not a CSRF 403.
		r = c.post("/admin/units/new", map[string][]string{"name": {string(bytes.Repeat([]byte("x"), 2<<20))}})
		wantStatus(t, r, http.StatusRequestEntityTooLarge)
	})
}
