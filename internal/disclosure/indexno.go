package disclosure

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/store"
)

// DefaultIndexPattern is the common 索引号 form `<unit code>/<year>-<sequence>`
// (RULES.md), e.g. 11331002002673436R/2025-00127. There is no national
// standard; a deployment may configure another pattern.
const DefaultIndexPattern = "{code}/{year}-{seq:5}"

// Pattern is a parsed 索引号 pattern: literal text and the placeholders
// {code} (the unit's code), {year} (the publication year) and {seq} or
// {seq:N} (the unit's sequence number in that year, zero-padded to N digits).
type Pattern struct {
	src   string
	parts []patternPart
}

type patternPart struct {
	lit   string
	field string // "" for a literal, else "code", "year", "seq"
	width int
}

const maxSeqWidth = 12

// ParsePattern checks a 索引号 pattern. It must contain {code}, {year} and
// {seq} once each, since numbers are unique only per unit and year.
func ParsePattern(s string) (Pattern, error) {
	p := Pattern{src: s}
	seen := map[string]bool{}
	rest := s
	for rest != "" {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			p.parts = append(p.parts, patternPart{lit: rest})
			break
		}
		if i > 0 {
			p.parts = append(p.parts, patternPart{lit: rest[:i]})
		}
		if rest[i] == '}' {
			return Pattern{}, fmt.Errorf("索引号格式“%s”有多余的“}”", s)
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return Pattern{}, fmt.Errorf("索引号格式“%s”缺少“}”", s)
		}
		ph := rest[i+1 : i+j]
		rest = rest[i+j+1:]
		part, err := parsePlaceholder(ph)
		if err != nil {
			return Pattern{}, err
		}
		if seen[part.field] {
			return Pattern{}, fmt.Errorf("索引号格式“%s”中占位符 {%s} 重复", s, part.field)
		}
		seen[part.field] = true
		p.parts = append(p.parts, part)
	}
	for _, f := range []string{"code", "year", "seq"} {
		if !seen[f] {
			return Pattern{}, fmt.Errorf("索引号格式“%s”缺少占位符 {%s}：索引号须包含单位编码、年份和流水号才能保证唯一", s, f)
		}
	}
	for _, part := range p.parts {
		if strings.ContainsAny(part.lit, " \t\r\n") {
			return Pattern{}, fmt.Errorf("索引号格式“%s”不能包含空白字符", s)
		}
	}
	return p, nil
}

func parsePlaceholder(ph string) (patternPart, error) {
	name, arg, hasArg := strings.Cut(ph, ":")
	switch name {
	case "code", "year":
		if hasArg {
			return patternPart{}, fmt.Errorf("索引号占位符 {%s} 不带参数", name)
		}
		return patternPart{field: name}, nil
	case "seq":
		if !hasArg {
			return patternPart{field: "seq", width: 1}, nil
		}
		w, err := strconv.Atoi(arg)
		if err != nil || w < 1 || w > maxSeqWidth || strings.TrimLeft(arg, "0") == "" {
			return patternPart{}, fmt.Errorf("索引号占位符 {seq:%s} 的位数应为 1 至 %d", arg, maxSeqWidth)
		}
		return patternPart{field: "seq", width: w}, nil
	}
	return patternPart{}, fmt.Errorf("索引号格式中有未知的占位符“{%s}”，可用：{code}（单位编码）、{year}（发布年份）、{seq} 或 {seq:5}（流水号，补零到 5 位）", ph)
}

// String is the pattern as written.
func (p Pattern) String() string { return p.src }

// Format renders an index number.
func (p Pattern) Format(unitCode string, year, seq int) string {
	var b strings.Builder
	for _, part := range p.parts {
		switch part.field {
		case "":
			b.WriteString(part.lit)
		case "code":
			b.WriteString(unitCode)
		case "year":
			fmt.Fprintf(&b, "%04d", year)
		case "seq":
			fmt.Fprintf(&b, "%0*d", part.width, seq)
		}
	}
	return b.String()
}

// Format renders an index number with pattern ("" means DefaultIndexPattern),
// e.g. Format("", "11331002002673436R", 2025, 127) is
// "11331002002673436R/2025-00127". A pattern that ParsePattern refuses is
// rendered with DefaultIndexPattern; deployments validate theirs at start.
func Format(pattern string, unitCode string, year int, seq int) string {
	if pattern == "" {
		pattern = DefaultIndexPattern
	}
	p, err := ParsePattern(pattern)
	if err != nil {
		p, _ = ParsePattern(DefaultIndexPattern)
	}
	return p.Format(unitCode, year, seq)
}

// nextSeq takes the next number of unit's sequence for year in tx. The row
// update locks the sequence on PostgreSQL until tx ends, so concurrent
// publications in one unit get distinct consecutive numbers; SQLite has a
// single writer. A number taken in a transaction that rolls back was never
// published, so handing it out again reuses nothing.
func nextSeq(ctx context.Context, tx *store.Tx, unitID int64, year int) (int, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO index_sequences (unit_id, year, next_seq) VALUES ($1, $2, 1)
		ON CONFLICT (unit_id, year) DO NOTHING`, unitID, year); err != nil {
		return 0, fmt.Errorf("index sequence %d/%d: %w", unitID, year, err)
	}
	var seq int
	if err := tx.QueryRow(ctx, `UPDATE index_sequences SET next_seq = next_seq + 1
		WHERE unit_id = $1 AND year = $2 RETURNING next_seq - 1`, unitID, year).Scan(&seq); err != nil {
		return 0, fmt.Errorf("index sequence %d/%d: %w", unitID, year, err)
	}
	return seq, nil
}

// nextIndexNo allocates a new 索引号 for a document of unit published in
// year, skipping numbers already taken (by imported archives, say).
func (s *Service) nextIndexNo(ctx context.Context, tx *store.Tx, unitID int64, year int) (string, error) {
	var code string
	if err := tx.QueryRow(ctx, `SELECT code FROM units WHERE id = $1`, unitID).Scan(&code); err != nil {
		return "", fmt.Errorf("index number: unit %d: %w", unitID, err)
	}
	for range 1000 {
		seq, err := nextSeq(ctx, tx, unitID, year)
		if err != nil {
			return "", err
		}
		no := s.pattern.Format(code, year, seq)
		var one int
		err = tx.QueryRow(ctx, `SELECT 1 FROM documents WHERE index_no = $1`, no).Scan(&one)
		if errors.Is(err, store.ErrNotFound) {
			return no, nil
		}
		if err != nil {
			return "", fmt.Errorf("index number %s: %w", no, err)
		}
	}
	return "", fmt.Errorf("index number: unit %d, %d: 1000 numbers in a row already taken", unitID, year)
}
