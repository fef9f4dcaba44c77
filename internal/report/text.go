package report

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// Texts are the sections of the report a unit writes (国办公开办函〔2021〕30号):
// 一 总体情况, 五 存在的主要问题及改进情况, 六 其他需要报告的事项 (which
// reports the 信息处理费 collected). Paragraphs are separated by line breaks.
type Texts struct {
	Overview string `json:"overview"` // 一、总体情况
	Problems string `json:"problems"` // 五、存在的主要问题及改进情况
	Other    string `json:"other"`    // 六、其他需要报告的事项
}

// Section titles of the text sections, as printed.
const (
	SectionOverview = "一、总体情况"
	SectionProblems = "五、存在的主要问题及改进情况"
	SectionOther    = "六、其他需要报告的事项"
)

// maxText bounds one section's text (a long report runs to a few thousand
// characters a section).
const maxText = 20000

// Facts are what the drafts say beyond the tables: timeliness of the
// replies of the year, the channels of the applications received, and the
// 信息处理费 collected (国办函〔2020〕109号).
type Facts struct {
	OnTime   int // concluded in the year by the due date
	Late     int // concluded in the year after the due date
	Channels []ChannelCount
	// FeesCents is the 信息处理费 paid in the year, in 分 (the amount of the
	// notice each payment answers).
	FeesCents int64
}

// ChannelCount is how many applications of the year came by one channel.
type ChannelCount struct {
	Label string
	N     int
}

