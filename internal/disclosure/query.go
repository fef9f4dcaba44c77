package disclosure

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/civil"
	"gongkai/internal/store"
)

// The dates and instants are read through COALESCE(…, NULL): PostgreSQL
// returns them as before (a date, a timestamp), but SQLite returns the
// stored text instead of the driver parsing it as a time, which tries up
// to eight layouts, the failures allocating, for every date of every row
// (a third of the allocations of a document page). civil.Date reads the
// text; dbTime parses an instant with the layout the store writes first.
const docColsNoBody = `d.id, d.unit_id, d.column_id, d.title, d.doc_no, d.publisher,
	COALESCE(d.written_on, NULL), COALESCE(d.published_on, NULL),
	d.topic, d.genre, d.keywords, d.validity, COALESCE(d.validity_on, NULL), d.index_no, d.state, d.state_reason,
	d.interprets_id, d.late, d.imported, d.version, d.created_by, d.updated_by,
	COALESCE(d.created_at, NULL), COALESCE(d.updated_at, NULL), COALESCE(d.published_at, NULL)`

const docCols = docColsNoBody + `, d.body_html`

func scanDoc(sc interface{ Scan(...any) error }, withBody bool) (Document, error) {
	var d Document
	var indexNo sql.NullString
	var interprets, createdBy, updatedBy sql.NullInt64
	dest := []any{&d.ID, &d.UnitID, &d.ColumnID, &d.Title, &d.DocNo, &d.Publisher, &d.WrittenOn, &d.PublishedOn,
		&d.Topic, &d.Genre, &d.Keywords, &d.Validity, &d.ValidityOn, &indexNo, &d.State, &d.StateReason,
		&interprets, &d.Late, &d.Imported, &d.Version, &createdBy, &updatedBy,
		dbTime{&d.CreatedAt}, dbTime{&d.UpdatedAt}, dbTime{&d.PublishedAt}}
	if withBody {
		dest = append(dest, &d.BodyHTML)
	}
	if err := sc.Scan(dest...); err != nil {
		return Document{}, err
	}
	d.IndexNo, d.Interprets, d.CreatedBy, d.UpdatedBy = indexNo.String, interprets.Int64, createdBy.Int64, updatedBy.Int64
	return d, nil
}

// dbTime scans an instant into t, in UTC: a time (PostgreSQL), the stored
// text (SQLite, see docColsNoBody) or NULL (the zero time).
type dbTime struct{ t *time.Time }

func (d dbTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.t = time.Time{}
	case time.Time:
		*d.t = v.UTC()
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	default:
		return fmt.Errorf("time: cannot scan %T", src)
	}
	return nil
}

// storedTimeLayouts are the layouts SQLite's driver reads a time column
// in, the one it writes (_time_format=sqlite) first.
var storedTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

func (d dbTime) parse(s string) error {
	ts := strings.TrimSuffix(s, "Z") // without a zone, the layouts read UTC
	for _, l := range storedTimeLayouts {
		if t, err := time.Parse(l, ts); err == nil {
			*d.t = t.UTC()
			return nil
		}
	}
	// What time.Time.String writes, as the driver also accepts it.
	ts = strings.TrimSpace(s)
	if i := strings.Index(ts, " m="); i > 0 {
		ts = ts[:i]
	}
	t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", ts)
	if err != nil {
		return fmt.Errorf("time: cannot parse %q", s)
	}
	*d.t = t.UTC()
	return nil
}

// getDoc reads one document (without attachments) through q.
func getDoc(ctx context.Context, q store.Querier, cond string, arg any) (Document, error) {
	d, err := scanDoc(q.QueryRow(ctx, `SELECT `+docCols+` FROM documents d WHERE `+cond, arg), true)
	if err != nil {
		return Document{}, fmt.Errorf("document %v: %w", arg, err)
	}
	return d, nil
}

func (s *Service) withAttachments(ctx context.Context, d Document, err error) (Document, error) {
	if err != nil {
		return Document{}, err
	}
	d.Attachments, err = listAttachments(ctx, s.db, d.ID)
	if err != nil {
		return Document{}, err
	}
	return d, nil
}

