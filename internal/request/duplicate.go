package request

// Duplicate detection: the same applicant asking again for the same
// information (the handler may answer 不予处理/重复申请, Art. 36 (6)).

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"gongkai/internal/civil"
	"gongkai/internal/store"
)

// duplicateWindow is how far back (and forward) another application of
// the same applicant counts as a possible duplicate, in calendar days.
const duplicateWindow = 365

// Duplicates returns other applications to the same unit that look like
// the same request (same identity number or phone, similar description,
// within a year).
func (s *Service) Duplicates(ctx context.Context, a Application) ([]Application, error) {
	if a.ReceivedOn.IsZero() {
		return nil, nil
	}
	return findDuplicates(ctx, s.db, a, a.ReceivedOn.AddDays(-duplicateWindow), a.ReceivedOn.AddDays(duplicateWindow))
}

// findDuplicates lists the applications other than a, to a's unit and
// received in [from, to], of the same applicant — same identity number, or
// without one the same phone or e-mail — whose description is similar to
// a's; the most recent first. Only a's unit counts: a repeated application
// is one to the same body (Art. 36 (6)), and an application to another
// unit is not for this unit's staff to see.
func findDuplicates(ctx context.Context, q store.Querier, a Application, from, to civil.Date) ([]Application, error) {
	var who []string
	args := []any{a.ID, from, to, a.UnitID}
	add := func(cond string, v any) {
		args = append(args, v)
		who = append(who, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	switch {
	case a.IDNumber != "":
		add(`r.id_number = ?`, a.IDNumber)
	default:
		if a.Phone != "" {
			add(`r.phone = ?`, a.Phone)
		}
		if a.Email != "" {
			add(`LOWER(r.email) = ?`, strings.ToLower(a.Email))
		}
	}
	if len(who) == 0 {
		return nil, nil
	}
	rows, err := q.Query(ctx, appSelect+` WHERE r.id <> $1 AND r.received_on >= $2 AND r.received_on <= $3 AND r.unit_id = $4 AND (`+
		strings.Join(who, ` OR `)+`) ORDER BY r.received_on DESC, r.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("request: duplicates: %w", err)
	}
	defer rows.Close()
	var out []Application
	for rows.Next() {
		b, err := scanApp(rows)
		if err != nil {
			return nil, fmt.Errorf("request: duplicates: %w", err)
		}
		if similarText(a.Description, b.Description) {
			out = append(out, b)
		}
	}
	return out, rows.Err()
}

// similarText reports whether two descriptions ask for the same thing:
// equal once spaces and punctuation are dropped, one containing the other,
// or sharing most of their character pairs (bigram Jaccard ≥ 0.6).
func similarText(a, b string) bool {
	na, nb := normText(a), normText(b)
	if len(na) == 0 || len(nb) == 0 {
		return false
	}
	sa, sb := string(na), string(nb)
	if sa == sb {
		return true
	}
	// Containment only counts for a description long enough to mean
	// something on its own.
	if (len(na) >= 6 && strings.Contains(sb, sa)) || (len(nb) >= 6 && strings.Contains(sa, sb)) {
		return true
	}
	return jaccard(bigrams(na), bigrams(nb)) >= 0.6
}

// normText keeps letters and digits, lower-cased.
func normText(s string) []rune {
	var out []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, unicode.ToLower(r))
		}
	}
	return out
}

func bigrams(r []rune) map[[2]rune]bool {
	m := make(map[[2]rune]bool, len(r))
	for i := 0; i+1 < len(r); i++ {
		m[[2]rune{r[i], r[i+1]}] = true
	}
	return m
}

func jaccard(a, b map[[2]rune]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
