package demo

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/civil"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/search"
	"gongkai/internal/store"
)

// loadDocuments adds Options.Docs documents across every unit's list
// columns: policies with their interpretations (政策解读), notices, work
// news, budgets, statistics and the rest, published over the last five
// years, about 1 % withdrawn and 3 % expired or repealed.
//
// Almost all of them are bulk-inserted, published, in transactions of
// docsPerTx rows with prepared multi-row INSERTs: the workflow would write
// a revision snapshot and an audit entry per transition, which at a million
// documents costs hours and says nothing, since the data is synthetic. So
// bulk demo documents have no revision history, and the audit log gets one
// "demo.documents" entry with the count. A handful of documents in three
// units go through the real workflow (disclosure.Service) so that the back
// office has drafts, documents awaiting review and approval, and examples
// with a full history; they are created after the bulk, so their 索引号
// continue the unit's sequence exactly as a real publication would.
func loadDocuments(e *Env) error {
	n := e.Opt.Docs
	if n <= 0 {
		return nil
	}
	start := time.Now()
	pattern := e.Opt.IndexPattern
	if pattern == "" {
		pattern = disclosure.DefaultIndexPattern
	}
	pat, err := disclosure.ParsePattern(pattern)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	g, err := newDocGen(e, pat, loc)
	if err != nil {
		return err
	}
	nFlow := 0
	if n >= minForWorkflow {
		nFlow = len(workflowExamples) * len(workflowUnits)
	}
	reportSlots, nReport := g.reportSlots(n)
	if err := g.bulk(n - nFlow - nReport); err != nil {
		return err
	}
	if nReport > 0 {
		if err := g.reportDocuments(reportSlots); err != nil {
			return fmt.Errorf("annual report examples: %w", err)
		}
	}
	if err := g.finish(); err != nil {
		return err
	}
	if nFlow > 0 {
		if err := g.workflow(); err != nil {
			return fmt.Errorf("workflow examples: %w", err)
		}
	}
	err = e.DB.Tx(e.Ctx, func(tx *store.Tx) error {
		return audit.Append(e.Ctx, tx, actor, audit.Event{
			Action: "demo.documents", ObjectType: "document", ObjectID: strconv.Itoa(n),
			Summary: fmt.Sprintf("载入演示文件 %d 件（批量写入 %d 件，无修订记录；经完整流程 %d 件）", n, n-nFlow, nFlow),
		})
	})
	if err != nil {
		return err
	}
	el := time.Since(start).Round(time.Millisecond)
	e.Printf("文件：已载入 %d 件，用时 %s (documents: %d loaded in %s)", n, el, n, el)
	return nil
}

// Bulk loading parameters.
const (
	docsPerTx     = 5000   // rows per transaction
	rowsPerInsert = 100    // rows per multi-row INSERT statement
	progressEvery = 50_000 // rows between progress lines
	// minForWorkflow: below this many documents the demo is bulk only.
	minForWorkflow = 40
	// historyYears is how far back 成文日期 go.
	historyYears = 5
)

// docInsertCols are the columns the bulk load writes, in order.
var docInsertCols = []string{"id", "unit_id", "column_id", "title", "doc_no", "publisher", "written_on", "published_on",
	"topic", "genre", "keywords", "validity", "validity_on", "body_html", "index_no", "state", "state_reason",
	"interprets_id", "late", "version", "created_at", "updated_at", "published_at"}

// insertSQL is a multi-row INSERT of rows documents with $n placeholders,
// or plain ? ones for SQLite: with numbered ones the SQLite driver looks up
// each parameter's name in a list as long as the statement's 2,300
// parameters, which cost a tenth of the load's CPU.
func insertSQL(rows int, plain bool) string {
	var b strings.Builder
	b.WriteString("INSERT INTO documents (" + strings.Join(docInsertCols, ", ") + ") VALUES ")
	k := 1
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range docInsertCols {
			if c > 0 {
				b.WriteString(", ")
			}
			if plain {
				b.WriteByte('?')
			} else {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(k))
			}
			k++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// slot is a (unit, list column) pair documents are drawn into.
type slot struct {
	unit   org.Unit
	col    catalog.Column
	family string
	zcjd   int64 // the unit's 政策解读 column, 0 when it has none
	cum    float64
}

// docGen generates and writes the bulk documents.
type docGen struct {
	e       *Env
	r       *rand.Rand
	pat     disclosure.Pattern
	loc     *time.Location
	today   civil.Date
	slots   []slot
	total   float64
	pExpire float64 // chance that an expirable document is expired or repealed

	nextID  int64
	seq     map[seqKey]int // last 索引号 sequence per unit and year
	docNos  map[docNoKey]int
	written int

	// the open transaction and its statements
	tx        *sql.Tx
	many, one *sql.Stmt
	args      []any
	inTx      int
	stats     docStats
	workdays  disclosure.WorkdayCounter
	sqliteOld string // cache_size to restore
	// segments published rows for the search index while they are written
	index    *search.Pipeline
	indexing chan error // the index write in progress (PostgreSQL)
}

type seqKey struct {
	unit int64
	year int
}

type docNoKey struct {
	unit   int64
	prefix string
	year   int
}

type docStats struct {
	withdrawn, expired, repealed, interpretations, late int
}

func newDocGen(e *Env, pat disclosure.Pattern, loc *time.Location) (*docGen, error) {
	g := &docGen{e: e, r: e.Rand, pat: pat, loc: loc, today: civil.Today(loc),
		seq: map[seqKey]int{}, docNos: map[docNoKey]int{}, workdays: disclosure.WeekdayCounter{}}
	cat := catalog.NewService(e.DB)
	var expirable float64
	for _, u := range e.Units {
		cols, err := cat.ListColumns(e.Ctx, u.ID)
		if err != nil {
			return nil, fmt.Errorf("columns of %s: %w", u.Code, err)
		}
		var zcjd int64
		for _, c := range cols {
			if c.Genre == disclosure.GenreInterpretation {
				zcjd = c.ID
			}
		}
		for _, c := range cols {
			if c.ID == zcjd {
				continue // filled by interpretations of the unit's policies
			}
			w := unitWeight(u) * ruleWeight(c.UpdateRule)
			fam := familyOf(c)
			if fam == "policy" {
				w *= 2
			}
			g.total += w
			if expirableFamily[fam] {
				expirable += w
			}
			g.slots = append(g.slots, slot{unit: u, col: c, family: fam, zcjd: zcjd, cum: g.total})
		}
	}
	if len(g.slots) == 0 {
		return nil, fmt.Errorf("no list columns: load the catalog first")
	}
	// About 3 % of all documents expired or repealed, all of them expirable kinds.
	g.pExpire = min(0.6, 0.03*g.total/max(expirable, 1))
	if err := e.DB.QueryRow(e.Ctx, `SELECT COALESCE(MAX(id), 0) FROM documents`).Scan(&g.nextID); err != nil {
		return nil, err
	}
	g.nextID++
	return g, nil
}

func unitWeight(u org.Unit) float64 {
	switch u.Type {
	case org.TypeCountyGovernment:
		return 8
	case org.TypeDepartment:
		if u.Code == codeGovOffice {
			return 6
		}
		return 4
	case org.TypeTownship, org.TypeStreet:
		return 3
	case org.TypeSchool:
		return 1.5
	}
	return 0.7
}

func ruleWeight(r catalog.UpdateRule) float64 {
	switch r {
	case catalog.RuleWeekly:
		return 10
	case catalog.RuleMonthly:
		return 4
	case catalog.RuleQuarterly, catalog.RuleOnChange:
		return 2
	}
	return 1
}

// pickSlot draws a (unit, column) by weight.
func (g *docGen) pickSlot() *slot {
	x := g.r.Float64() * g.total
	i, _ := slices.BinarySearchFunc(g.slots, x, func(s slot, x float64) int {
		if s.cum <= x {
			return -1
		}
		return 1
	})
	return &g.slots[min(i, len(g.slots)-1)]
}

// publishDay is the publication date of the i-th of n bulk documents: they
// are spread evenly, in id order, from five years ago to yesterday, moved
// off weekends.
func (g *docGen) publishDay(i, n int) civil.Date {
	first := civil.D(g.today.Year-historyYears, g.today.Month, g.today.Day).AddDays(30)
	span := first.DaysUntil(g.today.AddDays(-1))
	d := first.AddDays(int(int64(i) * int64(span) / int64(max(n, 1))))
	switch d.Weekday() {
	case time.Saturday:
		d = d.AddDays(-1)
	case time.Sunday:
		d = d.AddDays(-2)
	}
	return d
}

// writtenBefore draws a 成文日期 some days before pub: mostly within a
// week, some within the 20 working days, a few late (Art. 26).
func (g *docGen) writtenBefore(pub civil.Date) civil.Date {
	var days int
	switch x := g.r.IntN(100); {
	case x < 85:
		days = g.r.IntN(8)
	case x < 96:
		days = 8 + g.r.IntN(18)
	default:
		days = 30 + g.r.IntN(90)
	}
	d := pub.AddDays(-days)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDays(-1)
	}
	return d
}

