package report

// The queries behind sections 二, 三 and 四. Each cell is counted by its own
// definition, not derived from the others, so that the checks of Check
// catch records that contradict themselves.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/civil"
	"gongkai/internal/request"
)

// requests counts section 三. An application belongs to the unit that
// handles it now (requests.unit_id): one forwarded (转办) counts once, in
// the receiving unit's report — new, carried and concluded alike — and not
// in the forwarding unit's, since the official table has no row for an
// application passed on and each application must balance in one place
// (本年新收 + 上年结转 = 总计 + 结转下年度). Art. 36(5) answers (telling the
// applicant which body holds the information) are replies, not forwards.
//
// Dates, not the stored state, decide: an application is concluded on its
// replied_on (the reply, or the closing for 逾期不补正 / 逾期未缴费), so a
// past year's report comes out the same whenever it is computed.
//   - 本年新收: received_on in the year;
//   - 上年结转: received before 1 January and not concluded before it;
//   - outcome rows and 总计: concluded in the year (总计 counts every one,
//     whatever its outcome, so that an unknown outcome shows in check 2);
//   - 结转下年度: received by 31 December and not concluded by then.
//
// The 总计 column counts every application, whatever its applicant type.
func (s *Service) requests(ctx context.Context, sc scope, year int) (Table, int, error) {
	y0, y1 := yearBounds(year)
	cond, unitArg := sc.cond("unit_id", 3)
	// Three disjoint sets of rows, each a range of the index
	// requests_unit_replied_report (unit, replied_on): open; concluded since
	// 1 January; concluded before it but received in the year (impossible,
	// and counted so that the checks show it). Older history is not read.
	// The last sum counts records whose state, outcome and dates disagree.
	cols := `applicant_type, outcome, received_on, replied_on, state FROM requests WHERE ` + cond
	rows, err := s.db.Query(ctx, `SELECT r.applicant_type, r.outcome,
		SUM(CASE WHEN r.received_on >= $1 AND r.received_on <= $2 THEN 1 ELSE 0 END),
		SUM(CASE WHEN r.received_on < $1 AND (r.replied_on IS NULL OR r.replied_on >= $1) THEN 1 ELSE 0 END),
		SUM(CASE WHEN r.replied_on >= $1 AND r.replied_on <= $2 THEN 1 ELSE 0 END),
		SUM(CASE WHEN r.received_on <= $2 AND (r.replied_on IS NULL OR r.replied_on > $2) THEN 1 ELSE 0 END),
		SUM(CASE WHEN r.replied_on IS NOT NULL AND (r.replied_on < r.received_on OR r.state <> 'closed' OR r.outcome = '')
			OR r.replied_on IS NULL AND (r.state = 'closed' OR r.outcome <> '') THEN 1 ELSE 0 END)
		FROM (SELECT `+cols+` AND replied_on IS NULL AND received_on <= $2
			UNION ALL SELECT `+cols+` AND replied_on >= $1 AND (received_on <= $2 OR replied_on <= $2)
			UNION ALL SELECT `+cols+` AND replied_on < $1 AND received_on >= $1 AND received_on <= $2) r
		GROUP BY r.applicant_type, r.outcome`, y0, y1, unitArg)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	t := newTable(Rows(), Columns())
	wrong := 0
	for rows.Next() {
		var atype, outcome string
		var nNew, nIn, nDone, nOut, nWrong int
		if err := rows.Scan(&atype, &outcome, &nNew, &nIn, &nDone, &nOut, &nWrong); err != nil {
			return nil, 0, err
		}
		wrong += nWrong
		cols := []string{ColTotal}
		if at := request.ApplicantType(atype); at.Valid() {
			cols = append(cols, at.Label())
		} else {
			wrong += nNew + nIn + nDone + nOut
		}
		o := request.Outcome(outcome)
		if !o.Valid() && outcome != "" {
			wrong += nDone
		}
		for _, c := range cols {
			t[RowNew][c] += nNew
			t[RowCarriedIn][c] += nIn
			t[RowTotal][c] += nDone
			t[RowCarriedOut][c] += nOut
			if o.Valid() {
				t[outcome][c] += nDone
			}
		}
	}
	return t, wrong, rows.Err()
}