// Facts reads the figures the drafts need for the unit (and the units
// below it with includeSubunits) and year.
func (s *Service) Facts(ctx context.Context, unitCode string, year int, includeSubunits bool) (Facts, error) {
	if err := checkYear(year); err != nil {
		return Facts{}, err
	}
	u, err := s.unit(ctx, unitCode)
	if err != nil {
		return Facts{}, err
	}
	sc := scope{unit: u, sub: includeSubunits}
	y0, y1 := yearBounds(year)
	var f Facts
	cond, arg := sc.cond("unit_id", 3)
	err = s.db.QueryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN due_on IS NOT NULL AND replied_on <= due_on THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN due_on IS NOT NULL AND replied_on > due_on THEN 1 ELSE 0 END), 0)
		FROM requests WHERE replied_on >= $1 AND replied_on <= $2 AND `+cond, y0, y1, arg).Scan(&f.OnTime, &f.Late)
	if err != nil {
		return Facts{}, fmt.Errorf("annual report %s %d: timeliness: %w", u.Code, year, err)
	}
	rows, err := s.db.Query(ctx, `SELECT channel, COUNT(*) FROM requests
		WHERE received_on >= $1 AND received_on <= $2 AND `+cond+` GROUP BY channel`, y0, y1, arg)
	if err != nil {
		return Facts{}, fmt.Errorf("annual report %s %d: channels: %w", u.Code, year, err)
	}
	byChannel := map[string]int{}
	for rows.Next() {
		var ch string
		var n int
		if err := rows.Scan(&ch, &n); err != nil {
			rows.Close()
			return Facts{}, err
		}
		byChannel[request.Channel(ch).Label()] += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Facts{}, err
	}
	for _, c := range request.Channels() {
		if n := byChannel[c.Label()]; n > 0 {
			f.Channels = append(f.Channels, ChannelCount{c.Label(), n})
			delete(byChannel, c.Label())
		}
	}
	for l, n := range byChannel { // a channel the model no longer knows
		f.Channels = append(f.Channels, ChannelCount{l, n})
	}
	pcond, parg := sc.cond("r.unit_id", 3)
	err = s.db.QueryRow(ctx, `SELECT COALESCE(SUM((SELECT n.amount_cents FROM request_events n
			WHERE n.request_id = p.request_id AND n.kind = 'fee_notified' AND n.id < p.id ORDER BY n.id DESC LIMIT 1)), 0)
		FROM request_events p JOIN requests r ON r.id = p.request_id
		WHERE p.kind = 'fee_paid' AND p.on_date >= $1 AND p.on_date <= $2 AND `+pcond, y0, y1, parg).Scan(&f.FeesCents)
	if err != nil {
		return Facts{}, fmt.Errorf("annual report %s %d: fees: %w", u.Code, year, err)
	}
	return f, nil
}

// yuan writes an amount in 分 as 元 ("1234.50").
func yuan(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }

// change says how n compares with last year's m.
func change(n, m int) string {
	switch {
	case m == 0 && n == 0:
		return "与上年持平"
	case m == 0:
		return "上年为 0"
	case n == m:
		return "与上年持平"
	case n > m:
		return fmt.Sprintf("比上年增加 %d 件（增长 %.1f%%）", n-m, float64(n-m)*100/float64(m))
	}
	return fmt.Sprintf("比上年减少 %d 件（下降 %.1f%%）", m-n, float64(m-n)*100/float64(m))
}

// Drafts are first drafts of sections 一, 五 and 六 written from the
// figures: this year against last year (prev may be nil), timeliness, the
// channels and the fees collected. The unit replaces them with its own
// text; they only spare it the counting.
func Drafts(cur, prev *Annual, f Facts) Texts {
	r := cur.Requests
	var pr Table
	if prev != nil {
		pr = prev.Requests
	}
	n := r[RowNew][ColTotal]
	var b strings.Builder
	p := cur.Proactive
	fmt.Fprintf(&b, "%d年，%s认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，扎实做好政府信息公开工作。现将有关情况报告如下。\n",
		cur.Year, cur.UnitName)
	fmt.Fprintf(&b, "（一）主动公开。全年制发规章 %d 件、行政规范性文件 %d 件，废止规章 %d 件、行政规范性文件 %d 件，现行有效规章 %d 件、行政规范性文件 %d 件；"+
		"公开行政许可处理决定 %d 件、行政处罚决定 %d 件、行政强制决定 %d 件，行政事业性收费 %s 万元。\n",
		p.Rules.Made, p.Normative.Made, p.Rules.Repealed, p.Normative.Repealed, p.Rules.InForce, p.Normative.InForce,
		p.Licensing, p.Penalties, p.Coercion, Wan(p.FeesCents))
	fmt.Fprintf(&b, "（二）依申请公开。全年新收政府信息公开申请 %d 件", n)
	if pr != nil {
		fmt.Fprintf(&b, "，%s", change(n, pr[RowNew][ColTotal]))
	}
	fmt.Fprintf(&b, "，上年结转 %d 件；", r[RowCarriedIn][ColTotal])
	if len(f.Channels) > 0 {
		var parts []string
		for _, c := range f.Channels {
			parts = append(parts, fmt.Sprintf("%s %d 件", c.Label, c.N))
		}
		fmt.Fprintf(&b, "其中%s；", strings.Join(parts, "、"))
	}
	done := r[RowTotal][ColTotal]
	fmt.Fprintf(&b, "办结 %d 件，其中予以公开 %d 件、部分公开 %d 件", done,
		r[string(request.OutcomeDisclosed)][ColTotal], r[string(request.OutcomePartly)][ColTotal])
	fmt.Fprintf(&b, "；在法定期限内答复 %d 件，逾期答复 %d 件", f.OnTime, f.Late)
	fmt.Fprintf(&b, "；结转下年度继续办理 %d 件。\n", r[RowCarriedOut][ColTotal])
	review, direct, after := cur.Appeals[AppealReview][ColTotal], cur.Appeals[AppealLitigationDirect][ColTotal], cur.Appeals[AppealLitigationAfter][ColTotal]
	fmt.Fprintf(&b, "（三）行政复议和行政诉讼。因政府信息公开被申请行政复议 %d 件，被提起行政诉讼 %d 件", review, direct+after)
	if c := cur.Appeals[AppealReview][ColCorrected] + cur.Appeals[AppealLitigationDirect][ColCorrected] + cur.Appeals[AppealLitigationAfter][ColCorrected]; c > 0 {
		fmt.Fprintf(&b, "，其中结果被纠正 %d 件", c)
	}
	b.WriteString("。\n")
	b.WriteString("（四）政府信息管理、平台建设和监督保障。（请补充：政府信息管理制度、公开平台建设、工作机构和人员、培训和考核等情况。）")
	overview := b.String()

	b.Reset()
	if f.Late > 0 {
		fmt.Fprintf(&b, "一是依申请公开办理时效有待提高，全年有 %d 件申请逾期答复。下一步将严格执行《中华人民共和国政府信息公开条例》第三十三条规定的答复期限，加强办理过程中的期限提醒和督办。\n", f.Late)
	} else {
		b.WriteString("一是依申请公开办理质量有待进一步提高。下一步将加强答复文书的规范性审核，确保答复依据充分、救济途径告知准确。\n")
	}
	b.WriteString("二是主动公开的及时性和规范性仍需加强。下一步将落实信息发布前保密审查，完善公开目录，做好政策文件的解读工作。\n")
	b.WriteString("（请根据本单位实际情况修改。）")
	problems := b.String()

	b.Reset()
	if f.FeesCents > 0 {
		fmt.Fprintf(&b, "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度收取信息处理费共计 %s 元。\n", yuan(f.FeesCents))
	} else {
		b.WriteString("依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度未收取信息处理费。\n")
	}
	b.WriteString("（如有落实上级年度政务公开工作要点、人大代表建议和政协提案办理结果公开、工作创新等情况，请在此补充。）")
	return Texts{Overview: overview, Problems: problems, Other: b.String()}
}

// Texts returns the text the unit with unitCode saved for year; a section
// never saved is "".
func (s *Service) Texts(ctx context.Context, unitCode string, year int) (Texts, error) {
	if err := checkYear(year); err != nil {
		return Texts{}, err
	}
	u, err := s.unit(ctx, unitCode)
	if err != nil {
		return Texts{}, err
	}
	var t Texts
	err = s.db.QueryRow(ctx, `SELECT overview, problems, other FROM annual_report_texts WHERE unit_id = $1 AND year = $2`,
		u.ID, year).Scan(&t.Overview, &t.Problems, &t.Other)
	if errors.Is(err, store.ErrNotFound) {
		return Texts{}, nil
	}
	if err != nil {
		return Texts{}, fmt.Errorf("annual report texts %s %d: %w", u.Code, year, err)
	}
	return t, nil
}

// cleanText normalizes line breaks and trims each section.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(strings.ReplaceAll(s, "\r", "\n"))
}

// SetTexts stores the text of sections 一, 五 and 六 the unit with unitCode
// writes for year, replacing what was saved; an empty section means "use
// the generated draft". The change is audited.
func (s *Service) SetTexts(ctx context.Context, actor audit.Actor, unitCode string, year int, t Texts) error {
	if err := checkYear(year); err != nil {
		return err
	}
	u, err := s.unit(ctx, unitCode)
	if err != nil {
		return err
	}
	t = Texts{Overview: cleanText(t.Overview), Problems: cleanText(t.Problems), Other: cleanText(t.Other)}
	e := &valid.Errors{}
	for _, x := range []struct{ field, label, v string }{
		{"overview", SectionOverview, t.Overview}, {"problems", SectionProblems, t.Problems}, {"other", SectionOther, t.Other}} {
		if n := utf8.RuneCountInString(x.v); n > maxText {
			e.Add(x.field, fmt.Sprintf("“%s”过长（%d 字，最多 %d 字）", x.label, n, maxText))
		}
	}
	if err := e.Err(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var old Texts
		err := tx.QueryRow(ctx, `SELECT overview, problems, other FROM annual_report_texts WHERE unit_id = $1 AND year = $2`,
			u.ID, year).Scan(&old.Overview, &old.Problems, &old.Other)
		var actorID any
		if actor.ID != 0 {
			actorID = actor.ID
		}
		now := store.Now()
		switch {
		case errors.Is(err, store.ErrNotFound):
			_, err = tx.Exec(ctx, `INSERT INTO annual_report_texts (unit_id, year, overview, problems, other, updated_by, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.ID, year, t.Overview, t.Problems, t.Other, actorID, now)
		case err != nil:
		case old == t:
			return nil // nothing changed, nothing to audit
		default:
			_, err = tx.Exec(ctx, `UPDATE annual_report_texts SET overview = $3, problems = $4, other = $5, updated_by = $6, updated_at = $7
				WHERE unit_id = $1 AND year = $2`, u.ID, year, t.Overview, t.Problems, t.Other, actorID, now)
		}
		if err != nil {
			return fmt.Errorf("annual report texts %s %d: %w", u.Code, year, err)
		}
		var changed []string
		for _, x := range []struct{ label, a, b string }{
			{SectionOverview, old.Overview, t.Overview}, {SectionProblems, old.Problems, t.Problems}, {SectionOther, old.Other, t.Other}} {
			if x.a != x.b {
				what := fmt.Sprintf("%d 字", utf8.RuneCountInString(x.b))
				if x.b == "" {
					what = "恢复为自动生成的初稿"
				}
				changed = append(changed, x.label+"（"+what+"）")
			}
		}
		return audit.Append(ctx, tx, actor, audit.Event{Action: "report.texts_set", ObjectType: "unit",
			ObjectID: fmt.Sprint(u.ID), UnitID: u.ID,
			Summary: fmt.Sprintf("%s %d 年度报告文字：%s", u.Name, year, strings.Join(changed, "，"))})
	})
}

