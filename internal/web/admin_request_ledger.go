package web

import (
	"bytes"
	"net/http"
	"strconv"

	"gongkai/internal/audit"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
)

// adminRequestLedger is the ledger (台账): every application, open and
// closed, of the units the user may see, with the queue's filters.
func (s *Server) adminRequestLedger(w http.ResponseWriter, r *http.Request) {
	if !s.mayViewRequests(r) {
		s.forbidden(w, r)
		return
	}
	s.renderRequestList(w, r, true)
}

// adminRequestLedgerExport downloads the filtered ledger as XLSX. Personal
// data is masked unless the filter is limited to a unit whose applications
// the user handles; such an unmasked export is recorded in the audit log.
func (s *Server) adminRequestLedgerExport(w http.ResponseWriter, r *http.Request) {
	if !s.mayViewRequests(r) {
		s.forbidden(w, r)
		return
	}
	f, errs := adminRequestFilter(r.URL.Query())
	if errs.Err() != nil {
		s.errorPage(w, r, http.StatusUnprocessableEntity, "筛选条件有误："+errs.Error())
		return
	}
	unit, ok := s.adminReqScope(w, r, &f)
	if !ok {
		return
	}
	if f.Sort == "" {
		f.Sort = "-received"
	}
	var u org.Unit
	if unit != nil {
		u = *unit
	}
	b, err := s.ledgerExport(r, f, u, unit != nil && s.canHandle(r, *unit), "")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	name := "依申请公开台账"
	if unit != nil {
		name += "-" + unit.Name
	}
	name += "-" + s.cfg.Now().In(s.cfg.Location).Format("20060102") + ".xlsx"
	h := w.Header()
	h.Set("Content-Type", xlsxMediaType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Content-Disposition", dispositionAttachment(name))
	h.Set("Cache-Control", "private, no-store")
	w.Write(b)
}

// ledgerExport is the ledger of the applications f selects as XLSX, for
// the back office and the API (via: how, for the audit log's summary).
// With unmasked (the caller's decision: the unit's handlers only) the
// personal data is shown, and the export, a view of it, is recorded.
func (s *Server) ledgerExport(r *http.Request, f request.Filter, unit org.Unit, unmasked bool, via string) ([]byte, error) {
	ctx := r.Context()
	var b bytes.Buffer
	if err := s.reqs.ExportLedger(ctx, f, unmasked, &b); err != nil {
		return nil, err
	}
	if unmasked {
		err := s.db.Tx(ctx, func(tx *store.Tx) error {
			return audit.Append(ctx, tx, s.actor(r), audit.Event{Action: "request.export_personal", ObjectType: "unit",
				ObjectID: strconv.FormatInt(unit.ID, 10), UnitID: unit.ID,
				Summary: via + "导出" + unit.Name + "依申请公开台账（含未遮盖的个人信息）"})
		})
		if err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}
