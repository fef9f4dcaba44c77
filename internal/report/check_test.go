package report

import (
	"math/rand/v2"
	"strings"
	"testing"

	"gongkai/internal/request"
)

// consistent builds section 三 and 四 from random cases classified by hand,
// so that every check holds.
func consistent(seed uint64) *Annual {
	rng := rand.New(rand.NewPCG(seed, 1))
	a := &Annual{Requests: newTable(Rows(), Columns()), Appeals: newTable(AppealGroups(), AppealColumns())}
	types, outcomes := request.ApplicantTypes(), request.Outcomes()
	for range rng.IntN(300) {
		col := types[rng.IntN(len(types))].Label()
		var in, out string
		if rng.IntN(3) == 0 {
			in = RowCarriedIn
		} else {
			in = RowNew
		}
		if rng.IntN(4) == 0 {
			out = RowCarriedOut
		} else {
			out = string(outcomes[rng.IntN(len(outcomes))])
			a.Requests[RowTotal][col]++
			a.Requests[RowTotal][ColTotal]++
		}
		for _, row := range []string{in, out} {
			a.Requests[row][col]++
			a.Requests[row][ColTotal]++
		}
	}
	for _, g := range AppealGroups() {
		for _, c := range AppealColumns()[:4] {
			n := rng.IntN(4)
			a.Appeals[g][c] += n
			a.Appeals[g][ColTotal] += n
		}
	}
	return a
}

func FuzzCheck(f *testing.F) {
	f.Add(uint64(1), uint8(0), uint8(0))
	f.Add(uint64(2), uint8(24), uint8(6))
	f.Fuzz(func(t *testing.T, seed uint64, row, col uint8) {
		a := consistent(seed)
		if fails := Check(a); len(fails) != 0 {
			t.Fatalf("consistent table fails: %v", fails)
		}
		// Any one cell off by one breaks at least one check, and the one
		// about its row (the applicant columns' sum) or its column.
		r, c := Rows()[int(row)%len(Rows())], Columns()[int(col)%len(Columns())]
		a.Requests[r][c]++
		fails := Check(a)
		if len(fails) == 0 {
			t.Fatalf("%s × %s changed, no check fails", r, c)
		}
		named := false
		for _, f := range fails {
			named = named || strings.Contains(f.Where, "“"+r+"”") || strings.Contains(f.Where, "“"+c+"”")
		}
		if !named {
			t.Errorf("%s × %s changed: failures %v name neither", r, c, fails)
		}
	})
}

func TestCheckAppeals(t *testing.T) {
	a := consistent(3)
	a.Appeals[AppealLitigationAfter][ColPending]++
	fails := Check(a)
	if len(fails) != 1 || fails[0].Where != "“"+AppealLitigationAfter+"”" || fails[0].Left+1 != fails[0].Right {
		t.Errorf("failures %v", fails)
	}
}
