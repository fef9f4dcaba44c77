package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
)

// adminAuditExport sends the filtered audit log as CSV. It starts with a
// UTF-8 byte order mark: without it Excel, still the usual tool in county
// offices, reads the file as GBK and garbles every Chinese character.
func (s *Server) adminAuditExport(w http.ResponseWriter, r *http.Request) {
	if !s.countyWide(r, auth.ActAuditExport) {
		s.forbidden(w, r)
		return
	}
	ctx := r.Context()
	f, errs := s.auditFilter(r.URL.Query())
	if errs.Err() != nil {
		s.errorPage(w, r, http.StatusUnprocessableEntity, "筛选条件有误："+errs.Error())
		return
	}
	// Entries written while the file is produced would shift the pages;
	// the export covers the log as it stood when it started.
	if now := time.Now(); f.To.IsZero() || f.To.After(now) {
		f.To = now
	}
	const batch = 5000
	name := "audit-" + time.Now().In(s.cfg.Location).Format("20060102-150405") + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("\xEF\xBB\xBF"))
	cw := csv.NewWriter(w)
	cw.Write([]string{"序号", "时间", "操作人", "单位", "操作", "对象类型", "对象", "摘要", "IP", "哈希"})
	for off := 0; ; off += batch {
		f.Limit, f.Offset = batch, off
		es, _, err := audit.List(ctx, s.db, f)
		if err != nil {
			// Headers are gone; the log shows the failure, the file ends short.
			s.log.Error("audit export failed", "err", err)
			break
		}
		rows, err := s.auditRows(r, es)
		if err != nil {
			s.log.Error("audit export failed", "err", err)
			break
		}
		for _, e := range rows {
			cw.Write([]string{
				strconv.FormatInt(e.ID, 10), e.At.In(s.cfg.Location).Format("2006-01-02 15:04:05"),
				csvCell(e.Actor), csvCell(e.UnitName), csvCell(e.ActionLabel + "（" + e.Action + "）"), csvCell(e.ObjectLabel),
				csvCell(e.ObjectID), csvCell(e.Summary), csvCell(e.IP), e.Hash,
			})
		}
		if len(es) < batch {
			break
		}
	}
	cw.Flush()
}

// csvCell defuses spreadsheet formulas: a cell starting with = + - @ would
// be evaluated by Excel, and names and summaries come from users.
func csvCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