// Get returns the document with its attachments, or store.ErrNotFound.
func (s *Service) Get(ctx context.Context, id int64) (Document, error) {
	d, err := getDoc(ctx, s.db, `d.id = $1`, id)
	return s.withAttachments(ctx, d, err)
}

// GetByIndexNo returns the document with 索引号 indexNo and its attachments.
func (s *Service) GetByIndexNo(ctx context.Context, indexNo string) (Document, error) {
	d, err := getDoc(ctx, s.db, `d.index_no = $1`, strings.TrimSpace(indexNo))
	return s.withAttachments(ctx, d, err)
}

// PublicGet returns a document the public may see: published, or withdrawn
// (check IsWithdrawn and show the withdrawal notice). Anything else is
// store.ErrNotFound.
func (s *Service) PublicGet(ctx context.Context, id int64) (Document, error) {
	d, err := getDoc(ctx, s.db, `d.id = $1 AND d.state IN ('published', 'withdrawn')`, id)
	return s.withAttachments(ctx, d, err)
}

// PublicByIndexNo is PublicGet by 索引号: a published 索引号 never becomes a
// 404, a withdrawn document comes back flagged (IsWithdrawn).
func (s *Service) PublicByIndexNo(ctx context.Context, indexNo string) (Document, error) {
	d, err := getDoc(ctx, s.db, `d.index_no = $1 AND d.state IN ('published', 'withdrawn')`, strings.TrimSpace(indexNo))
	return s.withAttachments(ctx, d, err)
}

// Order sorts List results.
type Order string

const (
	// OrderPublished: newest publication first (published_on DESC, id DESC).
	OrderPublished Order = "published"
	// OrderUpdated: last changed first (updated_at DESC, id DESC), for the back office.
	OrderUpdated Order = "updated"
)

// Filter narrows List. Zero fields do not filter.
type Filter struct {
	UnitID    int64
	UnderPath string // the unit with this path and the units below it ("/1/4/")
	ColumnID  int64
	States    []State
	Year      int // publication year
	Topic     string
	Validity  Validity
	Genre     string
	Query     string // title contains
	// PublishedOnly lists what the portal lists: published, not withdrawn.
	PublishedOnly bool
	Limit         int // default 20, at most 1000
	Offset        int
	// Order defaults to OrderPublished with PublishedOnly, else OrderUpdated.
	Order Order
	// WithBody fills BodyHTML (feeds); listings leave it empty.
	WithBody bool
	// SkipTotal skips counting (total is -1): for feeds and big listings
	// that only need a page.
	SkipTotal bool
}

// MaxLimit bounds Filter.Limit.
const MaxLimit = 1000