// at is a moment of day d in the county, during office hours.
func (g *docGen) at(d civil.Date) time.Time {
	t := d.Time(g.loc).Add(time.Duration(8*3600+g.r.IntN(9*3600)) * time.Second)
	return t.UTC()
}

// begin opens a transaction and prepares its statements.
func (g *docGen) begin() error {
	tx, err := g.e.DB.SQL().BeginTx(g.e.Ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	g.tx = tx
	plain := g.e.DB.Dialect() == store.SQLite
	if g.many, err = tx.PrepareContext(g.e.Ctx, insertSQL(rowsPerInsert, plain)); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	if g.one, err = tx.PrepareContext(g.e.Ctx, insertSQL(1, plain)); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	return nil
}

// add queues one row, flushing full statements and committing full
// transactions.
func (g *docGen) add(row []any) error {
	if g.tx == nil {
		if err := g.begin(); err != nil {
			return err
		}
	}
	g.args = append(g.args, row...)
	g.inTx++
	g.written++
	if len(g.args) == rowsPerInsert*len(docInsertCols) {
		if _, err := g.many.ExecContext(g.e.Ctx, g.args...); err != nil {
			return fmt.Errorf("insert documents: %w", err)
		}
		g.args = g.args[:0]
	}
	if g.inTx >= docsPerTx {
		if err := g.commit(); err != nil {
			return err
		}
	}
	return nil
}

// commit writes the queued rows one by one and commits.
func (g *docGen) commit() error {
	if g.tx == nil {
		return nil
	}
	w := len(docInsertCols)
	for len(g.args) > 0 {
		if _, err := g.one.ExecContext(g.e.Ctx, g.args[:w]...); err != nil {
			g.tx.Rollback()
			return fmt.Errorf("insert document: %w", err)
		}
		g.args = g.args[w:]
	}
	g.args = g.args[:0]
	g.many.Close()
	g.one.Close()
	err := g.tx.Commit()
	g.tx, g.inTx = nil, 0
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return g.writeIndex()
}

// writeIndex writes the search entries segmented so far, in a transaction
// of its own (the bulk transaction is a bare *sql.Tx for its prepared
// statements); if the load dies in between, `gongkai reindex` repairs the
// index. On PostgreSQL it runs on another connection while the load goes
// on (the server's work on the posting lists is a large part of the
// load's); the next writeIndex or wait waits for it. SQLite has one writer.
func (g *docGen) writeIndex() error {
	if err := g.waitIndex(); err != nil {
		return err
	}
	batch := g.index.Take() // now: only documents of committed transactions
	write := func() error {
		return g.e.DB.Tx(g.e.Ctx, func(tx *store.Tx) error {
			_, err := batch(g.e.Ctx, tx)
			return err
		})
	}
	if g.e.DB.Dialect() != store.Postgres {
		return write()
	}
	done := make(chan error, 1)
	g.indexing = done
	go func() { done <- write() }()
	return nil
}

// waitIndex waits for the index write in progress, if any.
func (g *docGen) waitIndex() error {
	if g.indexing == nil {
		return nil
	}
	err := <-g.indexing
	g.indexing = nil
	return err
}

// queue hands a published document of the open transaction to the index.
func (g *docGen) queue(d genDoc, unitID, colID int64) {
	if d.withdrawn {
		return
	}
	g.index.Add(search.Doc{ID: d.id, PublishedOn: d.pub, UnitID: unitID, ColumnID: colID,
		Topic: d.topic, Genre: d.genre, Validity: string(d.validity), Title: d.title, DocNo: d.docNo,
		IndexNo: d.indexNo, Keywords: d.kw, BodyHTML: d.body})
}

// tune makes SQLite's writer keep more of the indexes in memory during the
// load (the 2 MB default cache thrashes on seven indexes of a million rows).
func (g *docGen) tune() {
	if g.e.DB.Dialect() != store.SQLite {
		return
	}
	w := g.e.DB.SQL() // one connection: the pragma stays on it until restore
	if err := w.QueryRowContext(g.e.Ctx, `PRAGMA cache_size`).Scan(&g.sqliteOld); err == nil {
		w.ExecContext(g.e.Ctx, `PRAGMA cache_size = -262144`) // 256 MiB
	}
}

func (g *docGen) restore() {
	if g.sqliteOld != "" {
		g.e.DB.SQL().ExecContext(g.e.Ctx, `PRAGMA cache_size = `+g.sqliteOld)
	}
}

// bulk writes n published (or withdrawn) documents.
func (g *docGen) bulk(n int) error {
	g.tune()
	defer g.restore()
	// The load makes short-lived text (bodies, segmented words, SQL
	// arguments) at a high rate and keeps little: collecting at four times
	// the live heap instead of twice halves the collector's share, a tenth
	// of the load's CPU. Restored afterwards.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	g.index = search.NewPipeline(g.e.DB.Dialect())
	defer func() {
		g.index.Close()
		g.waitIndex()
	}()
	started := time.Now()
	var b strings.Builder
	for i := 0; i < n; i++ {
		s := g.pickSlot()
		pub := g.publishDay(i, n)
		d := g.document(s, pub, &b)
		interp := s.zcjd != 0 && policyFamily(s) && i+1 < n && g.r.IntN(100) < 55
		if interp {
			d.withdrawn, d.reason = false, "" // a policy with an interpretation stays published
		}
		g.queue(d, s.unit.ID, s.col.ID)
		if err := g.add(g.row(s.unit, s.col.ID, d)); err != nil {
			return err
		}
		policyID := d.id
		if interp {
			i++
			in := g.interpretation(s, d, &b)
			in.interprets = policyID
			g.queue(in, s.unit.ID, s.zcjd)
			if err := g.add(g.row(s.unit, s.zcjd, in)); err != nil {
				return err
			}
			g.stats.interpretations++
		}
		if g.written%progressEvery == 0 || (i+1 == n) {
			if i+1 == n {
				if err := g.flush(); err != nil {
					return err
				}
			}
			el := time.Since(started)
			rate := float64(g.written) / max(el.Seconds(), 0.001)
			g.e.Printf("文件：已写入 %d / %d 件，%.0f 件/秒 (documents: %d of %d written, %.0f/s)", g.written, n, rate, g.written, n, rate)
		}
	}
	return g.flush()
}

// flush commits the open transaction and indexes every document.
func (g *docGen) flush() error {
	if err := g.commit(); err != nil {
		return err
	}
	g.index.Close()
	if err := g.writeIndex(); err != nil {
		return err
	}
	return g.waitIndex()
}

// genDoc is one generated document before it becomes a row.
type genDoc struct {
	id                   int64
	title, docNo         string
	written, pub         civil.Date
	topic, genre, kw     string
	body                 string
	validity             disclosure.Validity
	validityOn           civil.Date
	indexNo              string
	withdrawn            bool
	reason               string
	interprets           int64
	late                 bool
	createdAt, publishAt time.Time
}

func (g *docGen) row(u org.Unit, colID int64, d genDoc) []any {
	if d.late {
		g.stats.late++
	}
	state := disclosure.StatePublished
	updated := d.publishAt
	if d.withdrawn {
		g.stats.withdrawn++
		state = disclosure.StateWithdrawn
		updated = d.publishAt.Add(time.Duration(24+g.r.IntN(24*60)) * time.Hour)
		if now := time.Now().UTC(); updated.After(now) {
			updated = now
		}
	}
	var validityOn, interprets any
	if !d.validityOn.IsZero() {
		validityOn = d.validityOn
	}
	if d.interprets != 0 {
		interprets = d.interprets
	}
	return []any{d.id, u.ID, colID, d.title, d.docNo, u.Name, d.written, d.pub,
		d.topic, d.genre, d.kw, string(d.validity), validityOn, d.body, d.indexNo, string(state), d.reason,
		interprets, d.late, 1, d.createdAt, updated, d.publishAt}
}

// indexNo takes the unit's next 索引号 for year.
func (g *docGen) indexNo(u org.Unit, year int) string {
	k := seqKey{u.ID, year}
	g.seq[k]++
	return g.pat.Format(u.Code, year, g.seq[k])
}

// docNo takes the unit's next 文号 with prefix in year: 青政发〔2026〕12号.
func (g *docGen) docNo(u org.Unit, prefix string, year int) string {
	k := docNoKey{u.ID, prefix, year}
	g.docNos[k]++
	return fmt.Sprintf("%s〔%d〕%d号", prefix, year, g.docNos[k])
}

// document generates a document of slot s published on pub.
func (g *docGen) document(s *slot, pub civil.Date, b *strings.Builder) genDoc {
	r := g.r
	u := s.unit
	t := topicFor(r, u)
	subject := pick(r, t.subjects)
	written := g.writtenBefore(pub)
	f := families[s.family]
	v := vars{unit: u.Name, place: placeOf(u), year: written.Year, month: int(written.Month),
		quarter: (int(written.Month)-1)/3 + 1, subject: subject, r: r}
	title := v.expand(pick(r, f.titles))
	if utf8.RuneCountInString(title) > 200 {
		title = string([]rune(title)[:200])
	}
	d := genDoc{id: g.nextID, title: title, written: written, pub: pub, topic: t.name, genre: s.col.Genre,
		validity: disclosure.Valid}
	g.nextID++
	if d.genre == "" {
		d.genre = "其他文件"
	}
	if f.docNoPct > 0 && r.IntN(100) < f.docNoPct {
		if p := docNoPrefix(u); p != "" {
			d.docNo = g.docNo(u, p+pick(r, f.docNoSuffix), written.Year)
		}
	}
	d.kw = keywords(r, t, subject)
	d.body = g.body(b, f, v, d)
	d.indexNo = g.indexNo(u, pub.Year)
	d.late = disclosure.IsLate(g.workdays, written, pub)
	d.createdAt = g.at(written)
	d.publishAt = g.at(pub)
	if d.publishAt.Before(d.createdAt) {
		d.publishAt = d.createdAt.Add(time.Hour)
	}
	switch x := r.Float64(); {
	case x < 0.01:
		d.withdrawn = true
		d.reason = pick(r, withdrawReasons)
	case expirableFamily[s.family] && x < 0.01+g.pExpire:
		// 失效 or 废止 some time after publication, never in the future.
		days := pub.DaysUntil(g.today)
		if days > 60 {
			d.validityOn = pub.AddDays(30 + r.IntN(days-30))
			if r.IntN(3) == 0 {
				d.validity = disclosure.Repealed
				g.stats.repealed++
			} else {
				d.validity = disclosure.Expired
				g.stats.expired++
			}
		}
	}
	return d
}

// interpretation generates the 政策解读 of policy p, published with it
// (同步发布: the interpretation goes out the same day as the policy).
func (g *docGen) interpretation(s *slot, p genDoc, b *strings.Builder) genDoc {
	r := g.r
	short := policyName(p.title)
	title := strings.ReplaceAll(pick(r, interpretationTitles), "{P}", short)
	written := p.written.AddDays(r.IntN(max(1, p.written.DaysUntil(p.pub)+1)))
	d := genDoc{id: g.nextID, title: title, written: written, pub: p.pub, topic: p.topic,
		genre: disclosure.GenreInterpretation, kw: p.kw + " 政策解读", validity: disclosure.Valid}
	g.nextID++
	if utf8.RuneCountInString(d.title) > 200 {
		d.title = string([]rune(d.title)[:200])
	}
	v := vars{unit: s.unit.Name, place: placeOf(s.unit), year: p.written.Year, month: int(p.written.Month),
		quarter: (int(p.written.Month)-1)/3 + 1, subject: short, r: r}
	d.body = g.body(b, families["interpretation"], v, d)
	d.indexNo = g.indexNo(s.unit, p.pub.Year)
	d.late = disclosure.IsLate(g.workdays, written, p.pub)
	d.createdAt = g.at(written)
	d.publishAt = p.publishAt.Add(time.Duration(1+r.IntN(30)) * time.Minute)
	return d
}

// policyName is the name inside 《》 of a policy title, or the title.
func policyName(title string) string {
	if i := strings.Index(title, "《"); i >= 0 {
		if j := strings.Index(title[i:], "》"); j > 0 {
			return title[i+len("《") : i+j]
		}
	}
	t := strings.TrimSuffix(title, "的通知")
	if i := strings.Index(t, "关于"); i >= 0 {
		t = t[i+len("关于"):]
	}
	return t
}

func policyFamily(s *slot) bool {
	return slices.Contains(disclosure.PolicyGenres, s.col.Genre)
}

// body writes the document's HTML: an opening, paragraphs from the
// family's pool, and a signature. It is built from fixed text without
// markup characters, so it needs no sanitizing (the workflow sanitizes
// what people type; running bluemonday a million times would dominate the
// load).
func (g *docGen) body(b *strings.Builder, f *family, v vars, d genDoc) string {
	r := g.r
	b.Reset()
	b.WriteString("<p>")
	b.WriteString(v.expand(pick(r, f.openings)))
	b.WriteString("</p>")
	paras := 3 + r.IntN(5)
	// Walk the sentence pool in a random order so that a document repeats
	// a sentence only when it needs more than the pool has.
	next, step := r.IntN(len(f.sentences)), 1
	if len(f.sentences) > 2 && r.IntN(2) == 0 {
		step = len(f.sentences) - 1
	}
	for i := range paras {
		if f.articles {
			fmt.Fprintf(b, "<p>第%s条　", chineseNumber(i+1))
		} else if f.headings != nil && i < len(f.headings) {
			fmt.Fprintf(b, "<h3>%s</h3><p>", f.headings[i])
		} else {
			b.WriteString("<p>")
		}
		sentences := 2 + r.IntN(3)
		for range sentences {
			b.WriteString(v.expand(f.sentences[next]))
			next = (next + step) % len(f.sentences)
		}
		b.WriteString("</p>")
	}
	if f.closing != "" {
		b.WriteString("<p>")
		b.WriteString(v.expand(f.closing))
		b.WriteString("</p>")
	}
	fmt.Fprintf(b, `<p style="text-align:right">%s<br>%s</p>`, v.unit, d.written.Chinese())
	return b.String()
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// chineseNumber writes 1..99 in Chinese numerals (article numbers).
func chineseNumber(n int) string {
	switch {
	case n <= 10:
		return cnDigits[n]
	case n < 20:
		return "十" + cnDigits[n-10]
	case n%10 == 0:
		return cnDigits[n/10] + "十"
	}
	return cnDigits[n/10] + "十" + cnDigits[n%10]
}

// finish records the index sequences the bulk used, so that the next real
// publication continues them, moves PostgreSQL's id sequence past the
// explicit ids, and gathers the planner's statistics.
func (g *docGen) finish() error {
	ctx := g.e.Ctx
	keys := make([]seqKey, 0, len(g.seq))
	for k := range g.seq {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b seqKey) int {
		if a.unit != b.unit {
			return int(a.unit - b.unit)
		}
		return a.year - b.year
	})
	err := g.e.DB.Tx(ctx, func(tx *store.Tx) error {
		for _, k := range keys {
			if _, err := tx.Exec(ctx, `INSERT INTO index_sequences (unit_id, year, next_seq) VALUES ($1, $2, $3)
				ON CONFLICT (unit_id, year) DO UPDATE SET next_seq = excluded.next_seq`, k.unit, k.year, g.seq[k]+1); err != nil {
				return fmt.Errorf("index sequence: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if g.e.DB.Dialect() == store.Postgres {
		if _, err := g.e.DB.Exec(ctx, `SELECT setval(pg_get_serial_sequence('documents', 'id'), (SELECT MAX(id) FROM documents))`); err != nil {
			return fmt.Errorf("id sequence: %w", err)
		}
	}
	// The search index compacted, as after `gongkai reindex` (with its
	// planner statistics).
	if err := search.Optimize(ctx, g.e.DB); err != nil {
		return err
	}
	// Planner statistics, as a database in use would have them (PostgreSQL's
	// autovacuum gathers them only later): without, SQLite reads a policy's
	// interpretations by scanning every published document in date order.
	// SQLite keeps only sqlite_stat1: with sqlite_stat4 samples, every cached
	// statement whose parameters touch an index is prepared again on each
	// new binding, which cost a fifth of a document page's CPU.
	err = g.e.DB.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `ANALYZE documents`); err != nil {
			return fmt.Errorf("analyze documents: %w", err)
		}
		if tx.Dialect() == store.SQLite {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat4'`).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				if _, err := tx.Exec(ctx, `DELETE FROM sqlite_stat4`); err != nil {
					return fmt.Errorf("analyze: %w", err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s := g.stats
	g.e.Printf("文件：撤回 %d 件，失效 %d 件，废止 %d 件，政策解读 %d 件，逾期发布 %d 件 (withdrawn, expired, repealed, interpretations, late)",
		s.withdrawn, s.expired, s.repealed, s.interpretations, s.late)
	return nil
}

// workflowUnits get the workflow examples: the units with a reviewer.
var workflowUnits = []struct{ code, prefix string }{
	{codeEducation, "edu"}, {codeCivil, "mz"}, {codeQingshi, "qs"},
}

// workflowExamples are the states the examples are left in, per unit.
var workflowExamples = []disclosure.State{
	disclosure.StateDraft, disclosure.StatePendingReview, disclosure.StatePendingApproval,
	disclosure.StateReturned, disclosure.StatePublished,
}

// workflow creates the examples through disclosure.Service, each with its
// revisions and audit entries, like documents made by people.
func (g *docGen) workflow() error {
	ctx := g.e.Ctx
	svc, err := disclosure.NewService(g.e.DB, disclosure.Config{Location: g.loc, IndexPattern: g.pat.String()})
	if err != nil {
		return err
	}
	cat := catalog.NewService(g.e.DB)
	var b strings.Builder
	for _, wu := range workflowUnits {
		u, ok := g.e.ByCode[wu.code]
		if !ok {
			continue
		}
		editor, err := g.userActor(wu.prefix + ".editor")
		if err != nil {
			return err
		}
		reviewer, err := g.userActor(wu.prefix + ".reviewer")
		if err != nil {
			return err
		}
		approver, err := g.userActor(wu.prefix + ".admin")
		if err != nil {
			return err
		}
		col, err := cat.ByCode(ctx, u.ID, "tzgg")
		if err != nil {
			return fmt.Errorf("%s: column tzgg: %w", u.Code, err)
		}
		for i, st := range workflowExamples {
			t := topicFor(g.r, u)
			subject := pick(g.r, t.subjects)
			written := g.today.AddDays(-(len(workflowExamples) - i) * 2)
			v := vars{unit: u.Name, place: placeOf(u), year: written.Year, month: int(written.Month),
				quarter: (int(written.Month)-1)/3 + 1, subject: subject, r: g.r}
			f := families["notice"]
			in := disclosure.Input{
				Title: v.expand(pick(g.r, f.titles)), WrittenOn: written, Topic: t.name, ColumnID: col.ID,
				Keywords: keywords(g.r, t, subject),
			}
			in.BodyHTML = g.body(&b, f, v, genDoc{written: written})
			d, err := svc.Create(ctx, editor, u.ID, in)
			if err != nil {
				return fmt.Errorf("%s: create: %w", u.Code, err)
			}
			if st == disclosure.StateDraft {
				continue
			}
			if d, err = svc.Submit(ctx, editor, d.ID, d.Version); err != nil {
				return fmt.Errorf("%s: submit: %w", u.Code, err)
			}
			switch st {
			case disclosure.StatePendingReview:
				continue
			case disclosure.StateReturned:
				if _, err = svc.RecordReview(ctx, reviewer, d.ID, d.Version, disclosure.NotPublishable,
					"正文中公示对象的联系方式应删除后再公开，请修改后重新提交。", ""); err != nil {
					return fmt.Errorf("%s: review: %w", u.Code, err)
				}
				continue
			}
			if d, err = svc.RecordReview(ctx, reviewer, d.ID, d.Version, disclosure.Publishable,
				"经审查，不涉及国家秘密、工作秘密和个人隐私，可以公开。", ""); err != nil {
				return fmt.Errorf("%s: review: %w", u.Code, err)
			}
			if st == disclosure.StatePendingApproval {
				continue
			}
			if _, err = svc.Publish(ctx, approver, d.ID, d.Version); err != nil {
				return fmt.Errorf("%s: publish: %w", u.Code, err)
			}
		}
	}
	return nil
}

func (g *docGen) userActor(login string) (audit.Actor, error) {
	a := audit.Actor{Login: login}
	err := g.e.DB.QueryRow(g.e.Ctx, `SELECT id, unit_id FROM users WHERE login = $1`, login).Scan(&a.ID, &a.UnitID)
	if err != nil {
		return a, fmt.Errorf("user %s: %w", login, err)
	}
	return a, nil
}

// vars fill the placeholders of title and body templates: {U} the unit,
// {P} its place (青山县, 青石镇…), {Y} {M} {Q} year, month and quarter of
// writing, {S} the subject, {N} a digit from 1 to 9 (drawn each time), {K} a kind of policy
// document, {C} a company, {R} a project.
type vars struct {
	unit, place, subject  string
	year, month, quarter  int
	r                     *rand.Rand
	kind, company, projct string
}

func (v *vars) expand(t string) string {
	if !strings.Contains(t, "{") {
		return t
	}
	var b strings.Builder
	b.Grow(len(t) + 64)
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 || i+2 >= len(t) || t[i+2] != '}' {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		switch t[i+1] {
		case 'U':
			b.WriteString(v.unit)
		case 'P':
			b.WriteString(v.place)
		case 'Y':
			b.WriteString(strconv.Itoa(v.year))
		case 'M':
			b.WriteString(strconv.Itoa(v.month))
		case 'Q':
			b.WriteString(strconv.Itoa(v.quarter))
		case 'S':
			b.WriteString(v.subject)
		case 'N':
			// A fresh small number each time, so amounts and counts vary.
			b.WriteString(strconv.Itoa(1 + v.r.IntN(9)))
		case 'K':
			if v.kind == "" {
				v.kind = pick(v.r, policyKinds)
			}
			b.WriteString(v.kind)
		case 'C':
			if v.company == "" {
				v.company = pick(v.r, companies)
			}
			b.WriteString(v.company)
		case 'R':
			if v.projct == "" {
				v.projct = pick(v.r, projects)
			}
			b.WriteString(v.projct)
		default:
			b.WriteString(t[i : i+3])
		}
		t = t[i+3:]
	}
}

// placeOf is the area a unit speaks for: 青山县 for county bodies, the
// township's or village's own name otherwise.
func placeOf(u org.Unit) string {
	switch u.Type {
	case org.TypeTownship:
		return strings.TrimSuffix(u.Name, "人民政府")
	case org.TypeStreet:
		return strings.TrimSuffix(u.Name, "办事处")
	case org.TypeCommunity:
		return strings.TrimSuffix(u.Name, "居民委员会")
	case org.TypeVillage:
		return strings.TrimSuffix(u.Name, "村民委员会")
	}
	return "青山县"
}

// docNoPrefixes are the 文号 prefixes of the county's bodies (发文机关代字).
var docNoPrefixes = map[string]string{
	codeGov: "青政", codeGovOffice: "青政办", "QS002": "青发改", codeEducation: "青教", "QS004": "青公",
	codeCivil: "青民", "QS006": "青司", "QS007": "青财", "QS008": "青人社", "QS009": "青自然资",
	"QS010": "青环", "QS011": "青建", "QS012": "青交", "QS013": "青水", "QS014": "青农", "QS015": "青商",
	"QS016": "青文旅", "QS017": "青卫健", "QS018": "青退役", "QS019": "青应急", "QS020": "青审",
	"QS021": "青市监", "QS022": "青统", "QS023": "青医保", "QS024": "青林", "QS025": "青城管",
	"QS026": "青审批", "QS027": "青信", "QS028": "青振兴",
}

// docNoPrefix is the unit's 发文机关代字; "" for units that do not number
// their documents (villages, communities).
func docNoPrefix(u org.Unit) string {
	if p, ok := docNoPrefixes[u.Code]; ok {
		return p
	}
	name := []rune(placeOf(u))
	switch u.Type {
	case org.TypeTownship:
		return string(name[:2]) + "府"
	case org.TypeStreet:
		return string(name[:2]) + "办"
	case org.TypeSchool:
		return "青" + string([]rune(strings.TrimPrefix(u.Name, "青山县"))[:2])
	case org.TypeDepartment, org.TypeCountyGovernment:
		return "青" + string([]rune(strings.TrimPrefix(u.Name, "青山县"))[:1])
	}
	return ""
}

// topic is a 主题分类 with the subjects and keywords its documents draw on.
type topic struct {
	name     string
	subjects []string
	keywords []string
}

var topics = []topic{
	{"综合政务", []string{"政务公开", "优化营商环境", "“放管服”改革", "政务服务“一网通办”", "机关效能建设", "12345政务服务便民热线", "重点工作督查督办"},
		[]string{"政务公开", "营商环境", "政务服务", "督查", "效能"}},
	{"国民经济管理、国有资产监管", []string{"重大项目建设", "国民经济和社会发展计划执行", "县属国有企业改革", "招商引资", "粮食安全和物资储备", "价格监测"},
		[]string{"发展规划", "重大项目", "国有资产", "招商引资", "价格"}},
	{"财政、金融、审计", []string{"部门预算", "财政资金直达", "政府采购", "县本级预算执行审计", "惠企资金兑付", "政府债务管理"},
		[]string{"预算", "决算", "财政资金", "审计", "政府采购"}},
	{"国土资源、能源", []string{"国土空间规划", "耕地保护", "集体经营性建设用地入市", "不动产登记", "矿产资源管理", "土地征收"},
		[]string{"耕地", "土地", "不动产", "规划", "征收"}},
	{"农业、林业、水利", []string{"高标准农田建设", "耕地地力保护补贴", "森林防火", "河湖长制", "农村饮水安全", "油茶产业发展", "防汛抗旱"},
		[]string{"农业", "林业", "水利", "补贴", "防汛"}},
	{"工业、交通", []string{"农村公路养护", "城乡客运一体化", "规上工业企业培育", "道路交通安全整治", "县乡公路提质改造"},
		[]string{"交通", "公路", "工业", "客运", "运输"}},
	{"商贸、海关、旅游", []string{"电子商务进农村", "乡村旅游", "消费券发放", "农产品产销对接", "节假日旅游市场秩序"},
		[]string{"商贸", "旅游", "电商", "消费", "市场"}},
	{"市场监管、安全生产监管", []string{"食品安全抽检", "安全生产专项整治", "燃气安全排查", "特种设备安全", "“双随机、一公开”抽查", "校园食品安全"},
		[]string{"食品安全", "安全生产", "市场监管", "抽检", "燃气"}},
	{"城乡建设、环境保护", []string{"城乡居民最低生活保障标准调整", "农村人居环境整治", "老旧小区改造", "生活垃圾分类", "大气污染防治", "农村危房改造", "保障性住房"},
		[]string{"城乡建设", "环境保护", "住房", "垃圾分类", "污染防治"}},
	{"科技、教育", []string{"义务教育招生入学", "学生资助", "校外培训治理", "教师招聘", "课后服务", "学前教育普惠发展", "中小学校舍安全"},
		[]string{"教育", "招生", "资助", "教师", "学校"}},
	{"文化、广电、新闻出版", []string{"公共文化服务", "文物保护", "农家书屋", "全民阅读", "非物质文化遗产保护"},
		[]string{"文化", "文物", "阅读", "广电", "非遗"}},
	{"卫生、体育", []string{"家庭医生签约服务", "基本公共卫生服务", "城乡居民医保参保", "全民健身", "爱国卫生运动", "医疗救助"},
		[]string{"卫生", "医保", "健康", "体育", "医疗"}},
	{"劳动、人事、监察", []string{"事业单位公开招聘", "稳就业", "根治欠薪", "职业技能培训", "高校毕业生就业见习", "城乡居民养老保险"},
		[]string{"就业", "招聘", "社保", "人事", "培训"}},
	{"公安、安全、司法", []string{"道路交通违法整治", "人民调解", "法律援助", "防范电信网络诈骗", "社区矫正", "“八五”普法"},
		[]string{"公安", "司法", "调解", "普法", "反诈"}},
	{"民政、扶贫、救灾", []string{"城乡低保", "特困人员救助供养", "临时救助", "防止返贫动态监测", "养老服务补贴", "自然灾害救助", "残疾人两项补贴"},
		[]string{"民政", "低保", "救助", "养老", "救灾"}},
}

// unitTopics names the topics a county department writes about (indexes
// into topics); other units write about anything.
var unitTopics = map[string][]int{
	"QS002": {1}, codeEducation: {9}, "QS004": {13}, codeCivil: {14}, "QS006": {13}, "QS007": {2}, "QS008": {12},
	"QS009": {3}, "QS010": {8}, "QS011": {8}, "QS012": {5}, "QS013": {4}, "QS014": {4}, "QS015": {6}, "QS016": {10},
	"QS017": {11}, "QS018": {12, 14}, "QS019": {7}, "QS020": {2}, "QS021": {7}, "QS022": {1}, "QS023": {11}, "QS024": {4},
	"QS025": {8}, "QS026": {0}, "QS027": {0}, "QS028": {14, 4},
}

// grassrootsTopics are what villages and communities publish about.
var grassrootsTopics = []int{14, 14, 14, 4, 8, 12}

func topicFor(r *rand.Rand, u org.Unit) *topic {
	switch u.Type {
	case org.TypeSchool:
		return &topics[9]
	case org.TypeCommunity, org.TypeVillage:
		return &topics[grassrootsTopics[r.IntN(len(grassrootsTopics))]]
	}
	if ts := unitTopics[u.Code]; ts != nil && r.IntN(10) < 9 {
		return &topics[ts[r.IntN(len(ts))]]
	}
	return &topics[r.IntN(len(topics))]
}

// keywords are 主题词: two or three of the topic's, and the subject when short.
func keywords(r *rand.Rand, t *topic, subject string) string {
	a, b := pickTwo(r, t.keywords)
	kw := a + " " + b
	if n := utf8.RuneCountInString(subject); n <= 6 && !strings.ContainsAny(subject, "“”") {
		kw += " " + subject
	}
	return kw
}

var policyKinds = []string{"实施办法", "管理办法", "实施细则", "工作方案", "暂行规定", "实施意见", "管理规定"}

var companies = []string{"青山县恒通商贸有限公司", "青山县绿源农业开发有限公司", "青山县宏达建筑工程有限公司", "青山县鑫盛食品有限公司",
	"青山县康宁大药房", "青山县顺达物流有限公司", "青山县翠湖餐饮店", "青山县振兴建材经营部", "青山县百汇超市", "青山县安泰燃气有限公司"}

var projects = []string{"青石镇至云溪镇公路改造工程", "县城污水处理厂提标改造项目", "南湖片区老旧小区改造项目", "白沙镇高标准农田建设项目",
	"县人民医院综合楼建设项目", "文昌路学校新建工程", "松岭乡农村饮水安全巩固提升工程", "县城区智慧停车项目",
	"桃源乡乡村旅游基础设施项目", "青山县第一中学运动场改造项目"}

var withdrawReasons = []string{
	"文件内容有误，已重新发布更正后的版本。",
	"该信息涉及个人信息，经复核撤回处理。",
	"重复发布，保留原发布的文件。",
	"根据上级部门要求，该文件暂停执行，撤回公开。",
}

var interpretationTitles = []string{
	"《{P}》政策解读",
	"一图读懂《{P}》",
	"关于《{P}》的解读",
	"《{P}》政策问答",
}

// family is a kind of document: how titles and bodies read.
type family struct {
	titles, openings, sentences []string
	headings                    []string // section headings of the first paragraphs
	articles                    bool     // paragraphs are numbered articles (第一条)
	closing                     string
	docNoPct                    int      // share with a 文号, percent
	docNoSuffix                 []string // after the prefix: 发, 函, ...
}

// expirableFamily: documents of these families can become 失效 or 废止.
var expirableFamily = map[string]bool{"policy": true, "other": true, "plan": true, "list": true}

// familyOf sorts a list column into a family by its code and genre.
func familyOf(c catalog.Column) string {
	code := c.Code
	if i := strings.LastIndexByte(code, '.'); i >= 0 {
		code = code[i+1:]
	}
	switch {
	case c.Genre == "规章" || c.Genre == "行政规范性文件" || c.Code == "xwgk.zc":
		return "policy"
	case c.Genre == "工作动态":
		return "news"
	case c.Genre == "财政预决算":
		return "budget"
	case c.Genre == "统计信息":
		return "stats"
	case c.Genre == "规划计划":
		return "plan"
	case c.Genre == "人事信息":
		return "people"
	case c.Genre == "行政执法":
		return "enforcement"
	case c.Genre == "建议提案":
		return "proposal"
	case c.Genre == "村（居）务公开":
		return "village"
	case code == "qtwj" || code == "zdjc":
		return "other"
	case code == "qzqd" || code == "jgzn" || code == "szdw":
		return "list"
	case strings.HasPrefix(c.Code, "ggzy.") || code == "zdxm" || code == "cgzb":
		return "procurement"
	}
	return "notice"
}

var commonSentences = []string{
	"各有关单位要高度重视，切实加强组织领导，明确责任分工，确保各项工作落到实处。",
	"要坚持以人民为中心的发展思想，聚焦群众急难愁盼问题，不断提升{S}工作的质量和水平。",
	"{U}将会同相关部门加强监督检查，对工作推进不力、造成不良影响的，依规依纪严肃问责。",
	"要加强宣传引导，通过政府网站、政务新媒体和村（居）务公开栏等渠道，及时公开{S}相关政策和办理情况。",
	"各乡镇（街道）要结合实际细化工作措施，建立工作台账，每季度末将工作进展情况报送{U}。",
	"要严格执行资金管理规定，专款专用，任何单位和个人不得截留、挤占、挪用。",
	"要建立健全长效机制，强化部门协同和信息共享，形成工作合力。",
	"要畅通群众监督渠道，公布监督举报电话，对群众反映的问题及时核实处理并反馈结果。",
	"{Y}年以来，{P}{S}工作有序推进，各项指标总体完成较好，但仍存在基层力量薄弱、工作进展不平衡等问题。",
	"下一步，将进一步压实工作责任，细化工作举措，推动{S}各项任务落地见效。",
	"对符合条件的对象做到应保尽保、应享尽享，对不再符合条件的及时按程序办理退出。",
	"工作中要依法保护个人信息，公示内容不得包含身份证号码、银行账号等敏感信息。",
	"相关数据以统计部门和主管部门最终核定的数据为准。",
	"本年度共投入资金{N}00万元，惠及群众{N}000余人次，群众满意度进一步提升。",
}

var families = map[string]*family{
	"policy": {
		titles: []string{
			"{U}关于印发《{P}{Y}年{S}{K}》的通知",
			"{U}关于印发《{P}{S}{K}》的通知",
			"{U}关于进一步加强{S}工作的实施意见",
			"《{P}{S}{K}》",
		},
		openings: []string{
			"各乡镇人民政府、街道办事处，县直各单位：现将《{P}{S}{K}》印发给你们，请认真贯彻执行。",
			"为进一步规范{S}工作，根据有关法律、法规和上级文件精神，结合{P}实际，制定本办法。",
		},
		sentences: append([]string{
			"本办法适用于{P}行政区域内的{S}工作。",
			"{U}负责{S}工作的统筹协调和监督管理，其他有关部门按照职责分工做好相关工作。",
			"申请人应当如实提供相关材料，并对材料的真实性负责；提供虚假材料的，依法承担相应责任。",
			"审核确认工作实行“谁审核、谁负责”，审核结果在村（居）务公开栏公示，公示期为7天。",
			"本办法自印发之日起施行，有效期5年。此前规定与本办法不一致的，以本办法为准。",
			"本办法由{U}负责解释。",
		}, commonSentences...),
		articles: true, docNoPct: 100, docNoSuffix: []string{"发", "发", "规"},
	},
	"other": {
		titles: []string{
			"{U}关于做好{Y}年{S}工作的通知",
			"{U}关于开展{S}专项行动的通知",
			"{U}关于调整{S}相关事项的通知",
			"{U}关于{S}工作情况的报告",
			"{U}关于成立{S}工作领导小组的通知",
		},
		openings: []string{
			"各乡镇人民政府、街道办事处，县直各单位：为做好{Y}年{S}工作，经研究，现就有关事项通知如下。",
			"根据上级工作部署，结合{P}实际，现就{S}有关事项通知如下：",
		},
		headings:  []string{"一、总体要求", "二、主要任务", "三、工作步骤", "四、保障措施"},
		sentences: commonSentences, docNoPct: 80, docNoSuffix: []string{"发", "函", "字"},
	},
	"plan": {
		titles: []string{
			"{U}{Y}年工作要点",
			"{P}“十四五”{S}专项规划",
			"{U}关于{Y}年{S}工作计划的通知",
			"{U}{Y}年工作总结和{Y}年下半年工作安排",
		},
		openings:  []string{"{Y}年是全面贯彻落实“十四五”规划的关键之年。为扎实做好{S}各项工作，特制定本计划。"},
		headings:  []string{"一、指导思想", "二、目标任务", "三、重点工作", "四、保障措施"},
		sentences: commonSentences, docNoPct: 50, docNoSuffix: []string{"发"},
	},
	"budget": {
		titles: []string{
			"关于{U}{Y}年度部门预算的公开说明",
			"{U}{Y}年度部门决算公开",
			"{U}{Y}年度“三公”经费预算情况说明",
			"关于{Y}年度部门预算的公开说明",
			"{U}{Y}年度项目支出绩效自评报告",
		},
		openings: []string{"根据《中华人民共和国预算法》和财政部门关于预决算公开的要求，现将{U}{Y}年度预决算情况公开说明如下。"},
		headings: []string{"一、部门基本情况", "二、收支总体情况", "三、“三公”经费情况", "四、其他重要事项的情况说明"},
		sentences: []string{
			"{Y}年收入预算{N}{N}6.{N}万元，其中一般公共预算拨款{N}{N}0.5万元，比上年增长{N}.2%。",
			"支出预算主要用于基本支出和项目支出，基本支出用于保障机构正常运转，项目支出用于完成{S}等重点工作任务。",
			"“三公”经费预算{N}.6万元，比上年减少0.{N}万元，主要原因是严格落实过紧日子要求，压减公务接待支出。",
			"本部门无政府性基金预算和国有资本经营预算收支。",
			"机关运行经费{N}{N}.3万元，主要用于办公费、水电费、差旅费等日常公用经费支出。",
			"政府采购预算{N}{N}.8万元，其中货物类{N}.2万元，服务类{N}.6万元。",
			"名词解释：基本支出指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
		},
	},
	"stats": {
		titles: []string{
			"{Y}年{M}月{P}主要经济指标",
			"{Y}年第{Q}季度{P}{S}统计数据",
			"{P}{Y}年国民经济和社会发展统计公报",
			"{Y}年1—{M}月{P}经济运行情况",
		},
		openings: []string{"{Y}年以来，{P}经济运行总体平稳、稳中有进，主要指标情况如下。"},
		sentences: []string{
			"全县地区生产总值同比增长{N}.3%，其中第一产业增长3.{N}%，第二产业增长{N}.1%，第三产业增长5.{N}%。",
			"规模以上工业增加值同比增长{N}.5%，全县规模以上工业企业达到{N}{N}家。",
			"社会消费品零售总额{N}{N}.6亿元，同比增长{N}.2%。",
			"城乡居民人均可支配收入分别增长{N}.1%和{N}.6%，农村居民收入增速快于城镇居民。",
			"注：本表数据为初步统计数，最终数据以统计年鉴为准。",
		},
	},
	"news": {
		titles: []string{
			"{U}{Y}年第{Q}季度工作动态：{S}工作取得阶段性成效",
			"{U}召开{Y}年{S}工作推进会",
			"{U}扎实推进{S}工作",
			"{P}开展{S}集中宣传活动",
			"{U}主要负责同志到基层调研{S}工作",
			"{P}{S}工作获上级通报表扬",
		},
		openings: []string{
			"近日，{U}召开{S}工作推进会，总结前阶段工作，部署下一阶段任务。",
			"{Y}年{M}月{N}日，{U}组织开展{S}专题活动，相关负责同志参加。",
			"今年以来，{P}围绕{S}目标任务，多措并举、狠抓落实，各项工作取得积极进展。",
		},
		sentences: append([]string{
			"会议强调，要提高政治站位，把{S}作为当前的重点工作抓紧抓实。",
			"活动现场，工作人员向群众发放宣传资料{N}00余份，解答群众咨询{N}0余人次。",
			"调研组一行先后走访了{N}个村（社区）和企业，详细了解{S}推进情况和存在的困难。",
			"与会人员围绕{S}工作中的难点问题进行了交流讨论，提出了意见建议。",
		}, commonSentences...),
	},
	"people": {
		titles: []string{
			"{U}{Y}年公开招聘工作人员公告",
			"{U}{Y}年公开招聘拟聘用人员公示",
			"{U}拟任职干部任前公示",
			"{U}关于{Y}年度考核优秀等次人员的公示",
		},
		openings: []string{"根据《事业单位人事管理条例》和有关规定，经研究，现将有关事项公告如下。"},
		headings: []string{"一、招聘原则", "二、招聘岗位及条件", "三、报名和资格审查", "四、考试和聘用"},
		sentences: []string{
			"本次计划招聘工作人员{N}名，具体岗位、人数和条件详见附件《招聘岗位表》。",
			"报名时间为{Y}年{M}月{N}日至{M}月{N}日，采取网上报名方式，不收取报名费。",
			"公示期为5个工作日。公示期间，如对公示对象有异议，可通过来电、来信或来访等方式向{U}反映。",
			"反映问题应当实事求是，以真实姓名反映的问题将优先受理，并为反映人严格保密。",
			"聘用人员实行试用期制度，试用期满考核合格的，正式聘用。",
		},
		docNoPct: 30, docNoSuffix: []string{"人", "发"},
	},
	"enforcement": {
		titles: []string{
			"{U}行政处罚决定信息公开（{Y}年第{N}期）",
			"{U}关于{C}违法行为的行政处罚决定",
			"{U}行政许可决定公示（{Y}年{M}月）",
			"{U}{Y}年第{Q}季度行政强制执行情况",
		},
		openings: []string{"根据《中华人民共和国行政处罚法》《中华人民共和国行政许可法》有关规定，现将行政执法决定信息公开如下。"},
		sentences: []string{
			"当事人：{C}。经查，当事人存在违反有关法律法规规定的行为，事实清楚，证据确凿。",
			"依据有关规定，决定给予当事人警告，并处罚款{N}000元的行政处罚。",
			"当事人如不服本处罚决定，可在收到决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。",
			"许可事项：{S}相关许可；许可决定日期：{Y}年{M}月{N}日；有效期至{Y}年12月31日后三年。",
			"本期共作出行政许可决定{N}件，全部在法定期限内办结。",
		},
	},
	"procurement": {
		titles: []string{
			"{R}招标公告",
			"{R}中标候选人公示",
			"{U}{S}服务采购项目竞争性磋商公告",
			"{R}中标结果公告",
			"{U}关于{Y}年度政府采购意向的公开",
		},
		openings: []string{"{U}就以下项目进行公开采购，欢迎符合条件的供应商参加。"},
		headings: []string{"一、项目基本情况", "二、申请人的资格要求", "三、获取采购文件", "四、联系方式"},
		sentences: []string{
			"项目预算金额：{N}{N}0.00万元；最高限价：{N}{N}0.00万元。",
			"本项目不接受联合体投标，供应商须具有独立承担民事责任的能力。",
			"中标供应商：{C}，中标金额：{N}{N}6.50万元。",
			"公示期为3个工作日，各有关当事人对公示结果有异议的，可在公示期内以书面形式提出质疑。",
			"采购人：{U}，地址：{P}，联系人：王工，联系电话：0798-6{N}{N}{N}{N}。",
		},
	},
	"proposal": {
		titles: []string{
			"关于县第十八届人大{Q}次会议第{N}号建议的答复",
			"对县政协第十二届{Q}次会议第{N}号提案的答复",
			"{U}{Y}年人大代表建议和政协提案办理情况",
		},
		openings: []string{"您提出的关于加强{S}的建议（提案）收悉。经认真研究，现答复如下。"},
		sentences: append([]string{
			"感谢您对{S}工作的关心和支持，欢迎继续提出宝贵意见建议。",
			"{Y}年共承办人大代表建议{N}件、政协提案{N}件，均已按时办结，满意和基本满意率100%。",
		}, commonSentences...),
	},
	"village": {
		titles: []string{
			"{P}{Y}年{M}月财务收支情况公开",
			"{P}{Y}年第{Q}季度党务公开",
			"{P}关于{S}对象的公示",
			"{P}{Y}年第{Q}季度村（居）务公开",
			"{P}集体资产资源承包经营情况公示",
			"{P}“四议两公开”决议事项公开",
		},
		openings: []string{"根据村（居）务公开有关规定，现将{P}有关情况公开如下，接受群众监督。"},
		sentences: []string{
			"本月收入{N}.{N}万元，支出{N}.{N}万元，月末结余{N}{N}.{N}万元，明细见公开栏。",
			"经户主申请、入户调查、民主评议，拟确定{S}对象{N}户，现予公示，公示期7天。",
			"如有异议，请于公示期内向村（居）务监督委员会反映，监督电话见公开栏。",
			"本季度召开村（居）民代表会议{Q}次，议定事项均已按程序公开。",
			"集体经营性收入{N}.{N}万元，主要来源于资源发包和物业出租。",
		},
	},
	"list": {
		titles: []string{
			"{U}权责清单（{Y}年版）",
			"{U}机构职能",
			"{U}{Y}年度公共服务事项清单",
			"{U}内设机构及职责",
		},
		openings: []string{"根据机构改革和职能调整情况，现将{U}有关情况公布如下。"},
		sentences: []string{
			"职权类别：行政许可；职权名称：{S}相关事项审批；实施依据：有关法律法规规章。",
			"责任事项：受理阶段责任、审查阶段责任、决定阶段责任、事后监管责任。",
			"办公地址：{P}；办公时间：工作日上午8:30—12:00，下午14:30—17:30。",
			"主要职责：贯彻执行国家和省、市关于{S}的方针政策和法律法规，拟订全县相关政策措施并组织实施。",
		},
	},
	"notice": {
		titles: []string{
			"{U}关于{S}的公告",
			"{U}关于{Y}年{S}对象名单的公示",
			"{P}{Y}年第{Q}季度{S}资金发放情况公示",
			"{U}关于{S}有关事项的通告",
			"{U}关于征求《{P}{S}{K}（征求意见稿）》意见的公告",
		},
		openings: []string{
			"根据有关规定，现将{S}有关情况予以公示（公告），接受社会监督。",
			"为做好{S}工作，保障群众合法权益，现将有关事项公告如下。",
		},
		sentences: append([]string{
			"公示期为{Y}年{M}月{N}日至{M}月{N}日。公示期间，如有异议，请以书面形式向{U}反映。",
			"本季度共发放{S}资金{N}{N}.{N}万元，惠及{N}{N}0户，资金已通过“一卡通”直接发放到户。",
			"联系电话：0798-6{N}{N}{N}{N}{N}；通信地址：{P}。",
		}, commonSentences...),
		docNoPct: 15, docNoSuffix: []string{"告", "发"},
	},
	"interpretation": {
		openings: []string{"为便于社会公众理解《{S}》的主要内容，现就有关问题解读如下。"},
		headings: []string{"一、出台背景", "二、主要内容", "三、适用范围和对象", "四、解读机关及联系方式"},
		sentences: []string{
			"制定本文件，是贯彻落实上级决策部署、回应群众关切的重要举措。",
			"文件共分{N}个部分，明确了工作目标、适用范围、实施程序和保障措施。",
			"与原有规定相比，本文件进一步简化了办理流程，申请材料由{N}项精简为{Q}项，办理时限压缩一半以上。",
			"文件适用于本行政区域内符合条件的单位和个人，具体认定条件以文件规定为准。",
			"解读机关：{U}；解读人：文件起草科室负责人；联系电话：0798-6{N}{N}{N}{N}{N}。",
			"群众对文件执行中有疑问的，可拨打12345政务服务便民热线咨询。",
		},
	},
}
