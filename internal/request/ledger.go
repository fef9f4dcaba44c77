package request

import (
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/civil"
)

// ledgerExportColumns are the exported ledger's columns with their widths
// (in characters). The personal columns come last: a masked export for
// colleagues keeps their place.
var ledgerExportColumns = []struct {
	name  string
	width float64
}{
	{"登记号", 18}, {"收到日期", 12}, {"申请方式", 10}, {"申请人类型", 14}, {"申请人", 20}, {"申请内容", 50},
	{"处理单位", 24}, {"经办人", 10}, {"状态", 8}, {"答复期限", 12}, {"办结日期", 12}, {"办理结果", 40},
	{"是否逾期", 10}, {"证件号码", 22}, {"联系电话", 16},
}

// ExportLedger writes every application f selects (f.Page and f.PerPage
// are ignored) as an XLSX ledger with personal data masked unless unmasked
// is set.
func (s *Service) ExportLedger(ctx context.Context, f Filter, unmasked bool, w io.Writer) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := "台账"
	if err := x.SetSheetName(x.GetSheetName(0), sheet); err != nil {
		return fmt.Errorf("ledger export: %w", err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("ledger export: %w", err)
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
		Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return fmt.Errorf("ledger export: %w", err)
	}
	for i, c := range ledgerExportColumns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return fmt.Errorf("ledger export: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("ledger export: %w", err)
	}
	header := make([]any, len(ledgerExportColumns))
	for i, c := range ledgerExportColumns {
		header[i] = excelize.Cell{StyleID: bold, Value: c.name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("ledger export: %w", err)
	}
	if f.Sort == "" {
		f.Sort = "received"
	}
	// One query streams every row in the ledger's order: no pages, so no
	// COUNT(*) and no OFFSET re-reading the rows before each page, and one
	// consistent snapshot of the ledger.
	where, args, err := s.where(ctx, f)
	if err != nil {
		return err
	}
	rows, err := s.db.Query(ctx, appSelect+where+` ORDER BY `+orderSQL(f.Sort), args...)
	if err != nil {
		return fmt.Errorf("ledger export: %w", err)
	}
	defer rows.Close()
	today := s.Today()
	for row := 2; rows.Next(); row++ {
		a, err := scanApp(rows)
		if err != nil {
			return fmt.Errorf("ledger export: %w", err)
		}
		if !unmasked {
			a = a.Masked()
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, ledgerCells(a, today)); err != nil {
			return fmt.Errorf("ledger export: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ledger export: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("ledger export: %w", err)
	}
	if _, err := x.WriteTo(w); err != nil {
		return fmt.Errorf("ledger export: %w", err)
	}
	return nil
}

// ledgerCells is one application's row.
func ledgerCells(a Application, today civil.Date) []any {
	due, closed := "", ""
	if !a.DueOn.IsZero() {
		due = a.DueOn.String()
	}
	if a.State == StateClosed && !a.RepliedOn.IsZero() {
		closed = a.RepliedOn.String()
	}
	return []any{a.RegNo, a.ReceivedOn.String(), a.Channel.LedgerLabel(), a.ApplicantType.Label(), a.ApplicantName,
		a.Description, a.UnitName, a.HandlerName, a.State.Label(), due, closed, string(a.Outcome),
		ledgerLate(a, today), a.IDNumber, a.Phone}
}

// ledgerLate says whether the application was (closed) or is (open) past
// its due date: 是, 否, or "" while the clock is stopped without a due date.
func ledgerLate(a Application, today civil.Date) string {
	if a.DueOn.IsZero() {
		return ""
	}
	switch {
	case a.State == StateClosed && !a.RepliedOn.IsZero():
		if a.RepliedOn.After(a.DueOn) {
			return "是"
		}
	case a.State == StateOpen && today.After(a.DueOn):
		return "是"
	}
	return "否"
}
