package request

import (
	"context"
	"errors"
	"fmt"

	"gongkai/internal/civil"
	"gongkai/internal/store"
)

// The information-processing fee of 《政府信息公开信息处理费管理办法》
// (国办函〔2020〕109号), Art. 3–4. No fee is charged in general; a body may
// charge one applicant whose requests exceed a reasonable amount, choosing
// one method per application. The amounts are kept as tables here so that a
// change of the measures is one edit.

// feeItemBand is a band of the per-item method (按件计收): the nth
// application of one applicant within one natural month costs Cents when
// From <= nth <= To (To 0: no upper bound).
type feeItemBand struct {
	From, To int
	Cents    int64
}

// feePerItem are the per-item bands: up to 10 applications a month free,
// the 11th to 30th 100 元 each (国办函〔2020〕109号 Art. 4 (一)).
var feePerItem = []feeItemBand{
	{From: 1, To: 10, Cents: 0},
	{From: 11, To: 30, Cents: 100_00},
}

// feePerItemSteps continues the per-item bands beyond the table: from the
// 31st application, in steps of StepSize applications, each step costs
// StepCents more per application than the one before (31–40: 200 元,
// 41–50: 300 元, ...; 国办函〔2020〕109号 Art. 4 (一)).
var feePerItemSteps = struct {
	From, StepSize int
	StepCents      int64
}{From: 31, StepSize: 10, StepCents: 100_00}

// feeVolumeBand is a band of the per-volume method (按量计收): each page
// from From to To (To 0: no upper bound) costs CentsPerPage; a page count is
// charged progressively, each page at its band's rate.
type feeVolumeBand struct {
	From, To     int
	CentsPerPage int64
}

// feePerVolume are the per-volume bands of one application: up to 30 pages
// free; pages 31–100 at 10 元, 101–200 at 20 元, above 200 at 40 元 a page
// (国办函〔2020〕109号 Art. 4 (二)).
var feePerVolume = []feeVolumeBand{
	{From: 1, To: 30, CentsPerPage: 0},
	{From: 31, To: 100, CentsPerPage: 10_00},
	{From: 101, To: 200, CentsPerPage: 20_00},
	{From: 201, To: 0, CentsPerPage: 40_00},
}

// Fee computes an information-processing fee in cents (国办函〔2020〕109号):
// per item, nth is the application's rank among the applicant's
// applications in the natural month; per volume, pages is the page count.
func Fee(method FeeMethod, nth, pages int) int64 {
	if method == FeePerVolume {
		var cents int64
		for _, b := range feePerVolume {
			if pages < b.From {
				break
			}
			hi := pages
			if b.To != 0 && b.To < hi {
				hi = b.To
			}
			cents += int64(hi-b.From+1) * b.CentsPerPage
		}
		return cents
	}
	if nth <= 0 {
		return 0
	}
	for _, b := range feePerItem {
		if nth >= b.From && (b.To == 0 || nth <= b.To) {
			return b.Cents
		}
	}
	st := feePerItemSteps
	if nth < st.From {
		return 0 // a gap in the table: nothing the measures charge for
	}
	last := feePerItem[len(feePerItem)-1].Cents
	step := (nth-st.From)/st.StepSize + 1
	return last + int64(step)*st.StepCents
}

// MonthRank is the rank of application id among its applicant's
// applications (same identity number, else same name and phone) received in
// the same natural month.
func (s *Service) MonthRank(ctx context.Context, id int64) (int, error) {
	var (
		name, idNumber, phone string
		received              civil.Date
	)
	err := s.db.QueryRow(ctx, `SELECT applicant_name, id_number, phone, received_on FROM requests WHERE id = $1`, id).
		Scan(&name, &idNumber, &phone, &received)
	if errors.Is(err, store.ErrNotFound) {
		return 0, store.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("request %d: month rank: %w", id, err)
	}
	// 国办函〔2020〕109号 Art. 4 (一): applications are counted within one natural month.
	first := civil.D(received.Year, received.Month, 1)
	next := civil.D(received.Year, received.Month+1, 1)
	who, args := `applicant_name = $4 AND phone = $5`, []any{first, next, received, name, phone, id}
	if idNumber != "" {
		who, args = `id_number = $4`, []any{first, next, received, idNumber, id}
	}
	idArg := fmt.Sprintf("$%d", len(args))
	var n int
	err = s.db.QueryRow(ctx, `SELECT COUNT(*) FROM requests WHERE `+who+`
		AND received_on >= $1 AND received_on < $2
		AND (received_on < $3 OR (received_on = $3 AND id <= `+idArg+`))`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("request %d: month rank: %w", id, err)
	}
	return n, nil
}