// deepOffset is where List starts to skip rows in a subquery (a variable
// for tests).
var deepOffset = 200

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// List returns one page of matching documents (without attachments) and the
// number of all matches.
func (s *Service) List(ctx context.Context, f Filter) ([]Document, int, error) {
	var where []string
	var args []any
	add := func(cond string, vals ...any) {
		for _, v := range vals {
			args = append(args, v)
			cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1)
		}
		where = append(where, cond)
	}
	if f.UnitID != 0 {
		add("d.unit_id = ?", f.UnitID)
	}
	if f.UnderPath != "" {
		add("d.unit_id IN (SELECT id FROM units WHERE path LIKE ? ESCAPE '\\')", likeEscape(f.UnderPath)+"%")
	}
	if f.ColumnID != 0 {
		add("d.column_id = ?", f.ColumnID)
	}
	if f.PublishedOnly {
		add("d.state = ?", string(StatePublished))
	} else if len(f.States) > 0 {
		ph := make([]string, len(f.States))
		vals := make([]any, len(f.States))
		for i, st := range f.States {
			ph[i], vals[i] = "?", string(st)
		}
		add("d.state IN ("+strings.Join(ph, ", ")+")", vals...)
	}
	if f.Year != 0 {
		add("d.published_on >= ? AND d.published_on < ?", civil.D(f.Year, 1, 1), civil.D(f.Year+1, 1, 1))
	}
	if f.Topic != "" {
		add("d.topic = ?", f.Topic)
	}
	if f.Validity != "" {
		add("d.validity = ?", string(f.Validity))
	}
	if f.Genre != "" {
		add("d.genre = ?", f.Genre)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		add("d.title LIKE ? ESCAPE '\\'", "%"+likeEscape(q)+"%")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	total := -1
	if !f.SkipTotal {
		if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM documents d`+cond, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("documents: count: %w", err)
		}
	}
	order := f.Order
	if order == "" {
		order = OrderUpdated
		if f.PublishedOnly {
			order = OrderPublished
		}
	}
	orderBy := " ORDER BY d.updated_at DESC, d.id DESC"
	if order == OrderPublished {
		orderBy = " ORDER BY d.published_on DESC, d.id DESC"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, MaxLimit)
	cols := docColsNoBody
	if f.WithBody {
		cols = docCols
	}
	page := ` LIMIT ` + strconv.Itoa(limit) + ` OFFSET ` + strconv.Itoa(max(f.Offset, 0))
	q := `SELECT ` + cols + ` FROM documents d` + cond + orderBy + page
	if f.Offset >= deepOffset {
		// Deep pages: skip the rows on the index alone, then read the page's
		// rows. Skipping in the outer query costs a deferred row lookup per
		// skipped row (a third more with thousands of them).
		q = `SELECT ` + cols + ` FROM documents d WHERE d.id IN (SELECT d.id FROM documents d` + cond + orderBy + page + `)` + orderBy
	}
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("documents: list: %w", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := scanDoc(rows, f.WithBody)
		if err != nil {
			return nil, 0, fmt.Errorf("documents: list: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("documents: list: %w", err)
	}
	return out, total, nil
}

func (s *Service) queryDocs(ctx context.Context, q string, args ...any) ([]Document, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := scanDoc(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// PoliciesWithoutInterpretation returns the published, valid policies
// (genre 规章 or 行政规范性文件) of the units under underPath ("" = all)
// that no published interpretation points at, newest first.
func (s *Service) PoliciesWithoutInterpretation(ctx context.Context, underPath string) ([]Document, error) {
	q := `SELECT ` + docColsNoBody + ` FROM documents d
		WHERE d.state = 'published' AND d.validity = 'valid' AND d.genre IN ($1, $2)
		AND NOT EXISTS (SELECT 1 FROM documents i WHERE i.interprets_id = d.id AND i.state = 'published')`
	args := []any{PolicyGenres[0], PolicyGenres[1]}
	if underPath != "" {
		q += ` AND d.unit_id IN (SELECT id FROM units WHERE path LIKE $3 ESCAPE '\')`
		args = append(args, likeEscape(underPath)+"%")
	}
	out, err := s.queryDocs(ctx, q+` ORDER BY d.published_on DESC, d.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("policies without interpretation: %w", err)
	}
	return out, nil
}

// InterpretationsOf returns the published interpretations of a policy,
// oldest first.
func (s *Service) InterpretationsOf(ctx context.Context, policyID int64) ([]Document, error) {
	out, err := s.queryDocs(ctx, `SELECT `+docColsNoBody+` FROM documents d
		WHERE d.interprets_id = $1 AND d.state = 'published' ORDER BY d.published_on, d.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("interpretations of %d: %w", policyID, err)
	}
	return out, nil
}

// PageView is what the public document page shows: the document (as
// PublicGet returns it), its published interpretations (oldest first) and,
// for an interpretation, the policy it explains.
//
// It holds only what the page shows. Doc lacks the workflow's fields
// (Version, Late, Imported, CreatedBy, UpdatedBy, CreatedAt, PublishedAt);
// the interpretations and the policy have ID, Title, State, PublishedOn and
// UpdatedAt (the page's Last-Modified counts them).
type PageView struct {
	Doc             Document
	Interpretations []Document
	Policy          *Document // nil unless Doc interprets a published or withdrawn document
}

// PublicPage reads the public page of document id, or store.ErrNotFound
// (drafts included). One query reads the document, the policy it
// interprets, and whether it has attachments and interpretations; those are
// read only when there are some, so most pages cost a single query.
func (s *Service) PublicPage(ctx context.Context, id int64) (PageView, error) {
	return s.publicPage(ctx, `d.id = $1`, id)
}

// PublicPageByIndexNo is PublicPage by 索引号 (see PublicByIndexNo).
func (s *Service) PublicPageByIndexNo(ctx context.Context, indexNo string) (PageView, error) {
	return s.publicPage(ctx, `d.index_no = $1`, strings.TrimSpace(indexNo))
}

func (s *Service) publicPage(ctx context.Context, cond string, arg any) (PageView, error) {
	var v PageView
	d := &v.Doc
	var indexNo, polTitle, polState sql.NullString
	var interprets, polID sql.NullInt64
	var polPublished civil.Date
	var hasAtt, hasInterp bool
	var polUpdated time.Time
	// COALESCE(…, NULL): see docColsNoBody.
	err := s.db.QueryRow(ctx, `SELECT d.id, d.unit_id, d.column_id, d.title, d.doc_no, d.publisher,
		COALESCE(d.written_on, NULL), COALESCE(d.published_on, NULL), d.topic, d.genre, d.keywords, d.validity,
		COALESCE(d.validity_on, NULL), d.index_no, d.state, d.state_reason, d.interprets_id,
		COALESCE(d.updated_at, NULL), d.body_html,
		p.id, p.title, p.state, COALESCE(p.published_on, NULL), COALESCE(p.updated_at, NULL),
		EXISTS (SELECT 1 FROM attachments a WHERE a.document_id = d.id),
		EXISTS (SELECT 1 FROM documents i WHERE i.interprets_id = d.id AND i.state = 'published')
		FROM documents d
		LEFT JOIN documents p ON p.id = d.interprets_id AND p.state IN ('published', 'withdrawn')
		WHERE `+cond+` AND d.state IN ('published', 'withdrawn')`, arg).Scan(
		&d.ID, &d.UnitID, &d.ColumnID, &d.Title, &d.DocNo, &d.Publisher, &d.WrittenOn,
		&d.PublishedOn, &d.Topic, &d.Genre, &d.Keywords, &d.Validity, &d.ValidityOn, &indexNo, &d.State,
		&d.StateReason, &interprets, dbTime{&d.UpdatedAt}, &d.BodyHTML,
		&polID, &polTitle, &polState, &polPublished, dbTime{&polUpdated},
		&hasAtt, &hasInterp)
	if err != nil {
		return PageView{}, fmt.Errorf("document %v: %w", arg, err)
	}
	d.IndexNo, d.Interprets = indexNo.String, interprets.Int64
	if polID.Valid {
		v.Policy = &Document{ID: polID.Int64, Title: polTitle.String, State: State(polState.String),
			PublishedOn: polPublished, UpdatedAt: polUpdated}
	}
	if hasAtt {
		if d.Attachments, err = listAttachments(ctx, s.db, d.ID); err != nil {
			return PageView{}, err
		}
	}
	if hasInterp {
		if v.Interpretations, err = s.publicInterpretations(ctx, d.ID); err != nil {
			return PageView{}, err
		}
	}
	return v, nil
}

// publicInterpretations is InterpretationsOf with what the public page
// shows of each (see PageView).
func (s *Service) publicInterpretations(ctx context.Context, policyID int64) ([]Document, error) {
	rows, err := s.db.Query(ctx, `SELECT d.id, d.title, COALESCE(d.published_on, NULL), COALESCE(d.updated_at, NULL)
		FROM documents d WHERE d.interprets_id = $1 AND d.state = 'published' ORDER BY d.published_on, d.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("interpretations of %d: %w", policyID, err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d := Document{State: StatePublished, Interprets: policyID}
		if err := rows.Scan(&d.ID, &d.Title, &d.PublishedOn, dbTime{&d.UpdatedAt}); err != nil {
			return nil, fmt.Errorf("interpretations of %d: %w", policyID, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("interpretations of %d: %w", policyID, err)
	}
	return out, nil
}

// PublicHeader is PublicGet without the body and the attachments: what a
// page linking to the document needs (its title, state and dates).
func (s *Service) PublicHeader(ctx context.Context, id int64) (Document, error) {
	d, err := scanDoc(s.db.QueryRow(ctx, `SELECT `+docColsNoBody+` FROM documents d
		WHERE d.id = $1 AND d.state IN ('published', 'withdrawn')`, id), false)
	if err != nil {
		return Document{}, fmt.Errorf("document %v: %w", id, err)
	}
	return d, nil
}
