package disclosure

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

type env struct {
	t        *testing.T
	ctx      context.Context
	db       *store.DB
	s        *Service
	unit     org.Unit
	other    org.Unit
	col      int64 // list column of unit, genre 其他文件
	policy   int64 // list column of unit, genre 行政规范性文件
	page     int64 // page column of unit
	otherCol int64 // list column of other
	editor   audit.Actor
	reviewer audit.Actor
	approver audit.Actor
	today    civil.Date
}

func newEnv(t *testing.T, db *store.DB, cfg Config) *env {
	t.Helper()
	ctx := context.Background()
	if cfg.Location == nil {
		cfg.Location = shanghai
	}
	s, err := NewService(db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	orgs := org.NewService(db)
	e := &env{t: t, ctx: ctx, db: db, s: s, today: civil.Today(cfg.Location)}
	e.unit, err = orgs.Create(ctx, audit.System, org.Input{Code: "11331002002673436R", Name: "青山县人民政府办公室", Type: org.TypeDepartment})
	if err != nil {
		t.Fatal(err)
	}
	e.other, err = orgs.Create(ctx, audit.System, org.Input{Code: "OTHER01", Name: "青山县教育局", Type: org.TypeDepartment})
	if err != nil {
		t.Fatal(err)
	}
	e.col = e.column(e.unit.ID, "qtwj", "其他文件", "list", "其他文件")
	e.policy = e.column(e.unit.ID, "gfxwj", "行政规范性文件", "list", "行政规范性文件")
	e.page = e.column(e.unit.ID, "guide", "政府信息公开指南", "page", "")
	e.otherCol = e.column(e.other.ID, "qtwj", "其他文件", "list", "其他文件")
	e.editor = e.user("editor", e.unit.ID)
	e.reviewer = e.user("reviewer", e.unit.ID)
	e.approver = e.user("approver", e.unit.ID)
	return e
}

func (e *env) column(unitID int64, code, name, kind, genre string) int64 {
	e.t.Helper()
	var id int64
	now := store.Now()
	err := e.db.Tx(e.ctx, func(tx *store.Tx) error {
		return tx.QueryRow(e.ctx, `INSERT INTO catalog_columns (unit_id, code, name, kind, genre, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, unitID, code, name, kind, genre, now).Scan(&id)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) user(login string, unitID int64) audit.Actor {
	e.t.Helper()
	var id int64
	now := store.Now()
	err := e.db.Tx(e.ctx, func(tx *store.Tx) error {
		return tx.QueryRow(e.ctx, `INSERT INTO users (login, name, unit_id, role, password_hash, created_at, updated_at)
			VALUES ($1, $1, $2, 'editor', 'x', $3, $3) RETURNING id`, login, unitID, now).Scan(&id)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return audit.Actor{ID: id, Login: login, UnitID: unitID}
}

func (e *env) input(title string) Input {
	return Input{Title: title, WrittenOn: e.today.AddDays(-1), ColumnID: e.col, BodyHTML: "<p>正文</p>"}
}

func (e *env) create(in Input) Document {
	e.t.Helper()
	d, err := e.s.Create(e.ctx, e.editor, e.unit.ID, in)
	if err != nil {
		e.t.Fatalf("create %q: %v", in.Title, err)
	}
	return d
}

// approve takes a draft to pending approval.
func (e *env) approve(d Document) Document {
	e.t.Helper()
	d, err := e.s.Submit(e.ctx, e.editor, d.ID, d.Version)
	if err != nil {
		e.t.Fatalf("submit: %v", err)
	}
	d, err = e.s.RecordReview(e.ctx, e.reviewer, d.ID, d.Version, Publishable, "", "")
	if err != nil {
		e.t.Fatalf("review: %v", err)
	}
	return d
}

func (e *env) publishNew(in Input) Document {
	e.t.Helper()
	d := e.approve(e.create(in))
	d, err := e.s.Publish(e.ctx, e.approver, d.ID, d.Version)
	if err != nil {
		e.t.Fatalf("publish: %v", err)
	}
	return d
}

func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.db.QueryRow(e.ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// counts are the rows a change writes; a refused change leaves them all.
func (e *env) counts() string {
	return fmt.Sprintf("documents=%d revisions=%d audit=%d attachments=%d reviews=%d", e.count("documents"),
		e.count("document_revisions"), e.count("audit_log"), e.count("attachments"), e.count("confidentiality_reviews"))
}

// idNumber completes a 17-digit prefix with its GB 11643 check character.
func idNumber(prefix string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range prefix {
		sum += int(c-'0') * w[i]
	}
	return prefix + string("10X98765432"[sum%11])
}

// docx builds a minimal DOCX holding paragraphs.
func docx(t testing.TB, paras ...string) []byte {
	t.Helper()
	var body strings.Builder
	for _, p := range paras {
		body.WriteString(`<w:p><w:r><w:t>` + p + `</w:t></w:r></w:p>`)
	}
	return zipOf(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			body.String() + `</w:body></w:document>`,
	})
}

func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"mimetype", "[Content_Types].xml"} {
		if c, ok := files[name]; ok {
			w, _ := zw.Create(name)
			w.Write([]byte(c))
		}
	}
	for name, c := range files {
		if name == "mimetype" || name == "[Content_Types].xml" {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(c))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var pngData = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