// Effective is the text that goes into the report: each saved section, or
// its draft where nothing was saved.
func Effective(saved, drafts Texts) Texts {
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	return Texts{Overview: pick(saved.Overview, drafts.Overview), Problems: pick(saved.Problems, drafts.Problems),
		Other: pick(saved.Other, drafts.Other)}
}

// Paragraphs splits a section's text into its non-empty paragraphs.
func Paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Full is a report with its text: what the back office shows and what is
// published.
type Full struct {
	*Annual
	Saved  Texts // as saved ("" where never saved)
	Drafts Texts // generated from the figures
	Texts  Texts // what the report says (Effective)
	Facts  Facts
}

// Full computes the report of the unit for year with its text: the saved
// sections and, where none is saved, drafts from this year's and last
// year's figures.
func (s *Service) Full(ctx context.Context, unitCode string, year int, includeSubunits bool) (*Full, error) {
	a, err := s.Annual(ctx, unitCode, year, includeSubunits)
	if err != nil {
		return nil, err
	}
	var prev *Annual
	if year-1 >= MinYear {
		if prev, err = s.Annual(ctx, unitCode, year-1, includeSubunits); err != nil {
			return nil, err
		}
	}
	f, err := s.Facts(ctx, unitCode, year, includeSubunits)
	if err != nil {
		return nil, err
	}
	saved, err := s.Texts(ctx, unitCode, year)
	if err != nil {
		return nil, err
	}
	d := Drafts(a, prev, f)
	return &Full{Annual: a, Saved: saved, Drafts: d, Texts: Effective(saved, d), Facts: f}, nil
}