// suspects lists the applications of the year whose record contradicts
// itself — the only way the checks of section 三 can fail, since every
// cell is counted from the same rows.
func (s *Service) suspects(ctx context.Context, sc scope, year int) ([]Record, error) {
	y0, y1 := yearBounds(year)
	cond, unitArg := sc.cond("r.unit_id", 3)
	args := []any{y0, y1, unitArg}
	list := func(vals []string) string {
		var ps []string
		for _, v := range vals {
			args = append(args, v)
			ps = append(ps, "$"+strconv.Itoa(len(args)))
		}
		return strings.Join(ps, ", ")
	}
	var types, outcomes []string
	for _, t := range request.ApplicantTypes() {
		types = append(types, string(t))
	}
	for _, o := range request.Outcomes() {
		outcomes = append(outcomes, string(o))
	}
	typeList, outcomeList := list(types), list(outcomes)
	rows, err := s.db.Query(ctx, `SELECT r.id, r.reg_no, u.name, r.applicant_type, r.received_on, r.replied_on, r.state, r.outcome
		FROM requests r JOIN units u ON u.id = r.unit_id
		WHERE `+cond+`
		AND ((r.received_on >= $1 AND r.received_on <= $2) OR (r.replied_on >= $1 AND r.replied_on <= $2)
			OR (r.received_on < $1 AND (r.replied_on IS NULL OR r.replied_on >= $1)))
		AND ((r.replied_on IS NOT NULL AND (r.replied_on < r.received_on OR r.state <> 'closed' OR r.outcome NOT IN (`+outcomeList+`)))
			OR (r.replied_on IS NULL AND (r.state = 'closed' OR r.outcome <> ''))
			OR r.applicant_type NOT IN (`+typeList+`))
		ORDER BY r.reg_no LIMIT 1000`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var id int64
		var regNo, unit, atype, state, outcome string
		var received, replied civil.Date
		if err := rows.Scan(&id, &regNo, &unit, &atype, &received, &replied, &state, &outcome); err != nil {
			return nil, err
		}
		col := atype
		if at := request.ApplicantType(atype); at.Valid() {
			col = at.Label()
		}
		add := func(kind, problem string) {
			out = append(out, Record{RequestID: id, RegNo: regNo, Unit: unit, Column: col, Problem: problem, kind: kind})
		}
		switch {
		case !request.ApplicantType(atype).Valid():
			add("type", fmt.Sprintf("申请人类型“%s”不是年报的申请人类别", atype))
		case !replied.IsZero() && replied.Before(received):
			add("dates", fmt.Sprintf("办结日期 %s 早于收到日期 %s", replied, received))
		case !replied.IsZero() && !request.Outcome(outcome).Valid() && outcome == "":
			add("outcome", fmt.Sprintf("%s 已办结，但没有办理结果", replied))
		case !replied.IsZero() && !request.Outcome(outcome).Valid():
			add("outcome", fmt.Sprintf("办理结果“%s”不是年报的办理结果", outcome))
		case !replied.IsZero():
			add("state", fmt.Sprintf("有办结日期 %s，但状态为“%s”", replied, request.State(state).Label()))
		case state == string(request.StateClosed):
			add("state", "状态为“已办结”，但没有办结日期")
		default:
			add("state", fmt.Sprintf("尚未办结，却有办理结果“%s”", outcome))
		}
	}
	return out, rows.Err()
}

// appeals counts section 四: the cases filed in the year and those still
// pending on 1 January, each under its result as of 31 December — a case
// decided after the year is 尚未审结 in it. A case belongs to the unit of
// its application. The model records cases about applications only: a
// review or suit about proactive disclosure cannot be entered, so it is
// not counted (the office adds it by hand until the model has it).
func (s *Service) appeals(ctx context.Context, sc scope, year int) (Table, error) {
	y0, y1 := yearBounds(year)
	cond, unitArg := sc.cond("r.unit_id", 3)
	rows, err := s.db.Query(ctx, `SELECT a.kind,
		CASE WHEN a.result <> 'pending' AND (a.decided_on IS NULL OR a.decided_on <= $2) THEN a.result ELSE 'pending' END AS res,
		COUNT(*)
		FROM request_appeals a JOIN requests r ON r.id = a.request_id
		WHERE `+cond+` AND a.filed_on <= $2
		AND (a.filed_on >= $1 OR a.result = 'pending' OR a.decided_on >= $1)
		GROUP BY a.kind, res`, y0, y1, unitArg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t := newTable(AppealGroups(), AppealColumns())
	for rows.Next() {
		var kind, result string
		var n int
		if err := rows.Scan(&kind, &result, &n); err != nil {
			return nil, err
		}
		g, ok := appealGroupOf[request.AppealKind(kind)]
		if !ok {
			continue
		}
		t[g][ColTotal] += n
		if c, ok := appealColumnOf[request.AppealResult(result)]; ok {
			t[g][c] += n
		}
	}
	return t, rows.Err()
}

// proactive counts section 二's 第二十条第（一）项 from the published
// documents of genre (体裁分类) 规章 and 行政规范性文件:
//   - 本年制发: written (成文日期) in the year;
//   - 本年废止: no longer in force since a day of the year — 废止 and 失效
//     both, so that 现行有效 = last year's 现行有效 + 制发 − 废止 holds;
//   - 现行有效: written by 31 December and in force on it (valid now, or
//     repealed or expired after the year).
//
// A withdrawn (撤回) document is not counted. The other rows are the
// figures the unit entered (SetFigures), summed over the units covered.
func (s *Service) proactive(ctx context.Context, sc scope, year int) (Proactive, error) {
	y0, y1 := yearBounds(year)
	cond, unitArg := sc.cond("d.unit_id", 3)
	rows, err := s.db.Query(ctx, `SELECT d.genre,
		SUM(CASE WHEN d.written_on >= $1 AND d.written_on <= $2 THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.validity <> 'valid' AND d.validity_on >= $1 AND d.validity_on <= $2 THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.written_on <= $2 AND (d.validity = 'valid' OR d.validity_on > $2) THEN 1 ELSE 0 END)
		FROM documents d WHERE `+cond+` AND d.state = 'published' AND d.genre IN ($4, $5)
		GROUP BY d.genre`, y0, y1, unitArg, genreRules, genreNormative)
	if err != nil {
		return Proactive{}, err
	}
	defer rows.Close()
	var p Proactive
	for rows.Next() {
		var genre string
		var d DocCounts
		if err := rows.Scan(&genre, &d.Made, &d.Repealed, &d.InForce); err != nil {
			return Proactive{}, err
		}
		if genre == genreRules {
			p.Rules = d
		} else {
			p.Normative = d
		}
	}
	if err := rows.Err(); err != nil {
		return Proactive{}, err
	}
	fcond, farg := sc.cond("f.unit_id", 2)
	err = s.db.QueryRow(ctx, `SELECT COALESCE(SUM(f.licensing), 0), COALESCE(SUM(f.penalties), 0),
		COALESCE(SUM(f.coercion), 0), COALESCE(SUM(f.fees_cents), 0)
		FROM annual_report_figures f WHERE f.year = $1 AND `+fcond, year, farg).
		Scan(&p.Licensing, &p.Penalties, &p.Coercion, &p.FeesCents)
	return p, err
}
